"""Bytes of a document to text, shared by the readers (ingest) and the fetcher (fetch): one decoder, so a page read
from a file, a WARC record or the web comes out the same.

    decode_html(data, charset=None) -> str        markup as text; ValueError for binary or empty content
    decode(data, *, declared=None) -> (text, encoding)   any document (text, JSON, HTML); ValueError likewise
    declared_charset(head) / charset_codec(name) / binary_kind(head) / utf16_guess(data) / looks_like_html(text)

Decoding order (`decode`): magic bytes (binary formats are refused, never decompressed) -> byte-order mark ->
UTF-16 without a mark (NUL bytes at alternate positions) -> any other NUL byte means binary (an HTML page with a few
stray NULs is read without them) -> UTF-8 strict -> UTF-8 with a few stray non-UTF-8 bytes (read as cp1252) ->
the charsets given or declared (an HTTP or WARC Content-Type, then the page's <meta charset> or <?xml encoding>) ->
cp1252 when the bytes read as plausible Western text -> charset detection (charset-normalizer) -> cp1252 with
latin-1 for its five undefined bytes. A decoded text that is still mostly control characters is refused as binary.
Newlines come out as "\n", without a leading byte-order mark.

UTF-8 is tried before a declared charset on purpose: a server that labels UTF-8 pages ISO-8859-1 is common, cp1252
text that is valid UTF-8 is not ("Ã©" is not something people write). A charset name Python does not know is
ignored (as browsers ignore an unknown label); latin-1 and ASCII are read as cp1252 (as browsers read them).
cp1252 is tried before charset detection on purpose: measured here, charset-normalizer 3.5.2 calls latin-1 German
and French text "cp1250" (giving "naďve", "seńor") and a short cp1252 sentence "big5". It is kept for text that
cannot be Western (long runs of non-ASCII letters: Cyrillic, Greek, Japanese, Chinese in legacy code pages).
Stdlib only (charset-normalizer is imported on first use).
"""
from __future__ import annotations

import codecs
import re
from typing import Sequence

# (prefix, what it is); checked against the first bytes of every input that is not a .warc.gz
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office document"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"\x00asm", "WebAssembly module"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_RIFF = re.compile(rb"RIFF....(WEBP|WAVE|AVI )", re.S)
_FTYP = re.compile(rb"....ftyp", re.S)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of control characters (other than tab, newline, carriage return, form feed) above which a decoded text is
# taken for binary. Real text has none; random bytes decoded as cp1252 have about 13 %.
CONTROL_RATIO_MAX = 0.01
# Share of non-ASCII letters above which bytes cannot be Western text read as cp1252 (German ~2 %, French ~4 %,
# a Cyrillic or Greek text misread as cp1252 ~100 %).
WESTERN_NONASCII_MAX = 0.3
# UTF-16 without a mark: share of NUL bytes in the high half of each code unit (ASCII-heavy text: ~100 %).
UTF16_NUL_MIN = 0.3
UTF16_MIN_UNITS = 8  # code units (16 bytes) below which the NULs' places say nothing of the encoding
# An HTML page with at most this share of NUL bytes is read with them dropped (binary data has about 0.4 %).
STRAY_NUL_MAX = 0.001
SNIFF_BYTES = 65536
WESTERN_SAMPLE = 200_000
# UTF-8 with a few stray bytes (a cp1252 quote pasted into a UTF-8 page) is read as UTF-8, the stray bytes as
# cp1252, when valid multi-byte characters outnumber the stray bytes twice and these are at most this share of
# all bytes. (cp1252 text almost never holds valid UTF-8 sequences: "Ã©" is not something people write.)
STRAY_BYTES_MAX = 0.05

_NONASCII_RUN = re.compile(r"[^\x00-\x7f]{4,}")
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
                       rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.I)
_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->)*(?:<\?xml[^>]*>\s*)?"
                         r"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I | re.S)



def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", "storyweave-latin1"), exc.end


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few bytes that are not UTF-8 (read as cp1252), or None when it is not mostly UTF-8."""
    valid = data.decode("utf-8", "ignore")
    stray = len(data) - len(valid.encode("utf-8"))
    if stray > STRAY_BYTES_MAX * len(data):
        return None
    multibyte = sum(1 for ch in valid[:WESTERN_SAMPLE] if ch > "\x7f")
    if multibyte < 2 * stray:
        return None
    return data.decode("utf-8", "storyweave-cp1252")


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("storyweave-latin1", _latin1_fallback)
codecs.register_error("storyweave-cp1252", _cp1252_fallback)


# ---------------------------------------------------------------- sniffing and decoding


def binary_kind(head: bytes) -> str | None:
    """What binary format `head` (the first bytes of a file) starts with, or None."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if _BZIP2.match(head):
        return "bzip2-compressed data"
    m = _RIFF.match(head)
    if m:
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[m.group(1)]
    if _FTYP.match(head):
        return "MP4/QuickTime/HEIF media"
    return None


def utf16_guess(data: bytes) -> str | None:
    """utf-16-le / utf-16-be for ASCII-heavy UTF-16 without a byte-order mark, judged by where the NULs are."""
    sample = data[:SNIFF_BYTES]
    half = len(sample) // 2
    if half < UTF16_MIN_UNITS:  # too few units to tell: b"\n\x00\n!" is a blank line, a NUL and "!" as well
        return None
    even = sample[0::2].count(0) / half  # high bytes of big-endian units
    odd = sample[1::2].count(0) / half  # high bytes of little-endian units
    if odd >= UTF16_NUL_MIN and even <= 0.05 and _newlines_are_units(sample, 0):
        return "utf-16-le"
    if even >= UTF16_NUL_MIN and odd <= 0.05 and _newlines_are_units(sample, 1):
        return "utf-16-be"
    return None


def _newlines_are_units(sample: bytes, low: int) -> bool:
    """Every line feed byte of the sample is a whole UTF-16 unit (0A 00 little-endian, 00 0A big-endian): a line
    feed between two bytes of other units means the text is not UTF-16 ("\n\x00\n!" is three lines of bytes)."""
    for k in (i for i, b in enumerate(sample) if b == 0x0A):
        unit = k - (k % 2)
        if k % 2 != low or sample[unit:unit + 2] != (b"\n\x00" if low == 0 else b"\x00\n"):
            return False
    return True


def _stray_nuls(data: bytes) -> bool:
    """True when the bytes are an HTML page holding a few NUL bytes (at most STRAY_NUL_MAX of them; random or binary
    data has about 1 in 256), which browsers skip: trafilatura-eval page 0755 has 22 in 195 KB."""
    return data.count(0) <= STRAY_NUL_MAX * len(data) and looks_like_html(data[:4096].decode("latin-1"))


def _control_ratio(text: str) -> float:
    sample = text[:SNIFF_BYTES]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v" or "\x7f" <= ch <= "\x9f")
    return bad / len(sample)


def _western_plausible(text: str) -> bool:
    text = text[:WESTERN_SAMPLE]
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return True
    nonascii = sum(1 for ch in text if ch.isalpha() and ord(ch) > 0x7F)
    if nonascii / letters > WESTERN_NONASCII_MAX:
        return False
    return len(_NONASCII_RUN.findall(text)) <= max(1, len(text) // 2000)


def charset_codec(name: str | None) -> str | None:
    """Python's codec for a charset label ("ISO-8859-1", "utf8", "Shift_JIS"), or None when Python does not know
    it; latin-1 and ASCII become cp1252, as browsers read them."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower()).name
    except (LookupError, ValueError):  # ValueError: a label with a NUL in it
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes, if Python knows it."""
    m = _DECLARED.search(head[:4096])
    if not m:
        return None
    codec = charset_codec((m.group(1) or m.group(2)).decode("ascii", "replace"))
    if codec is None or codec.startswith(("utf-16", "utf-32")):  # a byte-order mark or NULs would have shown it
        return None
    return codec


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.chaos > 0.5:
        return None
    return best.encoding


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Markup as text (`decode`): byte-order mark, NUL bytes, UTF-8, then `charset` (the one an HTTP or WARC
    Content-Type gives; ignored when Python does not know it), then the one the page declares (<meta charset>,
    <?xml encoding>), then cp1252 and detection. ValueError with a reason for binary or empty content."""
    given = charset_codec(charset)
    declared = declared_charset(data)
    return decode(data, declared=tuple(dict.fromkeys(c for c in (given, declared) if c)))[0]


def decode(data: bytes, *, declared: str | Sequence[str] | None = None) -> tuple[str, str]:
    """(text, encoding) for the bytes of one document; `declared`: the charset (or charsets, in order) the document
    or its transport declares, tried after UTF-8. ValueError with a reason for binary or empty content."""
    if not data:
        raise ValueError("empty file (0 bytes)")
    kind = binary_kind(data[:64])
    if kind:
        raise ValueError(f"binary content ({kind}), not text")
    text: str | None = None
    encoding = ""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data[len(bom):].decode(codec), codec
            except UnicodeDecodeError as exc:
                # a few broken units (a lone surrogate, an odd last byte) are replaced; more means it is not text
                text = data[len(bom):].decode(codec, "replace")
                if text.count("\ufffd") > STRAY_BYTES_MAX * len(text):
                    raise ValueError(f"invalid {codec.upper()} text after its byte-order mark ({exc.reason})") from exc
                encoding = codec
            break
    if text is None and b"\x00" in data and utf16_guess(data) is None and _stray_nuls(data):
        data = data.replace(b"\x00", b"")  # a page with a few NUL bytes pasted in is still a page
    if text is None and b"\x00" in data:
        guess = utf16_guess(data)
        if guess is None:
            raise ValueError("binary content (NUL bytes), not text")
        try:
            text, encoding = data.decode(guess), guess
        except UnicodeDecodeError as exc:
            raise ValueError(f"binary content (NUL bytes, not valid {guess.upper()}), not text") from exc
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if text is None:
        mixed = _mostly_utf8(data)
        if mixed is not None:
            text, encoding = mixed, "utf-8 (with stray cp1252 bytes)"
    for name in (declared,) if isinstance(declared, str) else declared or ():
        if text is not None:
            break
        try:
            text, encoding = data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            pass
    if text is None:
        western = data.decode("cp1252", "storyweave-latin1")
        if _western_plausible(western):
            text, encoding = western, "cp1252"
        else:
            detected = _detect(data)
            if detected:
                try:
                    text, encoding = data.decode(detected), detected
                except (UnicodeDecodeError, LookupError):
                    text = None
            if text is None:
                text, encoding = western, "cp1252"
    if _control_ratio(text) > CONTROL_RATIO_MAX:
        raise ValueError("binary content (mostly non-text bytes), not text")
    text = normalise_newlines(text)
    if not text.strip():
        raise ValueError("empty file (only whitespace)")
    return text, encoding


def normalise_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def looks_like_html(text: str) -> bool:
    """True when a text clearly is an HTML page (starts with a doctype or an html/head/body tag)."""
    return bool(_HTML_START.match(text[:4096]))

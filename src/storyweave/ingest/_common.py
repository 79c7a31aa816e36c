"""Shared helpers for the readers: bounded reads, binary sniffing, text decoding, one-line display of names.

Decoding order (`decode`): magic bytes (binary formats are refused, never decompressed) -> byte-order mark ->
UTF-16 without a mark (NUL bytes at alternate positions) -> any other NUL byte means binary -> UTF-8 strict ->
UTF-8 with a few stray non-UTF-8 bytes (read as cp1252) ->
the charset the document declares (HTML) -> cp1252 when the bytes read as plausible Western text -> charset
detection (charset-normalizer) -> cp1252 with latin-1 for its five undefined bytes. A decoded text that is still
mostly control characters is refused as binary.

cp1252 is tried before charset detection on purpose: measured here, charset-normalizer 3.5.2 calls latin-1 German
and French text "cp1250" (giving "naďve", "seńor") and a short cp1252 sentence "big5". It is kept for text that
cannot be Western (long runs of non-ASCII letters: Cyrillic, Greek, Japanese, Chinese in legacy code pages).
"""
from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from storyweave.errors import BadDocument

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

_OS_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied (cannot read)",
    errno.EPERM: "operation not permitted (cannot read)",
    errno.ELOOP: "symbolic link loop (too many levels of symbolic links)",
    errno.EISDIR: "is a directory",
    errno.ENAMETOOLONG: "file name too long",
    errno.EIO: "input/output error",
}

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


# ---------------------------------------------------------------- names and messages


def display(name: str) -> str:
    """A path or name on one line: newlines, control, format and bidi characters escaped; undecodable bytes as \\xNN."""
    if name.isprintable():
        return name
    out = []
    for ch in name:
        o = ord(ch)
        if ch == " " or ch.isprintable():
            out.append(ch)
        elif 0xDC80 <= o <= 0xDCFF:  # os.fsdecode's surrogateescape for a byte that is not UTF-8
            out.append(f"\\x{o - 0xDC00:02x}")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o <= 0xFF:
            out.append(f"\\x{o:02x}")
        elif o <= 0xFFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(f"\\U{o:08x}")
    return "".join(out)


def one_line(reason: str, *, limit: int = 300) -> str:
    """A reason on one line (third-party messages can span several), shortened to `limit` characters."""
    text = display(" ".join(reason.split()))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def megabytes(n: int) -> str:
    mb = n / 1_000_000
    if mb >= 100:
        return f"{mb:.0f} MB"
    return f"{mb:.3g} MB"


def too_big(what: str, size: int | None, max_bytes: int) -> str:
    size_text = f"{megabytes(size)}, " if size is not None else ""
    return (f"{what} too large ({size_text}over the {megabytes(max_bytes)} limit; raise it with --max-mb)")


# ---------------------------------------------------------------- bounded reading


def open_regular(path: Path | str, source: str) -> BinaryIO:
    """The file opened for reading; BadDocument for anything but a regular file (FIFOs would block, devices never
    end). Opened without blocking and checked on the open descriptor, so a swap between check and open is caught."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise BadDocument(source, os_reason(exc)) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise BadDocument(source, f"not a regular file ({file_kind(st.st_mode)})")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(path: Path | str, source: str, max_bytes: int) -> bytes:
    """The whole file, refused without reading it when it is over `max_bytes`."""
    parts: list[bytes] = []
    total = 0
    with open_regular(path, source) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise BadDocument(source, too_big("file", size, max_bytes))
        try:
            # read(n) allocates n bytes up front: ask for what stat promised, then small chunks (the file may
            # have grown, or stat may say 0 as procfs does)
            chunk = size + 1
            while total <= max_bytes:
                data = fh.read(min(chunk, max_bytes + 1 - total))
                if not data:
                    break
                parts.append(data)
                total += len(data)
                chunk = 1 << 20
        except OSError as exc:
            raise BadDocument(source, os_reason(exc)) from exc
    if total > max_bytes:
        raise BadDocument(source, too_big("file", None, max_bytes))
    return parts[0] if len(parts) == 1 else b"".join(parts)


def os_reason(exc: OSError) -> str:
    """A short reason for an operating-system error, without the path (the source names it)."""
    known = _OS_REASONS.get(exc.errno or 0)
    if known:
        return known
    return f"cannot read ({(exc.strerror or type(exc).__name__).lower()})"


def file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "special file"


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


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes, if Python knows it."""
    m = _DECLARED.search(head[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "replace").strip().lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):  # a byte-order mark or NULs would have shown it; the tag is wrong
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec  # browsers read these as cp1252


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.chaos > 0.5:
        return None
    return best.encoding


def decode(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) for the bytes of one document; ValueError with a reason for binary or empty content."""
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
    if text is None and declared:
        try:
            text, encoding = data.decode(declared), declared
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


def stem(name: str) -> str:
    """File name without its extension (both extensions of .warc.gz)."""
    lower = name.lower()
    for double in (".warc.gz", ".arc.gz"):
        if lower.endswith(double) and len(name) > len(double):
            return name[: -len(double)]
    base, dot, ext = name.rpartition(".")
    return base if dot and base else name


_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms|ece|amp)$", re.I)


def url_slug(url: str | None, *, limit: int = 80) -> str | None:
    """A short document id from a URL: its last path segment without a page suffix, else its host."""
    if not url:
        return None
    from urllib.parse import unquote, urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    while segments and segments[-1].lower() in ("index.html", "index.htm", "index.php", "index", "amp"):
        segments.pop()
    if segments:
        slug = _PAGE_SUFFIX.sub("", unquote(segments[-1]))
        if slug:
            return display(slug[:limit])
    host = (parts.hostname or "").removeprefix("www.")
    return display(host[:limit]) or None

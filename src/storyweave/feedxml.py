"""The one way storyweave parses RSS/Atom bytes, for feed files (ingest) and for feeds fetched from the web (fetch).

    parse(data, *, content_type="", url=None, sanitize_html=True) -> feedparser's result

feedparser is given bytes, never a name (a string would be fetched as a URL). Before that the bytes are hardened:
the DOCTYPE's internal subset (entity declarations) is cut out, so no entity is ever expanded: feeds need none, and
nested entities (a "billion laughs") cost seconds of expat time and megabytes before expat's amplification limit
stops them; external entities are not loaded by feedparser in any case. A feed in UTF-16 or UTF-32 (where the
bytes "<!DOCTYPE" would not be seen) is first re-encoded as UTF-8, and its declared encoding with it.
"""
from __future__ import annotations

import codecs
import re
from typing import Any

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ELEMENT = re.compile(rb"<[A-Za-z_:]")  # the first element: the prolog, where a DOCTYPE may stand, ends there
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_NO_BOM = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"), (b"\x00<\x00", "utf-16-be"),
           (b"<\x00", "utf-16-le"))
_DECLARED = re.compile(r"""\A(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
_CHARSET = re.compile(r";\s*charset\s*=\s*[^;]*", re.I)


def _wide_encoding(data: bytes) -> str | None:
    """The encoding of a feed written in UTF-16 or UTF-32 (by its BOM, else by the zero bytes around its first "<")."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return None if name == "utf-8-sig" else name
    for start, name in _NO_BOM:
        if data.startswith(start):
            return name
    return None


def as_utf8(data: bytes) -> tuple[bytes, bool]:
    """(data, False), or for a UTF-16/UTF-32 feed (its text as UTF-8 with the declaration saying so, True)."""
    wide = _wide_encoding(data)
    if wide is None:
        return data, False
    text = data.decode(wide, errors="replace").lstrip("\ufeff")
    return _DECLARED.sub(r'\1"utf-8"', text, count=1).encode("utf-8", "surrogatepass"), True


def _subset_end(data: bytes, start: int) -> int:
    """The index just past the "]" closing the internal subset that opens at `start` (at "["), or -1. Quoted
    literals and comments are skipped, so a "]" inside an entity value does not end the subset early."""
    i, n = start + 1, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in (b'"', b"'"):
            close = data.find(c, i + 1)
            if close == -1:
                return -1
            i = close + 1
        elif data.startswith(b"<!--", i):
            close = data.find(b"-->", i + 4)
            if close == -1:
                return -1
            i = close + 3
        elif c == b"]":
            return i + 1
        else:
            i += 1
    return -1


def strip_internal_subset(data: bytes) -> bytes:
    """The feed without the entity declarations of its DOCTYPE (see the module docstring). A DOCTYPE whose subset
    never closes takes the rest of the bytes with it (what is left is then no feed, and is reported as such)."""
    element = _ELEMENT.search(data)
    m = _DOCTYPE.search(data, 0, element.start() if element else len(data))
    if not m:
        return data
    gt = data.find(b">", m.end())
    bracket = data.find(b"[", m.end())
    if bracket == -1 or (gt != -1 and gt < bracket):
        return data  # <!DOCTYPE rss PUBLIC "..." "...">: no internal subset
    close = _subset_end(data, bracket)
    end = data.find(b">", close) if close != -1 else -1
    return data[:m.start()] + (data[end + 1:] if end != -1 else b"")


def harden(data: bytes, content_type: str = "") -> tuple[bytes, str]:
    """The bytes feedparser may be given, and the content type to give with them (without a charset when the
    bytes were re-encoded)."""
    data, recoded = as_utf8(data)
    if recoded and content_type:
        content_type = _CHARSET.sub("", content_type)
    return strip_internal_subset(data), content_type


def parse(data: bytes, *, content_type: str = "", url: str | None = None, sanitize_html: bool = True) -> Any:
    """feedparser's result for hardened `data`; `content_type` and `url` are the HTTP headers of a fetched feed."""
    import feedparser  # imported here: 60 ms, and only feeds need it

    data, content_type = harden(data, content_type)
    headers: dict[str, str] = {}
    if url:
        headers["content-location"] = url
    if content_type:
        headers["content-type"] = content_type
    return feedparser.parse(data, response_headers=headers or None, sanitize_html=sanitize_html)


__all__ = ["parse", "harden", "strip_internal_subset", "as_utf8"]

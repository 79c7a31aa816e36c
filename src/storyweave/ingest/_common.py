"""Shared helpers for the readers: bounded reads, one-line display of names, ids from URLs.

Sniffing and decoding (binary formats, byte-order marks, UTF-16, NUL bytes, charsets) are storyweave.htmlbytes',
shared with the fetcher; the names the readers use are imported here from it.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from storyweave.errors import BadDocument
from storyweave.htmlbytes import (BOMS as BOMS, SNIFF_BYTES as SNIFF_BYTES, binary_kind as binary_kind,  # re-exported
                                  decode as decode, declared_charset as declared_charset,
                                  looks_like_html as looks_like_html, normalise_newlines as normalise_newlines,
                                  utf16_guess as utf16_guess)

_OS_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied (cannot read)",
    errno.EPERM: "operation not permitted (cannot read)",
    errno.ELOOP: "symbolic link loop (too many levels of symbolic links)",
    errno.EISDIR: "is a directory",
    errno.ENAMETOOLONG: "file name too long",
    errno.EIO: "input/output error",
}


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

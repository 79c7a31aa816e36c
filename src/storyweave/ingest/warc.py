"""Web archives (.warc, .warc.gz): each HTML page a crawler saved becomes one document.

Only `response` records with a 2xx status and an HTML content type (and `resource` records of HTML) are read:
url from WARC-Target-URI, fetched from WARC-Date, id from the URL. Requests, metadata, redirects, errors, images
and other non-HTML records are skipped silently: they are not reports.

A .warc.gz is the only input storyweave decompresses, and it does so as a stream under caps: one record's page at
most `max_bytes`, no stretch of twice that without a line break (warcio buffers header lines whole; a one-line
page up to `max_bytes` must still pass), and no more
than `BOMB_RATIO` times the compressed bytes read once past `BOMB_FLOOR`. A damaged or truncated archive keeps the
records read before the damage and ends in one Rejected that says where it broke.
"""
from __future__ import annotations

import gzip
import logging
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from storyweave.errors import BadDocument
from storyweave.ingest._common import (binary_kind, display, looks_like_html, megabytes, one_line, open_regular,
                                       too_big, url_slug)
from storyweave.ingest.html import decode_html
from storyweave.model import RawDocument, Rejected

# Decompressed-to-compressed ratio above which a .warc.gz is taken for a gzip bomb, checked once BOMB_FLOOR bytes
# have come out. Real crawls of HTML compress 5-10 times; zeros or newlines compress about 1000 times.
BOMB_RATIO = 200
BOMB_FLOOR = 1_000_000
# Longest line handed to warcio in one readline(): its BufferedReader joins a long line block by block (quadratic)
# and its header parser keeps every line. Real WARC and HTTP header lines are a few KB.
READLINE_MAX = 1_000_000
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 1 << 20

# warcio logs each odd header it repairs; without a handler Python prints those to stderr, where storyweave keeps
# one line per rejected input
logging.getLogger("warcio").addHandler(logging.NullHandler())


class _Broken(Exception):
    """The archive stream cannot be read on: truncated, corrupt or over a cap."""


class _Counting:
    """Counts the bytes read from the file underneath the decompressor."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.count += len(data)
        return data


class _Guarded:
    """The archive's (decompressed) bytes, with the caps applied and stream errors turned into _Broken."""

    def __init__(self, inner: BinaryIO | gzip.GzipFile, counter: _Counting | None, *, max_line: int) -> None:
        self.inner = inner
        self.counter = counter
        self.max_line = max_line
        self.total = 0
        self.since_newline = 0

    def tell(self) -> int:
        return self.total

    def read(self, size: int = -1) -> bytes:
        try:  # read1: at most one raw read, so the bytes before a break are returned before the break is seen
            data = self.inner.read1(size) if isinstance(self.inner, gzip.GzipFile) else self.inner.read(size)
        except EOFError as exc:
            raise _Broken("truncated: the compressed stream ends in the middle of a record") from exc
        except (zlib.error, gzip.BadGzipFile) as exc:
            raise _Broken(f"corrupt compressed data ({exc})") from exc
        self.total += len(data)
        cut = data.rfind(b"\n")
        self.since_newline = self.since_newline + len(data) if cut < 0 else len(data) - cut - 1
        if self.since_newline > self.max_line:
            raise _Broken(f"more than {megabytes(self.max_line)} without a line break (a corrupt or hostile "
                          f"archive; raise --max-mb if its pages really are that long)")
        if (self.counter is not None and self.total > BOMB_FLOOR
                and self.total > BOMB_RATIO * max(self.counter.count, 1)):
            raise _Broken(f"decompresses to over {BOMB_RATIO} times its size (a gzip bomb?); stopped reading")
        return data


def _read_content(stream: BinaryIO, max_bytes: int) -> bytes | None:
    """At most `max_bytes` of a record's payload; None when it is longer."""
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return None


def _drain(raw: object) -> None:
    """Read what is left of a record's block; _Broken when the file ends before the length the record declares."""
    limit = getattr(raw, "limit", None)
    if not isinstance(limit, int):
        return
    while getattr(raw, "limit", 0) > 0:
        if not raw.read(min(raw.limit, _CHUNK)):  # type: ignore[attr-defined]
            raise _Broken("truncated: the file ends in the middle of a record")


def _content_type(value: str | None) -> tuple[str, str | None]:
    """(mime type, charset) of a Content-Type header."""
    if not value:
        return "", None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _valid_charset(name: str | None) -> str | None:
    import codecs

    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def _record_doc(record, number: int, *, source: str, stem: str, max_bytes: int  # type: ignore[no-untyped-def]
                ) -> RawDocument | Rejected | None:
    """The document in one record, a Rejected for an HTML page that cannot be used, None for a record to skip."""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        mime, charset = _content_type(record.http_headers.get_header("Content-Type"))
    elif record.rec_type == "resource":
        mime, charset = _content_type(record.rec_headers.get_header("Content-Type"))
    else:
        return None
    if mime and mime not in HTML_TYPES:
        return None
    record_source = f"{source}#{number}"
    try:
        content = _read_content(record.content_stream(), max_bytes)
    except (zlib.error, ValueError, OSError) as exc:  # a page's own Content-Encoding or chunking is broken
        return Rejected(source=record_source, stage="ingest",
                        reason=one_line(f"cannot decode the page in this record ({exc})"))
    _drain(record.raw_stream)
    if content is None:
        return Rejected(source=record_source, stage="ingest", reason=too_big("page", None, max_bytes))
    if not content.strip():
        return None  # an empty 200 response: nothing was saved
    try:
        html = decode_html(content, charset=_valid_charset(charset))
    except ValueError as exc:
        return Rejected(source=record_source, stage="ingest", reason=str(exc))
    if not mime and not looks_like_html(html):
        return None  # no content type and not a page
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or None
    fetched = (record.rec_headers.get_header("WARC-Date") or "").strip() or None
    return RawDocument(id=display(url_slug(uri) or f"{stem}-{number}"), source=record_source, html=html, url=uri,
                       fetched=fetched)


def read_warc(path: Path, *, source: str, stem: str, max_bytes: int) -> Iterator[RawDocument | Rejected]:
    """Every HTML page in one archive ("PATH#N" for record N); BadDocument when the archive is not usable."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    with open_regular(path, source) as fh:
        head = fh.read(64)
        fh.seek(0)
        if not head:
            raise BadDocument(source, "empty file (0 bytes)")
        counter: _Counting | None = None
        inner: BinaryIO | gzip.GzipFile = fh
        if head.startswith(b"\x1f\x8b"):
            counter = _Counting(fh)
            # typeshed wants a seek() on the file object; GzipFile only seeks to rewind, which is never asked here
            inner = gzip.GzipFile(fileobj=counter, mode="rb")  # type: ignore[call-overload]
        else:
            kind = binary_kind(head)
            if kind:
                raise BadDocument(source, f"binary content ({kind}), not a WARC file")
        stream = _Guarded(inner, counter, max_line=2 * max_bytes + 1_000_000)
        try:
            first = stream.read(5)
        except _Broken as exc:
            raise BadDocument(source, f"not a readable WARC file ({exc})") from exc
        if first != b"WARC/":
            raise BadDocument(source, "not a WARC file (it does not start with 'WARC/')")
        done = 0  # records fully read
        found = 0
        try:
            for record in _iterator(_Prepend(first, stream)):
                item = _record_doc(record, done + 1, source=source, stem=stem, max_bytes=max_bytes)
                done += 1
                if item is not None:
                    found += 1
                    yield item
        except _Broken as exc:
            raise BadDocument(source, f"{exc} (record {done + 1}); the {done} records before it were read") from exc
        except (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, EOFError,
                AttributeError, TypeError, KeyError, IndexError) as exc:  # warcio on malformed headers
            raise BadDocument(source, one_line(f"damaged WARC at record {done + 1} ({exc}); the {done} records "
                                               f"before it were read")) from exc
        if not found:
            raise BadDocument(source, f"no HTML pages in this archive ({done} records: requests, images, redirects "
                                      f"or other non-page records)")


def _iterator(stream: "_Prepend"):  # type: ignore[no-untyped-def]
    """warcio's ArchiveIterator over `stream`, with every readline() bounded by READLINE_MAX."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class BoundedReader(DecompressingBufferedReader):
        def readline(self, length=None):  # type: ignore[no-untyped-def]
            return super().readline(READLINE_MAX if length is None or length > READLINE_MAX else length)

    class QuietIterator(ArchiveIterator):
        INC_RECORD = ""  # warcio writes this warning straight to stderr; storyweave reports through Rejected

    iterator = QuietIterator(stream)
    iterator.reader = BoundedReader(iterator.fh)  # the record generator has not started: it reads this one
    return iterator


class _Prepend:
    """`head` (already read) followed by `stream`; tell() counts from the start."""

    def __init__(self, head: bytes, stream: _Guarded) -> None:
        self.head = head
        self.stream = stream

    def tell(self) -> int:
        return self.stream.tell() - len(self.head)

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size is None or size < 0:
                data, self.head = self.head + self.stream.read(), b""
                return data
            data, self.head = self.head[:size], self.head[size:]
            if len(data) < size:
                data += self.stream.read(size - len(data))
            return data
        return self.stream.read(size)

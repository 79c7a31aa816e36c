"""Stage 1, ingest: turn files, folders and standard input into RawDocuments, and anything unusable into Rejected.

    read(inputs, *, max_bytes=50_000_000) -> Iterator[RawDocument | Rejected]

    INPUT                         reader          source                 id
    .txt (or no/unknown suffix)   text.py         path                   file name without extension
    .html .htm .xhtml             html.py         path                   file name without extension
    .jsonl .ndjson                jsonl.py        path:LINE              record "id", else STEM-LINE
    .json (record or list)        jsonl.py        path / path#N          record "id", else STEM / STEM-N
    .xml .rss .atom (RSS, Atom)   feed.py         path#N (entry N)       last segment of the entry's link
    .warc .warc.gz                warc.py         path#N (record N)      last segment of WARC-Target-URI
    -  (standard input)           jsonl.py        -:LINE                 record "id", else stdin-LINE
    folder                        all of the above, recursively, sorted by name; hidden files skipped

Every problem is a Rejected(source, "ingest", reason) with a one-line reason, yielded in input order; one bad input
never stops the others. Names are shown on one line (control characters escaped). Nothing is read whole unless it
fits in `max_bytes`: larger files are refused from their size alone; JSON Lines and WARC are streamed.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
from collections import Counter
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from storyweave.errors import BadDocument
from storyweave.ingest._common import display, file_kind, one_line, os_reason, stem
from storyweave.ingest.feed import read_feed
from storyweave.ingest.html import read_html
from storyweave.ingest.jsonl import iter_records, read_json, read_jsonl
from storyweave.ingest.text import read_text
from storyweave.ingest.warc import read_warc
from storyweave.model import RawDocument, Rejected

__all__ = ["read", "DEFAULT_MAX_BYTES", "SUFFIXES"]

DEFAULT_MAX_BYTES = 50_000_000

Item = RawDocument | Rejected

# suffix -> reader kind; ".warc.gz" is matched before the last suffix
SUFFIXES: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".json": "json",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".warc.gz": "warc",
}


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    _, dot, ext = lower.rpartition(".")
    if not dot:
        return "text"  # no suffix: sniffed like a .txt
    return SUFFIXES.get("." + ext)


def _suffix(name: str) -> str:
    _, dot, ext = name.rpartition(".")
    return display("." + ext.lower())[:16] if dot else "(none)"


def _stat_reason(path: str, exc: OSError) -> str:
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return "broken symbolic link"
    return os_reason(exc)


def _reject(source: str, reason: str) -> Rejected:
    return Rejected(source=source, stage="ingest", reason=one_line(reason))


def _one_line(item: Item) -> Item:
    """Readers build their reasons from untrusted text too (record keys, library messages): one line, always."""
    if isinstance(item, Rejected) and not (item.reason.isprintable() and item.source.isprintable()):
        return Rejected(source=display(item.source), stage=item.stage, reason=one_line(item.reason))
    return item


def _read_file(path: Path, kind: str, *, max_bytes: int) -> Iterator[Item]:
    """Every item of one file, whatever goes wrong inside it."""
    for item in _read_file_items(path, kind, max_bytes=max_bytes):
        yield _one_line(item)


def _read_file_items(path: Path, kind: str, *, max_bytes: int) -> Iterator[Item]:
    source = display(str(path))
    doc_id = display(stem(path.name)) or "document"
    try:
        if kind == "text":
            yield read_text(path, source=source, doc_id=doc_id, max_bytes=max_bytes)
        elif kind == "html":
            yield read_html(path, source=source, doc_id=doc_id, max_bytes=max_bytes)
        elif kind == "jsonl":
            yield from read_jsonl(path, source=source, stem=doc_id, max_bytes=max_bytes)
        elif kind == "json":
            yield from read_json(path, source=source, stem=doc_id, max_bytes=max_bytes)
        elif kind == "feed":
            yield from read_feed(path, source=source, stem=doc_id, max_bytes=max_bytes)
        else:
            yield from read_warc(path, source=source, stem=doc_id, max_bytes=max_bytes)
    except BadDocument as exc:
        yield _reject(exc.source, exc.reason)
    except OSError as exc:
        yield _reject(source, os_reason(exc))
    except Exception as exc:  # the last guard: a bug or a third-party surprise in one file must not stop the run
        yield _reject(source, f"unexpected error while reading ({type(exc).__name__}: {exc})")


class _Walk:
    """Depth-first, name-sorted walk of one folder with os.scandir; follows symbolic links, never in a loop."""

    def __init__(self, top: Path, *, seen_files: set[tuple[int, int]], max_bytes: int) -> None:
        self.top = top
        self.seen_files = seen_files
        self.max_bytes = max_bytes
        self.documents = 0
        self.rejected = 0
        self.duplicates = 0
        self.unsupported: Counter[str] = Counter()

    def _names(self, folder: str) -> list[str] | Rejected:
        try:
            with os.scandir(folder) as entries:
                return sorted(entry.name for entry in entries)
        except OSError as exc:
            return _reject(display(folder), f"cannot list folder: {os_reason(exc)}")

    def __iter__(self) -> Iterator[Item]:
        top = str(self.top)
        visited = {os.path.realpath(top)}
        ancestors = [os.path.realpath(top)]
        first = self._names(top)
        if isinstance(first, Rejected):
            yield first
            return
        stack: list[tuple[str, Iterator[str]]] = [(top, iter(first))]
        while stack:
            folder, names = stack[-1]
            name = next(names, None)
            if name is None:
                stack.pop()
                ancestors.pop()
                continue
            if name.startswith("."):
                continue  # hidden: .git, .DS_Store, editor files
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError as exc:
                reason = _stat_reason(path, exc)
                yield self._count(_reject(display(path), reason))
                continue
            if stat.S_ISDIR(st.st_mode):
                real = os.path.realpath(path)
                if real in ancestors:
                    yield self._count(_reject(display(path), "symbolic link loop (leads back to a folder that "
                                                             "contains it); not followed"))
                    continue
                if real in visited:
                    continue  # the same folder reached again through a link: already read
                visited.add(real)
                listing = self._names(path)
                if isinstance(listing, Rejected):
                    yield self._count(listing)
                    continue
                stack.append((path, iter(listing)))
                ancestors.append(real)
                continue
            if not stat.S_ISREG(st.st_mode):
                yield self._count(_reject(display(path), f"not a regular file ({file_kind(st.st_mode)})"))
                continue
            kind = _kind(name)
            if kind is None:
                self.unsupported[_suffix(name)] += 1
                continue
            if (st.st_dev, st.st_ino) in self.seen_files:
                self.duplicates += 1
                continue  # the same file reached again through a link, or given twice
            self.seen_files.add((st.st_dev, st.st_ino))
            for item in _read_file(Path(path), kind, max_bytes=self.max_bytes):
                yield self._count(item)
        if self.unsupported:
            kinds = ", ".join(f"{n} {ext}"
                              for ext, n in sorted(self.unsupported.items(), key=lambda kv: (-kv[1], kv[0])))
            n = sum(self.unsupported.values())
            yield self._count(_reject(display(top), f"skipped {n} file{'s' if n != 1 else ''} of unsupported "
                                                    f"type ({one_line(kinds, limit=120)}); supported: "
                                                    f"{' '.join(sorted(SUFFIXES))}"))
        if not self.documents and not self.duplicates:
            yield _reject(display(top), "no readable documents in this folder")

    def _count(self, item: Item) -> Item:
        if isinstance(item, RawDocument):
            self.documents += 1
        else:
            self.rejected += 1
        return item


def _read_stdin(stream: BinaryIO, *, max_bytes: int) -> Iterator[Item]:
    try:
        found = False
        for item in iter_records(stream, source_prefix="-", id_prefix="stdin", max_bytes=max_bytes):
            found = True
            yield _one_line(item)
        if not found:
            yield _reject("-", "standard input is empty (expected JSON Lines)")
    except BadDocument as exc:
        yield _reject(exc.source, exc.reason)
    except OSError as exc:
        yield _reject("-", os_reason(exc))


def read(inputs: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
         stdin: BinaryIO | None = None) -> Iterator[RawDocument | Rejected]:
    """Every document in `inputs` (files, folders, "-" for JSON Lines on standard input), in order.

    Yields a RawDocument per document and a Rejected per input or record that cannot be used; never raises for bad
    input. `stdin` replaces sys.stdin.buffer for "-" (tests).
    """
    seen_files: set[tuple[int, int]] = set()
    for given in inputs:
        if isinstance(given, str) and given == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes=max_bytes)
            continue
        path = Path(given)
        source = display(str(given))
        try:
            st = os.stat(path)
        except OSError as exc:
            reason = _stat_reason(str(path), exc)
            yield _reject(source, reason)
            continue
        except ValueError as exc:  # an embedded NUL in the name
            yield _reject(source, f"invalid file name ({exc})")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _Walk(path, seen_files=seen_files, max_bytes=max_bytes)
            continue
        if not stat.S_ISREG(st.st_mode):
            yield _reject(source, f"not a regular file ({file_kind(st.st_mode)})")
            continue
        seen_files.add((st.st_dev, st.st_ino))
        yield from _read_file(path, _kind(path.name) or "text", max_bytes=max_bytes)



"""Hostile and broken files (issue 6). Each case: the Rejected names the problem in one line, and every good
document read in the same run still comes out ("0 lost documents")."""
from __future__ import annotations

import codecs
import gzip
import os
import shutil
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from storyweave import ingest
from storyweave.model import RawDocument, Rejected

pytestmark = pytest.mark.issue(6)

GOOD = "MANILA, Philippines — A typhoon made landfall on Saturday, the weather bureau said.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def run(tmp_path: Path, bad: list[Path], **kwargs) -> tuple[list[RawDocument], dict[str, str]]:
    """Read two good files around the bad ones; assert none of the good ones is lost."""
    before = tmp_path / "good-before.txt"
    after = tmp_path / "good-after.txt"
    before.write_text(GOOD, encoding="utf-8")
    after.write_text(GOOD, encoding="utf-8")
    items = list(ingest.read([before, *bad, after], **kwargs))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert docs[0].id == "good-before" and docs[-1].id == "good-after", "a good document was lost"
    assert all(isinstance(i, (RawDocument, Rejected)) for i in items)
    assert all("\n" not in r.source and "\n" not in r.reason for r in items if isinstance(r, Rejected))
    return docs[1:-1], {r.source: r.reason for r in items if isinstance(r, Rejected)}


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", b"")
    blank = write(tmp_path / "blank.html", b"  \r\n\t\n")
    docs, rejected = run(tmp_path, [empty, blank])
    assert docs == []
    assert rejected == {str(empty): "empty file (0 bytes)", str(blank): "empty file (only whitespace)"}


@pytest.mark.parametrize("name, data, kind", [
    ("photo.png", PNG, "PNG image"),
    ("story.txt", PNG, "PNG image"),  # a lying extension changes nothing
    ("report.pdf", PDF, "PDF document"),
    ("page.html", JPEG, "JPEG image"),
    ("archive.txt.gz", gzip.compress(GOOD.encode() * 100), "gzip-compressed data"),
    ("bundle.zip", b"PK\x03\x04" + b"\x00" * 40, "ZIP archive or Office document"),
])
def test_binary_files_are_refused_by_magic_bytes(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    bad = write(tmp_path / name, data)
    docs, rejected = run(tmp_path, [bad])
    assert docs == [] and rejected == {str(bad): f"binary content ({kind}), not text"}


def test_binary_without_magic_is_refused_by_nul_bytes_and_control_characters(tmp_path: Path) -> None:
    nul = write(tmp_path / "data.txt", bytes(range(256)) * 8)
    noise = write(tmp_path / "noise.txt", bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 40)
    docs, rejected = run(tmp_path, [nul, noise])
    assert rejected == {str(nul): "binary content (NUL bytes), not text",
                        str(noise): "binary content (mostly non-text bytes), not text"}


def test_gzip_is_never_decompressed_outside_warc(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.jsonl"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        for _ in range(100):
            fh.write(b"\x00" * 1_000_000)  # 100 MB of zeros in about 100 KB
    start = time.perf_counter()
    docs, rejected = run(tmp_path, [bomb])
    assert rejected == {str(bomb): "binary content (gzip-compressed data), not JSON Lines"}
    assert time.perf_counter() - start < 2


def _bomb(path: Path, unit: bytes, megabytes: int) -> None:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    with open(path, "wb") as fh:
        fh.write(comp.compress(b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.example/a\r\n"
                               b"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n" % (megabytes * 1_000_000)))
        block = unit * (1_000_000 // len(unit))
        for _ in range(megabytes):
            fh.write(comp.compress(block))
        fh.write(comp.flush())


@pytest.mark.parametrize("unit", [b"\x00", b"\r\n"])
def test_warc_gz_bomb_is_stopped_early(tmp_path: Path, unit: bytes) -> None:
    """A valid header announcing 300 MB of zeros (or blank lines) in a file of under 1 MB."""
    bomb = tmp_path / "bomb.warc.gz"
    _bomb(bomb, unit, 300)  # 300 MB decompressed from well under 1 MB
    assert bomb.stat().st_size < 1_000_000
    tracemalloc.start()
    start = time.perf_counter()
    try:
        docs, rejected = run(tmp_path, [bomb], max_bytes=5_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rejected[str(bomb)] == ("decompresses to over 200 times its size (a gzip bomb?); stopped reading "
                                   "(record 1); the 0 records before it were read")

    assert time.perf_counter() - start < 20 and peak < 60_000_000


def test_warc_with_malformed_headers(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.warc", b"WARC/1.0\r\nWARC-Type: response\r\n\r\n\r\n")
    docs, rejected = run(tmp_path, [path])
    assert rejected[str(path)].startswith("damaged WARC at record 1 (")


def test_warc_header_line_without_end_is_stopped(tmp_path: Path) -> None:
    """warcio buffers a header line whole: a line that never ends must not fill memory."""
    path = write(tmp_path / "endless.warc", b"WARC/1.0\r\nWARC-Type: " + b"x" * 3_000_000)
    docs, rejected = run(tmp_path, [path], max_bytes=500_000)
    assert rejected[str(path)] == ("more than 2 MB without a line break (a corrupt or hostile archive; raise "
                                   "--max-mb if its pages really are that long) (record 1); the 0 records before "
                                   "it were read")


@pytest.mark.parametrize("encoding, data", [
    ("utf-16 with BOM", "Caf\u00e9 owners in Montr\u00e9al said \u201cenough\u201d.\n".encode("utf-16")),
    ("utf-16-le, no BOM", "Caf\u00e9 owners in Montr\u00e9al said \u201cenough\u201d.\n".encode("utf-16-le")),
    ("utf-16-be, no BOM", "Caf\u00e9 owners in Montr\u00e9al said \u201cenough\u201d.\n".encode("utf-16-be")),
    ("utf-8 with BOM", codecs.BOM_UTF8 + "Caf\u00e9 owners in Montr\u00e9al said \u201cenough\u201d.\n".encode()),
    ("cp1252", "Caf\u00e9 owners in Montr\u00e9al said \u201cenough\u201d.\n".encode("cp1252")),
])
def test_text_encodings_are_decoded(tmp_path: Path, encoding: str, data: bytes) -> None:
    path = write(tmp_path / "montreal.txt", data)
    docs, rejected = run(tmp_path, [path])
    assert not rejected
    assert docs[0].text == "Caf\u00e9 owners in Montr\u00e9al said \u201cenough\u201d.\n", encoding


def test_latin1_german_and_spanish_are_not_mistaken_for_central_european(tmp_path: Path) -> None:
    text = ("Die Stra\u00dfe in M\u00fcnchen wurde gesperrt, sagte die Polizei am Freitag. "
            "El a\u00f1o pasado, se\u00f1or Pe\u00f1a dijo que la situaci\u00f3n era na\u00efve.\n")
    path = write(tmp_path / "mixed.txt", text.encode("latin-1"))
    docs, _ = run(tmp_path, [path])
    assert docs[0].text == text


def test_cyrillic_legacy_code_page_is_detected(tmp_path: Path) -> None:
    text = "Президент России заявил в пятницу, что переговоры с Украиной продолжатся на следующей неделе.\n"
    path = write(tmp_path / "tass.txt", text.encode("cp1251"))
    docs, _ = run(tmp_path, [path])
    assert docs[0].text == text


def test_mixed_line_endings_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.txt", b"One.\r\nTwo.\rThree.\nFour.\r\n\r\nFive.")
    docs, _ = run(tmp_path, [path])
    assert docs[0].text == "One.\nTwo.\nThree.\nFour.\n\nFive."


def test_file_over_the_cap_is_refused_from_its_size_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "one-line.txt"
    with open(huge, "wb") as fh:
        fh.truncate(50_000_001)  # a sparse 50 MB file: one line, no newline
    tracemalloc.start()
    try:
        docs, rejected = run(tmp_path, [huge])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rejected == {str(huge): "file too large (50 MB, over the 50 MB limit; raise it with --max-mb)"}
    assert peak < 5_000_000


def test_cap_is_configurable(tmp_path: Path) -> None:
    path = write(tmp_path / "long.html", b"<p>" + b"word " * 2000 + b"</p>")
    docs, rejected = run(tmp_path, [path], max_bytes=5000)
    assert rejected == {str(path): "file too large (0.01 MB, over the 0.005 MB limit; raise it with --max-mb)"}
    assert len(list(ingest.read([path], max_bytes=20_000))) == 1


def test_single_50mb_line_in_json_lines_loses_no_neighbour(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"text": "Before the long line."}\n')
        fh.write(b'{"text": "' + b"x" * 50_000_000 + b'"}\n')
        fh.write(b'{"text": "After the long line."}\n')
    items = list(ingest.read([path]))
    assert [getattr(i, "text", None) for i in items] == ["Before the long line.", None, "After the long line."]
    assert items[1] == Rejected(source=f"{path}:2", stage="ingest",
                                reason="line too large (over the 50 MB limit; raise it with --max-mb)")


def test_hundred_thousand_tiny_files_are_streamed(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(100_000):
        fd = os.open(folder / f"r{i:06d}.txt", os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b"Report number %d." % i)
        os.close(fd)
    try:
        start = time.perf_counter()
        stream = ingest.read([folder])
        first = next(stream)
        to_first = time.perf_counter() - start
        count = 1 + sum(1 for _ in stream)
    finally:
        shutil.rmtree(folder)  # do not leave 100,000 files for pytest's next session to delete
    assert first == RawDocument(id="r000000", source=str(folder / "r000000.txt"), text="Report number 0.")
    assert count == 100_000
    assert to_first < 5  # the first document comes after listing names, not after reading every file


def _read_as_nobody(paths: list[Path]) -> list[tuple[str, str, str]]:
    """read() in a forked child that dropped root for `nobody` (root reads a chmod 000 file; nobody cannot)."""
    import json as _json

    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(rfd)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            rows = [(type(i).__name__, i.source, getattr(i, "reason", "")) for i in ingest.read(paths)]
            os.write(wfd, _json.dumps(rows).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0, "the unprivileged child failed"
    return [tuple(row) for row in __import__("json").loads(data)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX permissions")
def test_unreadable_file_and_folder() -> None:
    """chmod 000; as root (tests run as root here) the read happens in a child process running as `nobody`."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="storyweave-perm-") as tmp:  # pytest's tmp_path is closed to others
        os.chmod(tmp, 0o755)
        _unreadable(Path(tmp))


def _unreadable(folder: Path) -> None:
    good = folder / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    os.chmod(good, 0o644)
    secret = folder / "secret.txt"
    secret.write_text("hidden", encoding="utf-8")
    os.chmod(secret, 0o000)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD, encoding="utf-8")
    os.chmod(locked, 0o000)
    try:
        if os.geteuid() == 0:
            rows = _read_as_nobody([good, secret, locked])
        else:
            rows = [(type(i).__name__, i.source, getattr(i, "reason", "")) for i in ingest.read([good, secret, locked])]
    finally:
        os.chmod(locked, 0o755)
        os.chmod(secret, 0o644)
    assert rows == [("RawDocument", str(good), ""),
                    ("Rejected", str(secret), "permission denied (cannot read)"),
                    ("Rejected", str(locked), "cannot list folder: permission denied (cannot read)")]


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="Linux procfs")
def test_file_that_fails_while_reading(tmp_path: Path) -> None:
    """/proc/self/mem opens but fails on read at offset 0 (EIO): a real I/O error, even for root."""
    link = tmp_path / "memory.txt"
    link.symlink_to("/proc/self/mem")
    docs, rejected = run(tmp_path, [link])
    assert rejected == {str(link): "input/output error"}


def test_symlink_loops_never_recurse(tmp_path: Path) -> None:
    top = tmp_path / "top"
    (top / "sub").mkdir(parents=True)
    (top / "sub" / "story.txt").write_text(GOOD, encoding="utf-8")
    (top / "sub" / "back").symlink_to(top)  # a folder loop
    (top / "self.txt").symlink_to(top / "self.txt")  # a link to itself
    (top / "gone.txt").symlink_to(tmp_path / "nowhere.txt")  # dangling
    start = time.perf_counter()
    docs, rejected = run(tmp_path, [top])
    assert time.perf_counter() - start < 5
    assert [d.id for d in docs] == ["story"]
    assert rejected == {
        str(top / "gone.txt"): "broken symbolic link",
        str(top / "self.txt"): "symbolic link loop (too many levels of symbolic links)",
        str(top / "sub" / "back"): "symbolic link loop (leads back to a folder that contains it); not followed",
    }


def test_odd_file_names_are_shown_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    names = ["with space.txt", "Zürich–Genève 東京.txt", "two\nlines.txt", "bidi\u202etxt.exe.txt"]
    for name in names:
        (folder / name).write_text(GOOD, encoding="utf-8")
    raw_name = os.fsencode(str(folder)) + b"/latin\xe9.txt"  # not UTF-8
    with open(raw_name, "wb") as fh:
        fh.write(GOOD.encode())
    docs, rejected = run(tmp_path, [folder])
    assert not rejected
    assert sorted(d.id for d in docs) == sorted(["with space", "Zürich–Genève 東京", "two\\nlines",
                                                 "bidi\\u202etxt.exe", "latin\\xe9"])
    assert all(d.source.isprintable() for d in docs)
    assert str(folder / "two\\nlines.txt") in {d.source for d in docs}


def test_missing_path_and_folder_without_documents(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.txt"
    empty_dir = tmp_path / "empty-dir"
    empty_dir.mkdir()
    junk_dir = tmp_path / "junk"
    junk_dir.mkdir()
    write(junk_dir / "a.txt", b"")
    write(junk_dir / "b.png", PNG)
    docs, rejected = run(tmp_path, [missing, empty_dir, junk_dir])
    assert docs == []
    assert rejected == {
        str(missing): "no such file or directory",
        str(empty_dir): "no readable documents in this folder",
        str(junk_dir / "a.txt"): "empty file (0 bytes)",
        # the folder's two messages: unsupported types, then no documents (a dict keeps the last)
        str(junk_dir): "no readable documents in this folder",
    }


def test_named_pipe_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "withpipe"
    folder.mkdir()
    os.mkfifo(folder / "inner.txt")
    docs, rejected = run(tmp_path, [fifo, folder])
    assert rejected[str(fifo)] == "not a regular file (a named pipe)"
    assert rejected[str(folder / "inner.txt")] == "not a regular file (a named pipe)"


def test_deeply_nested_html_scripts_entities_and_invisible_characters_pass_through(tmp_path: Path) -> None:
    deep = "<html><body>" + "<div>" * 10_000 + "<p>Deep text.</p>" + "</div>" * 10_000 + "</body></html>"
    tricky = ("<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
              "<iframe src='https://ads.example/'></iframe><p>Tom &amp; Jerry &#8212; caf&eacute;"
              "\u200b\u202e hidden</p></body></html>")
    paths = [write(tmp_path / "deep.html", deep.encode()), write(tmp_path / "tricky.html", tricky.encode())]
    docs, rejected = run(tmp_path, paths)
    assert not rejected
    assert [d.html for d in docs] == [deep, tricky]  # data, unchanged: clean() decides what is article text


def test_a_directory_given_with_a_file_suffix_is_walked(tmp_path: Path) -> None:
    odd = tmp_path / "looks-like.txt"
    odd.mkdir()
    (odd / "inner.txt").write_text(GOOD, encoding="utf-8")
    docs, rejected = run(tmp_path, [odd])
    assert [d.id for d in docs] == ["inner"] and not rejected


def test_utf8_with_a_stray_cp1252_byte_keeps_its_utf8(tmp_path: Path) -> None:
    data = "Zürich’s mayor said “no” to the plan, ".encode("utf-8") + b"then \x93yes\x94." + " Straße.".encode()
    path = write(tmp_path / "scraped.txt", data)
    docs, _ = run(tmp_path, [path])
    assert docs[0].text == "Zürich’s mayor said “no” to the plan, then “yes”. Straße."


def test_utf16_with_a_lone_surrogate_is_read_with_a_replacement(tmp_path: Path) -> None:
    data = "\ufeffA ministry statement said talks continue.".encode("utf-16-le") + b"\x00\xd8" + "End.".encode("utf-16-le")
    path = write(tmp_path / "export.txt", data)
    docs, _ = run(tmp_path, [path])
    assert docs[0].text == "A ministry statement said talks continue.\ufffdEnd."


def test_bytes_after_a_utf16_mark_that_are_not_utf16(tmp_path: Path) -> None:
    path = write(tmp_path / "fake.txt", b"\xff\xfe" + bytes(range(0xD8, 0xE0)) * 40 + b"\x00")
    docs, rejected = run(tmp_path, [path])
    assert rejected[str(path)].startswith("invalid UTF-16-LE text after its byte-order mark")

"""`storyweave extract` end to end on bad input (issue 6): one stderr line per bad input ("path: reason"), every
good document written, exit 0; exit non-zero only when nothing at all could be read."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from storyweave.cli import app

pytestmark = pytest.mark.issue(6)

REPORT_A = ("Flooding closes mountain pass\n\n"
            "HEAVY RAIN closed the Brenner pass on Tuesday after mudslides buried a stretch of the motorway, "
            "police in Tyrol said.\n\n"
            "“We expect the road to stay shut until Thursday,” a police spokeswoman said.\n")
REPORT_B = ("<!DOCTYPE html><html><head><title>Storm batters coast</title></head><body><article>"
            "<h1>Storm batters coast</h1><p>Winds of up to 140 km/h tore roofs off dozens of houses in Brittany "
            "on Wednesday, the regional prefecture said.</p><p>About 30,000 homes were left without power.</p>"
            "</article></body></html>")


def run(*args: str, stdin: str | None = None) -> SimpleNamespace:
    """The command in this process (typer's CliRunner: the models are loaded once per test session, not per
    command), answered with the fields of subprocess.run's result that the tests read."""
    result = CliRunner().invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def test_bad_files_and_records_are_reported_and_the_good_ones_written(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT_A, encoding="utf-8")
    page = tmp_path / "storm.html"
    page.write_text(REPORT_B, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"id": "rec-good", "text": REPORT_A.replace("Tuesday", "Monday")}) + "\n"
                       + '{"text": 5}\n{"text": "trunc\n', encoding="utf-8")
    odd = tmp_path / "odd\nname.txt"
    odd.write_bytes("\ufeffSnow fell in Madrid on Friday, closing schools, officials said.".encode("utf-8"))
    missing = tmp_path / "missing.txt"
    piped = "\n".join([json.dumps({"id": "piped", "text": REPORT_B}), "not json", json.dumps({"html": 7})]) + "\n"
    proc = run("extract", str(good), str(empty), str(binary), str(records), str(page), str(odd), str(missing), "-",
               "--format", "json", stdin=piped)
    assert proc.returncode == 0, proc.stderr
    ids = [json.loads(line)["id"] for line in proc.stdout.splitlines()]
    assert sorted(ids) == sorted(["good", "rec-good", "storm", "odd\\nname", "piped"])  # 0 lost documents
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert errors == [
        f"storyweave: {empty}: empty file (0 bytes)",
        f"storyweave: {binary}: binary content (PNG image), not text",
        f"storyweave: {records}:2: 'text' must be a string, got a number",
        f"storyweave: {records}:3: invalid JSON: Unterminated string starting at (column 10)",
        f"storyweave: {missing}: no such file or directory",
        "storyweave: -:2: invalid JSON: Expecting value (column 1)",
        "storyweave: -:3: 'html' must be a string, got a number",
    ]


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    folder = tmp_path / "nothing"
    folder.mkdir()
    proc = run("extract", str(empty), str(folder), "--format", "json")
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [f"storyweave: {empty}: empty file (0 bytes)",
                                        f"storyweave: {folder}: no readable documents in this folder",
                                        "storyweave: no readable documents in the input"]


def test_file_over_the_cap_names_the_flag(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000, encoding="utf-8")  # 1.5 MB
    proc = run("extract", str(big), "--max-mb", "1", "--format", "json")
    assert proc.returncode != 0
    assert proc.stderr.splitlines()[0] == (f"storyweave: {big}: file too large (1.5 MB, over the 1 MB limit; "
                                           f"raise it with --max-mb)")


def test_lone_surrogate_escape_in_a_record_does_not_crash_the_run(tmp_path):
    """Regression: JSON "\\ud800" decodes to a lone surrogate, which spaCy cannot encode."""
    src = tmp_path / "s.jsonl"
    src.write_text('{"id": "s", "title": "A \\ud800 title", "text": "Up to 12,000 troops \\ud800 were sent to the front '
                   'on Friday, officials said. The army confirmed the move."}\n', encoding="utf-8")
    out = tmp_path / "o.json"
    proc = run("weave", str(src), "--format", "json", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))["documents"][0]
    assert "\ud800" not in doc["body"] and "12,000 troops" in doc["body"]

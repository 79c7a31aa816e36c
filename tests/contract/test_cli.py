"""The four contract commands, end to end on real input: in-process through typer's CliRunner (the models load once
for the whole module), plus one smoke test through the real console entry point in a fresh process."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyweave.cli import app


def run(*args: str, stdin: str | None = None):
    """The command line in this process: exit code, stdout and stderr apart (click >= 8.2 keeps them apart)."""
    return CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Path:
    """Two short reports of one event in different house styles, plus one unrelated."""
    d = tmp_path_factory.mktemp("mini")
    (d / "wire.txt").write_text(
        "Quake rattles coastal city\n\n"
        "A magnitude 6.1 earthquake struck off the coast of Valparaiso on Monday, damaging dozens of homes.\n\n"
        "“The shaking lasted nearly a minute,” said Ana Rojas, a shopkeeper in the port district.\n\n"
        "Authorities said at least 40 people were treated for minor injuries.\n\n"
        "Reuters writes for Reuters. Copyright 2024 Reuters.\n", encoding="utf-8")
    (d / "local.txt").write_text(
        "Earthquake damages homes in Valparaiso\n\n"
        "An earthquake of magnitude 6.1 hit near Valparaiso on Monday and damaged dozens of houses, officials said.\n\n"
        "At least 52 people were treated for minor injuries, the regional health service said.\n\n"
        "“The shaking lasted nearly a minute, and everything fell off the shelves,” Ana Rojas said.\n", encoding="utf-8")
    return d


def _records(mini: Path) -> str:
    return "".join(json.dumps({"id": p.stem, "text": p.read_text()}) + "\n" for p in sorted(mini.glob("*.txt")))


def test_extract_writes_one_document_per_line(mini):
    result = run("extract", str(mini), "--format", "json")
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(d["id"] for d in docs) == ["local", "wire"]
    for d in docs:
        assert d["body"] and isinstance(d["quantities"], list)


def test_quotes_offsets_point_into_the_body(mini):
    result = run("quotes", str(mini), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {r["doc_id"]: r for r in map(json.loads, result.stdout.splitlines())}
    bodies = {d["id"]: d["body"] for d in map(json.loads, run("extract", str(mini), "--format", "json")
                                              .stdout.splitlines())}
    found = 0
    for doc_id, row in rows.items():
        for q in row["quotes"]:
            assert bodies[doc_id][q["start"]:q["end"]] == q["text"]
            found += "Rojas" in (q["speaker"] or "")
    assert found == 2


def test_cluster_and_weave_from_stdin(mini):
    records = _records(mini)
    result = run("cluster", "-", "--format", "json", stdin=records)
    assert result.exit_code == 0, result.stderr
    stories = json.loads(result.stdout)["stories"]
    assert [sorted(s["documents"]) for s in stories] == [["local", "wire"]]
    result = run("weave", "-", "--format", "json", stdin=records)
    assert result.exit_code == 0, result.stderr
    story = json.loads(result.stdout)["stories"][0]
    assert story["summary"] and all(s["sources"] for s in story["summary"])
    assert any({"local", "wire"} <= set(f["sources"]) for f in story["facts"])
    assert story["conflicts"], "40 vs 52 people treated is a conflict"


def test_weave_formats_and_bad_input(mini, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    out = tmp_path / "r.html"
    result = run("weave", str(mini), str(tmp_path / "empty.txt"), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert len([line for line in result.stderr.splitlines() if "empty.txt" in line]) == 1
    assert out.read_text().startswith("<!doctype html>")
    result = run("weave", str(mini / "wire.txt"), "--format", "md")
    assert result.exit_code == 0 and result.stdout.startswith("# storyweave report")


def test_weave_takes_the_format_from_the_output_suffix(mini, tmp_path):
    result = run("weave", str(mini / "wire.txt"), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "r.json").read_text())["stories"]
    run("weave", str(mini / "wire.txt"), "-o", str(tmp_path / "r.txt"))  # unknown suffix: Markdown
    assert (tmp_path / "r.txt").read_text().startswith("# storyweave report")
    run("weave", str(mini / "wire.txt"), "-o", str(tmp_path / "r.html"), "--format", "md")  # asked: kept
    assert (tmp_path / "r.html").read_text().startswith("# storyweave report")


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run("weave", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert result.exit_code != 0
    assert "missing.txt" in result.stderr and "empty.txt" in result.stderr


def test_a_bad_record_on_stdin_is_one_line_and_the_others_are_woven(mini):
    records = _records(mini) + '{"text": 5}\n'
    result = run("extract", "-", "--format", "json", stdin=records)
    assert result.exit_code == 0, result.stderr
    assert sorted(json.loads(line)["id"] for line in result.stdout.splitlines()) == ["local", "wire"]
    assert [line for line in result.stderr.splitlines() if "-:3" in line] == [
        "storyweave: -:3: 'text' must be a string, got a number"]


def test_version_is_printed_without_loading_models():
    result = run("--version")
    assert result.exit_code == 0 and result.output.startswith("storyweave ")
    assert result.output.split()[1][0].isdigit()


def test_console_entry_point_smoke(mini):
    """One real process: `python -m storyweave` reads standard input, writes JSON, and exits 0."""
    proc = subprocess.run([sys.executable, "-m", "storyweave", "weave", "-", "--format", "json"], input=_records(mini),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [sorted(s["documents"]) for s in report["stories"]] == [["local", "wire"]]
    assert report["rejected"] == []

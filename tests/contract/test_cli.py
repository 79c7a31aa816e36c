"""The four contract commands, end to end on real input, through the real console entry point."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, stdin: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "storyweave", *args], input=stdin, capture_output=True, text=True,
                          timeout=timeout)


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


def test_extract_writes_one_document_per_line(mini):
    proc = run("extract", str(mini), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert sorted(d["id"] for d in docs) == ["local", "wire"]
    for d in docs:
        assert d["body"] and isinstance(d["quantities"], list)


def test_quotes_offsets_point_into_the_body(mini):
    proc = run("quotes", str(mini), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = {r["doc_id"]: r for r in map(json.loads, proc.stdout.splitlines())}
    bodies = {d["id"]: d["body"] for d in map(json.loads, run("extract", str(mini), "--format", "json").stdout.splitlines())}
    found = 0
    for doc_id, row in rows.items():
        for q in row["quotes"]:
            assert bodies[doc_id][q["start"]:q["end"]] == q["text"]
            found += "Rojas" in (q["speaker"] or "")
    assert found == 2


def test_cluster_and_weave_from_stdin(mini):
    records = "".join(json.dumps({"id": p.stem, "text": p.read_text()}) + "\n" for p in sorted(mini.glob("*.txt")))
    proc = run("cluster", "-", "--format", "json", stdin=records)
    assert proc.returncode == 0, proc.stderr
    stories = json.loads(proc.stdout)["stories"]
    assert [sorted(s["documents"]) for s in stories] == [["local", "wire"]]
    proc = run("weave", "-", "--format", "json", stdin=records)
    assert proc.returncode == 0, proc.stderr
    story = json.loads(proc.stdout)["stories"][0]
    assert story["summary"] and all(s["sources"] for s in story["summary"])
    assert any({"local", "wire"} <= set(f["sources"]) for f in story["facts"])
    assert story["conflicts"], "40 vs 52 people treated is a conflict"


def test_weave_formats_and_bad_input(mini, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    out = tmp_path / "r.html"
    proc = run("weave", str(mini), str(tmp_path / "empty.txt"), "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "empty.txt" in proc.stderr and len([line for line in proc.stderr.splitlines() if "empty.txt" in line]) == 1
    assert out.read_text().startswith("<!doctype html>")
    proc = run("weave", str(mini / "wire.txt"), "--format", "md")
    assert proc.returncode == 0 and proc.stdout.startswith("# storyweave report")


def test_weave_takes_the_format_from_the_output_suffix(mini, tmp_path):
    proc = run("weave", str(mini / "wire.txt"), "-o", str(tmp_path / "r.json"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "r.json").read_text())["stories"]
    proc = run("weave", str(mini / "wire.txt"), "-o", str(tmp_path / "r.txt"))  # unknown suffix: Markdown
    assert (tmp_path / "r.txt").read_text().startswith("# storyweave report")
    proc = run("weave", str(mini / "wire.txt"), "-o", str(tmp_path / "r.html"), "--format", "md")  # asked: kept
    assert (tmp_path / "r.html").read_text().startswith("# storyweave report")


def test_nothing_readable_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    proc = run("weave", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert proc.returncode != 0
    assert "missing.txt" in proc.stderr and "empty.txt" in proc.stderr


def test_version_is_printed_without_loading_models():
    from typer.testing import CliRunner

    from storyweave.cli import app

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("storyweave ")
    assert result.output.split()[1][0].isdigit()

"""Golden test: weave the four sample reports end to end and score them against the gold (shared/gold copy)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def woven(tmp_path_factory, seeds_dir) -> Path:
    """`storyweave weave SEEDS --format json -o OUT`, in this process (CliRunner: the models load once per test
    session; the console entry point itself is tests/contract/test_cli.py's subprocess smoke test)."""
    from typer.testing import CliRunner

    from storyweave.cli import app

    out = tmp_path_factory.mktemp("golden") / "seeds.json"
    result = CliRunner().invoke(app, ["weave", str(seeds_dir), "--format", "json", "-o", str(out)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return out


def test_seed_story_passes_every_gold_check(woven):
    proc = subprocess.run([sys.executable, str(HERE / "seedscore.py"), str(woven), str(HERE / "seed-story.json")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout


def test_every_citation_points_at_a_real_document_and_span(woven):
    data = json.loads(woven.read_text())
    bodies = {d["id"]: d["body"] for d in data["documents"]}
    story = data["stories"][0]
    assert 6 <= len(story["summary"]) <= 12
    for item in story["summary"] + story["facts"]:
        assert item["sources"] and set(item["sources"]) <= set(bodies)
        for ev in item["evidence"]:
            assert 0 <= ev["start"] < ev["end"] <= len(bodies[ev["doc_id"]])
    for q in story["quotes"]:
        assert set(q["sources"]) <= set(bodies)


def test_wire_copies_count_once(woven):
    data = json.loads(woven.read_text())
    for fact in data["stories"][0]["facts"]:
        assert 1 <= fact["independent_sources"] <= len(fact["sources"])


def _score(path: Path) -> tuple[int, dict[str, tuple[int, int]]]:
    proc = subprocess.run([sys.executable, str(HERE / "seedscore.py"), str(path), str(HERE / "seed-story.json")],
                          capture_output=True, text=True, timeout=60)
    lines = {}
    for line in proc.stdout.splitlines():
        if line[:4] in ("ok  ", "LOW "):
            name, counts = line[4:].split(": ", 1)
            got, total = counts.split(" ", 1)[0].split("/")
            lines[name] = (int(got), int(total))
    return proc.returncode, lines


@pytest.mark.issue(13)
def test_the_scorer_can_fail(woven, tmp_path, gold):
    """The gold scorer's checks count only what can fail (its title check used to pass whatever the title when the
    gold has none: `... or True`), and a damaged output scores lower and fails."""
    _, lines = _score(woven)  # whether it passes is test_seed_story_passes_every_gold_check's business
    expected_total = sum(2 + len(g["not_body"]) + bool(g["title"]) for g in gold["documents"].values())
    assert lines["cleaning+title"][1] == expected_total
    data = json.loads(woven.read_text())
    for d in data["documents"]:
        d["title"] = "Nothing like the headline"
    retitled = tmp_path / "retitled.json"
    retitled.write_text(json.dumps(data))
    _, wrong = _score(retitled)
    titled = sum(bool(g["title"]) for g in gold["documents"].values())
    assert wrong["cleaning+title"] == (lines["cleaning+title"][0] - titled, expected_total)
    data["stories"] = []
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    rc, _ = _score(broken)
    assert rc == 1

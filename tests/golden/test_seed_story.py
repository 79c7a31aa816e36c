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
    out = tmp_path_factory.mktemp("golden") / "seeds.json"
    proc = subprocess.run([sys.executable, "-m", "storyweave", "weave", str(seeds_dir), "--format", "json", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
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

"""Quality gate on trafilatura's evaluation set (issue 12): a fixed fifth of its pages (every 5th, 198 pages), scored
with its snippet metric by bench/extraction.py. Floors sit a little below what the code reaches; they only go up.
The full set stays in the bench: `python bench/extraction.py` (all 990 pages, a few minutes)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT.parent / "shared" / "data" / "trafilatura-eval"
EVERY = 5
# reached (every 5th page): trafilatura 2.3.1 alone F1 0.926, storyweave HTML path 0.945 (P 0.927, R 0.963), text
# path 0.870 (0.921 of the HTML path). All 990 pages: 0.926, 0.9435, 0.866 (0.918).
HTML_F1_FLOOR = 0.940
TEXT_F1_FLOOR = 0.860
TEXT_OVER_HTML_FLOOR = 0.92


def _bench():
    spec = importlib.util.spec_from_file_location("bench_extraction", ROOT / "bench" / "extraction.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def rows():
    if not (SET / "gold.jsonl").is_file():
        pytest.skip(f"trafilatura-eval is not at {SET} (the shared data folder beside the repository)")
    bench = _bench()
    gold = bench.load_gold(SET, EVERY)
    return {name: s for name, (s, _, _) in bench.run_all(SET, gold).items()}


@pytest.mark.timeout(300)
def test_html_path_beats_the_library_it_wraps(rows):
    html, alone = rows["storyweave html"], rows["trafilatura"]
    assert html["f1"] >= HTML_F1_FLOOR, html
    assert html["f1"] >= alone["f1"], (html, alone)
    assert html["p"] > alone["p"], (html, alone)  # storyweave's drops buy precision ...
    assert html["r"] >= alone["r"] - 0.01, (html, alone)  # ... at almost no recall


@pytest.mark.timeout(300)
def test_text_path_on_whole_pages(rows):
    text, html = rows["storyweave text"], rows["storyweave html"]
    assert text["f1"] >= TEXT_F1_FLOOR, text
    assert text["f1"] / html["f1"] >= TEXT_OVER_HTML_FLOOR, (text, html)

"""annotate.quantities on NewsQuant dev (../shared/data/newsquant-dev), scored by ../shared/tools/score_quantities.py.

The data is read from ../shared at run time (never copied into the repository). The floors sit a little below what
the extractor reached when they were set (bench/quantities.py prints the figures); they only go up.
"""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT, SHARED

GOLD = SHARED / "data" / "newsquant-dev" / "sentences.jsonl"
SCORER = SHARED / "tools" / "score_quantities.py"

FLOORS = {
    "headline": 0.92,  # value F1, ranges read (issue 16 goal 0.92; reached 0.932)
    "value+unit": 0.75,  # the scorer's adapter reads a unit from `unit`, else the last word of `counts` (reached 0.766)
    "value+unit(per)": 0.79,  # the same adapter with " per " + `per` added for rates (reached 0.809)
    "value+unit(fields)": 0.82,  # and a count's unit read as its whole `counts` phrase, as NewsQuant does (0.836)
    "value+change": 0.78,  # change read from `qualifier` by the scorer's adapter (reached 0.795)
    "value+change(field)": 0.87,  # change read from the `change` field (reached 0.889)
    "value+concept_partial": 0.46,  # measures take what the sentence says they are of, too (reached 0.473)
}


@pytest.fixture(scope="module")
def figures(tmp_path_factory, nlp):
    if not GOLD.exists() or not SCORER.exists():
        pytest.skip("../shared/data/newsquant-dev or ../shared/tools/score_quantities.py is not present")
    spec = importlib.util.spec_from_file_location("bench_quantities", ROOT / "bench" / "quantities.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    return bench.run(GOLD, tmp_path_factory.mktemp("newsquant"))


@pytest.mark.slow
@pytest.mark.issue(16)
@pytest.mark.parametrize("row", sorted(FLOORS))
def test_newsquant_dev_floors(figures, row):
    assert figures[row] >= FLOORS[row], f"{row}: {figures[row]:.3f} < floor {FLOORS[row]}"

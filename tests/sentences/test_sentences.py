"""annotate.sentences: the rules before spaCy's parser (abbreviations, line breaks, quotations, datelines), on real
parses, and the boundary floor on ECB+ dev (../shared/data/ecbplus-dev, read at run time)."""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT, SHARED
from storyweave.annotate import annotate
from storyweave.annotate.sentences import dateline_length
from storyweave.model import Document


@pytest.fixture(scope="module")
def split(nlp):
    def run(text: str) -> list[str]:
        return [s.text.strip() for s in nlp(text).sents if s.text.strip()]
    return run


@pytest.mark.issue(16)
@pytest.mark.parametrize("text,sentences", [
    # a title before a name (spaCy splits after "Insp." and "Sgt.")
    ("Quebec City police Insp. Denis Turcotte said the man was arrested.",
     ["Quebec City police Insp. Denis Turcotte said the man was arrested."]),
    ("He met Sgt. Maj. John Smith and Lt. Col. Tom Jones at 10 a.m. The meeting ran late.",
     ["He met Sgt. Maj. John Smith and Lt. Col. Tom Jones at 10 a.m.", "The meeting ran late."]),
    # a state after "City," ends the sentence when a capitalised word follows (spaCy glues them)
    ("The leaders met at Camp David, Md. Biden nudged them toward a deal.",
     ["The leaders met at Camp David, Md.", "Biden nudged them toward a deal."]),
    ("Police in Rockville, Md. said the road was closed.",
     ["Police in Rockville, Md. said the road was closed."]),
    ("They live in St. Louis, Mo. The city is big.", ["They live in St. Louis, Mo.", "The city is big."]),
    # a month or "No." before a number
    ("The vote is set for Feb. 21 in the capital.", ["The vote is set for Feb. 21 in the capital."]),
    # a quotation's attribution stays with it
    ('"We won!" he said. "It was great."', ['"We won!" he said.', '"It was great."']),
    ("He said the fact that he is a movie star ... he's also a singer.",
     ["He said the fact that he is a movie star ... he's also a singer."]),
    # the parser opens a sentence after these titles even when told not to: joined after it
    ("\"Somebody came in,'' Vancouver police Const. Tim Fanning told a news conference.",
     ["\"Somebody came in,'' Vancouver police Const. Tim Fanning told a news conference."]),
    ("CNA spoke with Msgr. Michael L. Farmer, Vicar General.",
     ["CNA spoke with Msgr. Michael L. Farmer, Vicar General."]),
    # streets and times
    ("A man was shot at 40 East 5th Ave. at a business called Tall Grass.",
     ["A man was shot at 40 East 5th Ave. at a business called Tall Grass."]),
    ("The party began about 4 p.m. Police locked down the area.",
     ["The party began about 4 p.m.", "Police locked down the area."]),
    ("They met at 4 p.m. Friday in Lima.", ["They met at 4 p.m. Friday in Lima."]),
])
def test_abbreviations_and_quotations(split, text, sentences):
    assert split(text) == sentences


@pytest.mark.issue(16)
def test_line_breaks(split):
    # a headline and a date line are sentences of their own; a wrapped line runs on
    assert split("Ellen DeGeneres To Host Oscars\nAUGUST 2, 2013\nAnd the next host is Ellen DeGeneres.") == [
        "Ellen DeGeneres To Host Oscars", "AUGUST 2, 2013", "And the next host is Ellen DeGeneres."]
    wrapped = ("The minister said on Tuesday that the government would not change the law before\n"
               "the election, which is due in May.")
    assert split(wrapped) == [wrapped]


@pytest.mark.issue(16)
def test_stop_dateline_joins_and_is_trimmed(nlp):
    body = "KIEV, April 7. Ukraine's parliament voted on Monday.\n\nWASHINGTON, Feb. 21. The talks went on."
    assert dateline_length(body) == len("KIEV, April 7. ")
    assert dateline_length("Ukraine said on April 7. It was late.") == 0
    sents = annotate([Document(id="d", body=body)])[0].sentences
    assert [s.text for s in sents] == ["Ukraine's parliament voted on Monday.", "The talks went on."]
    assert all(body[s.start:s.end] == s.text for s in sents)


ECB = SHARED / "data" / "ecbplus-dev" / "documents.jsonl"
FLOORS = {  # boundary F1 on ECB+ dev (bench/sentences.py); plain spaCy 0.910 / 0.938, before issue 16's rules
    "lines/storyweave": 0.97,  # 0.934 before; reached 0.976
    "flowed/storyweave": 0.943,  # 0.938 before; reached 0.948
}


def test_joined_sentences_keep_one_tree(nlp):
    """merge_sentences re-attaches the parser's second root: every sentence has one root, heads stay inside it."""
    doc = nlp("CNA spoke with Msgr. Michael L. Farmer, Vicar General. Vancouver police Const. Tim Fanning spoke.")
    sents = list(doc.sents)
    assert len(sents) == 2
    for s in sents:
        assert sum(1 for t in s if t.head.i == t.i) == 1
        assert all(s.start <= t.head.i < s.end for t in s)


@pytest.fixture(scope="module")
def ecb_figures(nlp):
    if not ECB.exists():
        pytest.skip("../shared/data/ecbplus-dev is not present")
    spec = importlib.util.spec_from_file_location("bench_sentences", ROOT / "bench" / "sentences.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)  # type: ignore[union-attr]
    return bench.run(ECB, systems=("storyweave",))


@pytest.mark.slow
@pytest.mark.issue(16)
@pytest.mark.parametrize("row", sorted(FLOORS))
def test_ecbplus_dev_boundary_floors(ecb_figures, row):
    assert ecb_figures[row] >= FLOORS[row], f"{row}: {ecb_figures[row]:.3f} < floor {FLOORS[row]}"

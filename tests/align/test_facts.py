"""Cross-checking claims: alignment across reports, independent sources, exclusives (real MiniLM embeddings)."""
from __future__ import annotations

import pytest

from storyweave.align.facts import align_facts, origin_keys
from storyweave.model import Annotations, Document, Sentence


def _doc(doc_id: str, sentences: list[str], origin: str | None = None, outlet: str | None = None):
    body = " ".join(sentences)
    sents, pos = [], 0
    for s in sentences:
        start = body.index(s, pos)
        sents.append(Sentence(doc_id=doc_id, start=start, end=start + len(s), text=s))
        pos = start + len(s)
    return (Document(id=doc_id, body=body, origin_outlet=origin, outlet=outlet),
            Annotations(doc_id=doc_id, sentences=tuple(sents)))


REUTERS = ["Heavy flooding forced the evacuation of 3,000 residents from the riverside town of Kelso on Tuesday.",
           "The regional council said the river peaked at 6.2 metres overnight, a record for the area.",
           "Emergency crews rescued a family of four from the roof of their car near the old bridge."]
BBC = ["About 3,000 people were evacuated from Kelso on Tuesday after the river burst its banks.",
       "Forecasters expect more rain across the Borders region later this week, officials warned.",
       "The local football ground has been turned into a temporary shelter for displaced families."]
WIRE_COPY = list(REUTERS)  # the same wire story republished on another site


def test_same_claim_in_two_outlets_is_one_fact_with_both_sources():
    (d1, a1), (d2, a2) = _doc("reuters", REUTERS, origin="Reuters"), _doc("bbc", BBC, origin="BBC News")
    facts, _ = align_facts([d1, d2], [a1, a2], origin_keys([d1, d2]))
    evac = [f for f in facts if "evacuat" in f.text]
    assert len(evac) == 1
    assert evac[0].sources == ("bbc", "reuters") and evac[0].independent_sources == 2
    assert facts[0] is evac[0]  # corroborated facts come first


def test_republished_wire_story_counts_once():
    (d1, a1) = _doc("reuters", REUTERS, origin="Reuters")
    (d2, a2) = _doc("yahoo-copy", WIRE_COPY, origin="Reuters", outlet="Yahoo News")
    (d3, a3) = _doc("bbc", BBC, origin="BBC News")
    facts, _ = align_facts([d1, d2, d3], [a1, a2, a3], origin_keys([d1, d2, d3]))
    evac = next(f for f in facts if "evacuat" in f.text)
    assert set(evac.sources) == {"reuters", "yahoo-copy", "bbc"}
    assert evac.independent_sources == 2


def test_near_duplicate_copies_share_an_origin_even_without_credits():
    d1, _ = _doc("a", REUTERS)
    d2, _ = _doc("b", WIRE_COPY)
    keys = origin_keys([d1, d2], copies=[("a", "b")])
    assert keys["a"] == keys["b"]
    assert origin_keys([d1, d2])["a"] != origin_keys([d1, d2])["b"]


def test_outlet_spellings_fold_to_one_origin():
    docs = [Document(id="x", body="", origin_outlet="Bloomberg News"), Document(id="y", body="", origin_outlet="Bloomberg"),
            Document(id="z", body="", origin_outlet="The Associated Press")]
    keys = origin_keys(docs)
    assert keys["x"] == keys["y"] != keys["z"]


def test_exclusives_are_what_only_one_report_carries():
    (d1, a1), (d2, a2) = _doc("reuters", REUTERS, origin="Reuters"), _doc("bbc", BBC, origin="BBC News")
    _, exclusives = align_facts([d1, d2], [a1, a2], origin_keys([d1, d2]))
    assert any("family of four" in t for t in exclusives["reuters"])
    assert any("football ground" in t for t in exclusives["bbc"])
    assert not any("evacuat" in t for t in exclusives.get("bbc", ()))


def test_single_report_has_no_exclusives_and_no_crash():
    d1, a1 = _doc("only", REUTERS)
    facts, exclusives = align_facts([d1], [a1], origin_keys([d1]))
    assert exclusives == {} and len(facts) == 3 and all(f.independent_sources == 1 for f in facts)


@pytest.mark.parametrize("sentences", [[], ["Too short."]])
def test_no_claims(sentences):
    d1, a1 = _doc("x", sentences)
    assert align_facts([d1], [a1], origin_keys([d1])) == ([], {})


def test_a_fact_is_worded_without_a_figure_only_one_report_gives():
    docs = [_doc("a", ["Livestock now outweigh all wild mammals on Earth by more than 20-fold, and domesticated "
                       "poultry outnumber wild birds, the study found."], origin="A"),
            _doc("b", ["Livestock now outweigh all wild mammals on Earth, the study found."], origin="B"),
            _doc("c", ["Domesticated poultry outnumber wild birds and livestock outweigh wild mammals, researchers "
                       "said."], origin="C")]
    facts, exclusives = align_facts([d for d, _ in docs], [a for _, a in docs], origin_keys([d for d, _ in docs]))
    merged = [f for f in facts if len(f.sources) == 3]
    assert len(merged) == 1 and "20-fold" not in merged[0].text
    assert "a" in merged[0].sources  # a states all that the merged fact says
    # a's sentence is carried in part by b and c, so it is not an exclusive (issue 11: exclusives are claims no other
    # report supports, fully or partly)
    assert not any("20-fold" in t for t in exclusives.get("a", ()))


def test_a_report_missing_the_facts_figure_supports_it_only_in_part():
    docs = [_doc("a", ["The storm destroyed 300 homes along the coast of Florida on Monday, officials said."], "A"),
            _doc("b", ["The storm destroyed 300 homes along the coast of Florida on Monday, the governor said."], "B"),
            _doc("c", ["The storm destroyed homes along the coast of Florida near Tampa on Monday, officials said."], "C")]
    facts, _ = align_facts([d for d, _ in docs], [a for _, a in docs], origin_keys([d for d, _ in docs]))
    storm = next(f for f in facts if "storm" in f.text)
    assert "300" in storm.text
    assert storm.sources == ("a", "b") and storm.partial_sources == ("c",) and storm.independent_sources == 2


def test_claims_whose_figures_conflict_never_support_each_other():
    from storyweave.align.facts import claim_graph, find_claims

    docs = [_doc("a", ["Up to 12,000 North Korean troops have been sent to Russia, officials in Seoul said."], "A"),
            _doc("b", ["Up to 10,000 North Korean troops have been sent to Russia, officials in Seoul said."], "B")]
    ds, anns = [d for d, _ in docs], [a for _, a in docs]
    graph = claim_graph(find_claims(ds, anns))
    assert graph.aligned_pairs() == [(0, 1)]  # the same claim with the figure masked
    facts, exclusives = align_facts(ds, anns, origin_keys(ds), graph=graph, contradicting={(0, 1)})
    assert sorted(f.sources for f in facts) == [("a",), ("b",)]
    assert exclusives == {}  # each is carried, with another figure, by the other report


@pytest.mark.issue(11)
@pytest.mark.parametrize("recall, exclusive", [(0.6, False), (0.4, True), (0.1, True)])
def test_a_claim_another_report_states_in_full_is_not_exclusive_for_a_name_it_adds(recall, exclusive):
    # x's claim names the fire chief, whom y never names; y's long sentence holds `recall` of x's words, at a
    # similarity below a same-claim match: stated in full (half its words or more), the name does not make it x's alone
    import numpy as np

    from storyweave.align.facts import Claim, ClaimGraph, _exclusives
    from storyweave.settings import DEFAULTS

    x = Claim("x", 0, 80, "Fire chief Tom Baird said crews rescued a family of four from the roof of their car.", 0)
    y = Claim("y", 0, 90, "Near the old bridge, emergency crews rescued a family of four from the roof of a car.", 0)
    graph = ClaimGraph((x, y), np.array([[1.0, 0.3], [0.3, 1.0]], np.float32),
                       np.array([[1.0, recall], [0.5, 1.0]], np.float32))
    words = {"x": set(x.text.lower().split()), "y": set(y.text.lower().split())}
    assert (x.text in _exclusives(graph, words, settings=DEFAULTS.align).get("x", ())) is exclusive

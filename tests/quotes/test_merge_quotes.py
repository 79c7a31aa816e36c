"""align.quotes.merge_quotes on hand-made mentions (no models needed)."""
from __future__ import annotations

import pytest

from storyweave.align.quotes import merge_quotes
from storyweave.model import QuoteMention


def qm(doc: str, text: str, speaker: str | None, start: int = 0) -> QuoteMention:
    return QuoteMention(doc_id=doc, text=text, start=start, end=start + len(text), speaker=speaker)


CANON = {"Mr. Biden": "Joe Biden", "Biden": "Joe Biden", "Sullivan": "Jake Sullivan"}.get


def test_same_quote_small_wording_differences_become_variants():
    ms = [qm("a", "The possibility of a seventh nuclear test remains ever-present", "Sullivan"),
          qm("b", "The possibility of a seventh nuclear test remains ever present and something we're vigilant for. "
                  "The transitions have historically been time periods", "Jake Sullivan", 40)]
    out = merge_quotes(ms, CANON)
    assert len(out) == 1
    q = out[0]
    assert q.speaker == "Jake Sullivan"
    assert q.sources == ("a", "b")
    assert q.text.startswith("The possibility") and "transitions" in q.text  # the fullest wording
    assert {v.sources for v in q.variants} == {("a",), ("b",)}
    assert [(e.doc_id, e.start) for e in q.evidence] == [("a", 0), ("b", 40)]


def test_identical_wording_has_no_variants_and_partial_quote_joins():
    ms = [qm("a", "dangerous and destabilizing cooperation", "Mr. Biden"),
          qm("b", "countering North Korea's dangerous and destabilizing cooperation with Russia", "Joe Biden"),
          qm("c", "countering North Korea’s dangerous and destabilizing cooperation with Russia", None)]
    out = merge_quotes(ms, CANON)
    assert len(out) == 1 and out[0].sources == ("a", "b", "c") and out[0].speaker == "Joe Biden"
    same = merge_quotes([qm("a", "We will win.", "Ann Lee"), qm("b", "“We will win”", "Ann Lee")], lambda n: None)
    assert len(same) == 1 and same[0].variants == ()


@pytest.mark.issue(11)
def test_one_quotation_credited_to_different_people_is_one_quote_with_the_disagreement_shown():
    ms = [qm("a", "We will not back down on this issue, not now and not ever", "Ann Lee"),
          qm("b", "We will not back down on this issue, not now and not ever", "Tom Hardy"),
          qm("c", "We will not back down on this issue, not now or ever", "Ann Lee")]
    out = merge_quotes(ms, lambda n: None)
    assert len(out) == 1
    q = out[0]
    assert q.sources == ("a", "b", "c") and q.speaker == "Ann Lee"  # the speaker most reports name
    assert [(a.speaker, a.sources) for a in q.attributions] == [("Ann Lee", ("a", "c")), ("Tom Hardy", ("b",))]
    assert {v.sources for v in q.variants} == {("a", "b"), ("c",)}


def test_short_quotes_of_different_speakers_stay_apart():
    ms = [qm("a", "We will not back down", "Ann Lee"), qm("b", "We will not back down", "Tom Hardy")]
    out = merge_quotes(ms, lambda n: None)
    assert len(out) == 2 and {q.speaker for q in out} == {"Ann Lee", "Tom Hardy"}
    assert all(q.attributions == () for q in out)


def test_collective_speakers_merge_and_unknown_canonical_keeps_name():
    ms = [qm("a", "Deepening military cooperation between the DPRK and Russia is particularly egregious",
             "the three leaders"),
          qm("b", "Deepening military cooperation between the DPRK and Russia is particularly egregious",
             "joint statement")]
    out = merge_quotes(ms, lambda n: None)
    assert len(out) == 1 and out[0].speaker in ("the three leaders", "joint statement")


def test_surname_resolved_within_the_story_when_canonical_does_not_know():
    ms = [qm("a", "I think it is built to last", "Biden"), qm("b", "an unrelated remark about trade policy", "Joe Biden")]
    out = merge_quotes(ms, lambda n: None)
    assert {q.speaker for q in out} == {"Joe Biden"}


def test_unrelated_quotes_stay_apart_and_order_by_sources():
    ms = [qm("a", "The economy is strong and getting stronger", "Ann Lee"),
          qm("a", "We expect rates to fall next year", "Ann Lee", 100),
          qm("b", "We expect rates to fall next year", "Ann Lee")]
    out = merge_quotes(ms, lambda n: None)
    assert [q.text for q in out] == ["We expect rates to fall next year", "The economy is strong and getting stronger"]
    assert merge_quotes([], lambda n: None) == []


def test_collective_speaker_is_not_mapped_to_a_person():
    canon = {"The Trump transition team": "Donald Trump", "Trump": "Donald Trump"}.get
    out = merge_quotes([qm("a", "does not speak for the president-elect", "The Trump transition team")], canon)
    assert out[0].speaker == "The Trump transition team"


def test_chain_of_cuts_takes_the_central_wording():
    ms = [qm("a", "The possibility of a seventh nuclear test remains ever-present", "Jake Sullivan"),
          qm("a", "It's something we're vigilant for. Transitions have historically been time periods when the DPRK "
                  "has taken provocative actions, so that's something we are watching very carefully", "Jake Sullivan",
             80),
          qm("b", "The possibility of a seventh nuclear test remains ever present and something we're vigilant for. "
                  "The transitions have historically been time periods when the DPRK has taken provocative actions",
             "Jake Sullivan")]
    out = merge_quotes(ms, lambda n: None)
    assert len(out) == 1 and out[0].text.startswith("The possibility of a seventh nuclear test remains ever present")
    assert len(out[0].variants) == 3


@pytest.mark.issue(11)
def test_one_persons_remark_worded_apart_is_one_quote_and_anothers_is_not():
    canon = {"Kono": "Taro Kono"}.get
    ms = [qm("a", "It's not the time to ease pressure towards North Korea.", "Kono"),
          qm("b", "It is not the time to ease pressure, or to reward North Korea", "Taro Kono")]
    out = merge_quotes(ms, canon)
    assert len(out) == 1 and out[0].sources == ("a", "b") and len(out[0].variants) == 2
    # the same six words in a row from two different people, or short of half the quotation, stay two quotes
    other = merge_quotes([ms[0], qm("b", "It is not the time to ease pressure, or to reward North Korea", "Ann Lee")],
                         canon)
    assert len(other) == 2
    apart = merge_quotes([ms[0], qm("b", "Now is not the time to ease off on the sanctions against the regime in "
                                        "Pyongyang", "Taro Kono")], canon)
    assert len(apart) == 2  # five words in a row: a phrase the person uses again, not one remark
    long_a = qm("a", "We have said all along that it is not the time to ease pressure on the regime, and we mean it",
                "Kono")
    long_b = qm("b", "Our partners agree it's not the time to ease pressure, whatever the talks in Vancouver produce "
                     "this week", "Taro Kono")
    assert len(merge_quotes([long_a, long_b], canon)) == 2  # six words in a row, not half of either

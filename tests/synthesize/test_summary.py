"""The cited summary: led by the main development, about 250 words, no repeats, every sentence cites its sources."""
from __future__ import annotations

from storyweave.model import Fact
from storyweave.synthesize import summarize


def _fact(text: str, n: int) -> Fact:
    sources = tuple(f"d{i}" for i in range(n))
    return Fact(text=text, sources=sources, independent_sources=n)


FACTS = [
    _fact("The central bank raised its main interest rate to 5.25 percent on Thursday.", 4),
    _fact("The bank raised its main interest rate to 5.25 percent on Thursday, its highest level in 15 years.", 3),
    _fact("Inflation fell to 6.8 percent in July from 7.9 percent in June, official figures showed.", 3),
    _fact("“We will do what is necessary,” the governor told reporters after the decision.", 3),
    _fact("But it said further increases might be needed if price pressures persisted.", 2),
    _fact("Mortgage lenders are expected to pass the increase on to borrowers within days.", 2),
    _fact("Two of the nine committee members voted to keep rates unchanged at the meeting.", 2),
    _fact("Markets had priced in the increase ahead of the announcement, analysts said.", 2),
    _fact("The pound rose slightly against the dollar after the decision was announced.", 1),
    _fact("Retail groups warned that higher borrowing costs would weigh on spending this autumn.", 1),
    _fact("The next rate decision is due in September, when new forecasts will be published.", 1),
    _fact("House prices fell for a fourth month in a row in July, a lender survey found.", 1),
    _fact("Unemployment was unchanged at 4 percent in the three months to June.", 1),
    _fact("Wage growth reached 7.3 percent, a record outside the pandemic period.", 1),
]


def test_summary_length_order_and_citations():
    summary = summarize(FACTS)
    assert 6 <= len(summary) <= 12
    assert summary[0].text == FACTS[0].text
    assert all(s.sources for s in summary)
    counts = [len(s.sources) for s in summary]
    assert counts[:5] == sorted(counts[:5], reverse=True)


def test_summary_skips_repeats_quotes_and_dangling_openers():
    texts = [s.text for s in summarize(FACTS)]
    tail = _fact("all the way to the end, the critic would have headed for the exit long before the finale.", 4)
    assert tail.text not in [s.text for s in summarize([tail] + FACTS)]  # lower case: a sentence cut in two
    brand = _fact("eBay said its quarterly revenue rose 12 percent, beating analysts' forecasts.", 4)
    assert brand.text in [s.text for s in summarize([brand] + FACTS)]
    assert FACTS[1].text not in texts  # repeats the first sentence
    assert FACTS[3].text not in texts  # mostly a quotation
    assert FACTS[4].text not in texts  # opens on "But": does not stand alone


def test_summary_of_a_short_story_uses_what_there_is():
    summary = summarize(FACTS[:2])
    assert [s.text for s in summary] == [FACTS[0].text]
    assert summarize([]) == []


def test_story_title_is_a_headline_else_the_summary_lead_not_a_first_line():
    from storyweave.model import Annotations, CrossCheck, Document, StoryGroup
    from storyweave.synthesize import synthesize

    first_lines = ["SEOUL (Reuters) - The two Koreas will field a combined women's ice hockey team and march…",
                   "Two of the nine committee members voted to keep rates unchanged."]
    docs = {f"d{i}": Document(id=f"d{i}", body=f"{line}\n\nMore text.") for i, line in enumerate(first_lines)}
    anns = {d: Annotations(doc_id=d) for d in docs}
    group = StoryGroup(id="s1", documents=tuple(docs), title=first_lines[0])  # the grouping's fallback name
    story = synthesize(group, CrossCheck(facts=tuple(FACTS)), docs, anns)
    assert story.title == FACTS[0].text == story.summary[0].text
    long_fact = _fact("Written by two screenwriters with an uncredited polish by a third, the story, like its "
                      "predecessor, begins with five young people arriving at a secluded cabin in the woods.", 3)
    story = synthesize(group, CrossCheck(facts=(long_fact,)), docs, anns)
    assert story.title.endswith("…") and len(story.title) <= 121
    assert long_fact.text.startswith(story.title[:-1] + " ")  # cut at a word boundary
    docs["d1"] = Document(id="d1", body="More text.", title="Central bank raises rates to 5.25 percent")
    story = synthesize(StoryGroup(id="s1", documents=tuple(docs)), CrossCheck(facts=tuple(FACTS)), docs, anns)
    assert story.title == "Central bank raises rates to 5.25 percent"


def test_the_main_development_leads_and_the_rest_reads_in_report_order():
    """Issue 11: the summary leads with the most corroborated claim that stands earliest in the reports; the other
    sentences follow in the order the reports tell them."""
    facts = FACTS[2:3] + FACTS[0:1] + FACTS[5:9]  # the rate decision is not first in the list
    positions = [3, 0, 9, 1, 7, 2]  # but it opens a report
    summary = summarize(facts, positions)
    texts = [s.text for s in summary]
    assert texts[0] == FACTS[0].text
    order = [positions[facts.index(next(f for f in facts if f.text == t))] for t in texts[1:]]
    assert order == sorted(order)


def test_partial_support_is_kept_apart_in_the_summary():
    fact = Fact(text=FACTS[0].text, sources=("d0", "d1"), independent_sources=2, partial_sources=("d2",))
    (first, *_) = summarize([fact] + FACTS[5:])
    assert first.sources == ("d0", "d1") and first.partial_sources == ("d2",)


def test_a_sentence_leaning_on_the_one_before_is_left_out():
    leaning = _fact("North Korea's leader also ordered a series of missile tests in the lead-up to the vote.", 4)
    standalone = _fact("North Korea's leader ordered a series of missile tests in the lead-up to the vote.", 4)
    assert leaning.text not in [s.text for s in summarize([leaning] + FACTS)]
    assert standalone.text in [s.text for s in summarize([standalone] + FACTS)]


def test_people_are_named_in_full_where_the_summary_first_names_them():
    from storyweave.model import Entity, SummarySentence
    from storyweave.synthesize import introduce_names

    people = [Entity(name="Joe Biden", type="PERSON", aliases=("Biden", "Joe Biden"), sources=("a",)),
              Entity(name="Yoon Suk Yeol", type="PERSON", aliases=("Yoon", "Yoon Suk Yeol"), sources=("a",)),
              Entity(name="Shigeru Ishiba", type="PERSON", aliases=("Ishiba", "Shigeru Ishiba"), sources=("a",)),
              Entity(name="Lima", type="GPE", aliases=("Lima",), sources=("a",))]
    summary = [SummarySentence(text="President Biden met Yoon in Lima on Friday.", sources=("a",)),
               SummarySentence(text="Biden's aides said Shigeru Ishiba joined them; Ishiba spoke first.",
                               sources=("a",)),
               SummarySentence(text="Yoon left on Saturday.", sources=("a",))]
    out = [s.text for s in introduce_names(summary, people)]
    assert out == ["President Joe Biden met Yoon Suk Yeol in Lima on Friday.",
                   "Biden's aides said Shigeru Ishiba joined them; Ishiba spoke first.",
                   "Yoon left on Saturday."]
    assert introduce_names(summary[1:2], people)[0].text.startswith("Joe Biden's aides")
    yoon = [Entity(name="Yoon Suk Yeol", type="PERSON", aliases=("Yoon", "Yoon Suk-yeol", "Yoon Suk Yeol"),
                   sources=("a",))]
    spelled = [SummarySentence(text="South Korean President Yoon Suk-yeol met him.", sources=("a",))]
    assert introduce_names(spelled, yoon)[0].text == spelled[0].text  # another spelling of the full name


def test_a_quotation_its_sentence_attributes_to_someone_named_can_be_summarised():
    """Multi-News references quote people by name; a quotation whose speaker the sentence names stands on its own,
    one given to a pronoun or an unnamed role does not, and a quotation cut in two never does."""
    from storyweave.synthesize import _readable

    named = _fact("“We did not touch them out of respect and left the bodies on the mountain,” Steck told Reuters.", 2)
    says = _fact('"We had to sort through a number of options," says Bob Weir, the band\'s guitarist.', 2)
    pronoun = _fact("“It's fine -- I'm over it,” she said when The Hollywood Reporter asked about the incident.", 2)
    role = _fact("“We will do what is necessary,” the governor told reporters after the decision.", 2)
    cut = _fact("“I truly believe cooperation of our countries will be a foundation to peace,” Biden said, and", 2)
    half = _fact("She said, “Silicone sickness in and of itself is one entity.", 2)
    assert _readable(named) and _readable(says)
    assert not _readable(pronoun) and not _readable(role) and not _readable(cut) and not _readable(half)
    assert named.text in [s.text for s in summarize([named] + FACTS)]


def test_centrality_is_the_share_of_reports_using_a_facts_words():
    from storyweave.synthesize import centrality

    bodies = ["A strong earthquake struck Aceh province on Tuesday, officials said.",
              "The earthquake hit Aceh early Tuesday and damaged buildings.",
              "Rescuers searched the rubble after the earthquake in Aceh."]
    facts = [_fact("A strong earthquake struck Aceh on Tuesday.", 2),
             _fact("Rescuers searched the rubble for hours.", 1)]
    shared, own = centrality(facts, bodies)
    assert shared > own and 0 < own < shared <= 1
    assert centrality(facts, bodies[:1]) == [0.0, 0.0]


def test_the_lead_is_what_the_reports_open_on_and_the_rest_adds_what_is_not_yet_said():
    """The lead is a report's opening claim, the most corroborated of them, even when a later claim has more
    sources; a later sentence that only restates chosen words adds nothing and is left out, while one that adds
    what the reports share is taken."""
    bodies = ["Sweden tops the Good Country Index, a ranking of 163 nations by their contribution to humanity. "
              "The United States came 21st. The index uses 35 indicators from the United Nations and the World Bank.",
              "Sweden has been named the best country in the world in the Good Country Index. The United States "
              "ranked 21st, and Libya came last among 163 countries.",
              "The Good Country Index, created by policy adviser Simon Anholt, crowned Sweden. Libya came last. "
              "The ranking draws on 35 indicators from the World Bank and the United Nations."]
    facts = [Fact(text="The United States came 21st in the Good Country Index of 163 countries.",
                  sources=("a", "b", "c"), independent_sources=3),
             Fact(text="Sweden tops the Good Country Index, a ranking of 163 nations by their contribution.",
                  sources=("a", "b"), independent_sources=2),
             Fact(text="Sweden tops the Good Country Index, a ranking of nations, the index said.",
                  sources=("c",), independent_sources=1),
             Fact(text="The index uses 35 indicators from the United Nations and the World Bank.",
                  sources=("a", "c"), independent_sources=2),
             Fact(text="Anholt also hopes the results will start a discussion about what countries owe the world.",
                  sources=("c",), independent_sources=1)]
    positions = [3, 0, 4, 2, 5]
    texts = [s.text for s in summarize(facts, positions, bodies)]
    assert texts[0] == facts[1].text  # the opening claim, not the one with more sources further down
    assert facts[0].text in texts and facts[3].text in texts
    assert facts[2].text not in texts  # restates the lead
    assert facts[4].text not in texts  # leans on a sentence before it


def test_the_title_is_a_headline_that_states_the_event_never_a_label_or_credit():
    """Headlines as the cleaner reads them off real pages: section names, credits and site slogans name no event
    and give way to a headline that does, or to the summary's lead."""
    from storyweave.model import Annotations, CrossCheck, Document, StoryGroup
    from storyweave.synthesize import states_event, synthesize

    from storyweave.synthesize import _stems

    words = _stems(" ".join(f.text for f in FACTS[:3]))
    assert states_event("Central bank raises interest rate to 5.25 percent", words)
    for label in ("Local News More>>", "/ Updated By Sarah Fitzpatrick", "From Wikipedia, the free encyclopedia",
                  "Edited and translated by Zhang Qian, People's Daily Online", "Markets", "Trending News: How "
                  "Good Of A Person Are You? Depends On Where You Live"):
        assert not states_event(label, words), label
    docs = {"a": Document(id="a", body="More text.", title="Local News More>>"),
            "b": Document(id="b", body="More text.", title="Central bank raises its main interest rate"),
            "c": Document(id="c", body="More text.", title="/ Updated By Sarah Fitzpatrick")}
    anns = {d: Annotations(doc_id=d) for d in docs}
    story = synthesize(StoryGroup(id="s", documents=tuple(docs), title="Local News More>>"),
                       CrossCheck(facts=tuple(FACTS)), docs, anns)
    assert story.title == "Central bank raises its main interest rate"
    docs.pop("b")
    story = synthesize(StoryGroup(id="s", documents=tuple(docs), title="Local News More>>"),
                       CrossCheck(facts=tuple(FACTS)), docs, anns)
    assert story.title == story.summary[0].text == FACTS[0].text


def test_a_headline_run_into_the_body_and_a_sentence_leaning_on_time_before_are_not_summary_sentences():
    from storyweave.synthesize import _readable

    assert not _readable(_fact("Passenger Who Arrived At Newark Airport Being Evaluated For Ebola Symptoms Today.", 3))
    assert not _readable(_fact("Moments later, the Hummer H2 pulls to the side of the road and speeds away.", 3))
    assert not _readable(_fact("Now it is seeking to change the country's national anthem by four words.", 3))
    assert _readable(_fact("The Hummer H2 pulled to the side of the road and the driver sped away.", 3))


def test_a_connective_after_an_opening_phrase_still_leans_on_what_came_before():
    from storyweave.synthesize import _readable

    assert not _readable(_fact("Smith's wife, Racquel Smith, was also shot during the incident, police said.", 2))
    assert _readable(_fact("Smith's wife, Racquel Smith, was shot in the leg during the incident, police said.", 2))

"""The annotate stage: one spaCy pass gives sentences, mentions, quotes, quantities and dates with exact offsets."""
from __future__ import annotations

from storyweave.annotate import annotate
from storyweave.model import Document

BODY = ("SEOUL (Reuters) - President Yoon Suk-yeol met opposition leader Lee Jae-myung on Tuesday, his office said.\n\n"
        "“We agreed to keep talking,” Lee told reporters after the 90-minute meeting.\n\n"
        "About 2,000 protesters gathered outside the presidential office.")


def test_offsets_and_hyphenated_names():
    (ann,) = annotate([Document(id="r1", body=BODY, published="2024-04-30")])
    for item in (*ann.sentences, *ann.mentions, *ann.quotes):
        assert BODY[item.start:item.end] == item.text
    names = {m.text for m in ann.mentions if m.label == "PERSON"}
    assert {"Yoon Suk-yeol", "Lee Jae-myung"} <= names
    assert len(ann.sentences) == 3
    assert [q.text for q in ann.quotes] == ["We agreed to keep talking,"] or [q.text for q in ann.quotes] == ["We agreed to keep talking"]
    assert any(q.value == 2000 for q in ann.quantities)
    assert any(d.date == "2024-04-30" for d in ann.dates)


def test_many_documents_keep_their_order():
    docs = [Document(id=f"d{i}", body=f"Report number {i} says the river rose by {i} metres on Monday.") for i in range(20)]
    anns = annotate(docs)
    assert [a.doc_id for a in anns] == [d.id for d in docs]


def test_lone_surrogates_keep_offsets_and_do_not_crash():
    body = "Officials said \ud800 up to 300 people were evacuated on Monday."
    (ann,) = annotate([Document(id="s", body=body)])
    assert any(q.value == 300 and body[q.start:q.end] == q.text for q in ann.quantities)


def test_a_closing_quote_before_a_line_break_ends_its_sentence():
    # real shape (Multi-News, CNN): the parser put the closing quote at the start of the next paragraph's sentence
    body = ('South Korea\'s Foreign Minister Kang Kyung-wha said the talks were a "significant step" but acknowledged '
            'the serious challenges ahead: "Despite these overtures to improve relations with the South, North Korea '
            'has yet to show any intention to fulfill its international obligations regarding denuclearization."\n\n'
            "North Korea has remained adamant throughout this month's thaw in relations with South Korea that its "
            'nuclear bombs and ballistic missiles are here to stay.\n\n"Why?" he asked. "Nobody knows."\n\n'
            'The end, he said: "It is over."')
    (ann,) = annotate([Document(id="r1", body=body)])
    texts = [s.text.strip() for s in ann.sentences]
    assert texts[0].endswith('denuclearization."')
    assert texts[1].startswith("North Korea has remained adamant")
    assert not any(t.startswith('"\n') or t == '"' for t in texts)
    assert '"Nobody knows."' in texts and texts[-1] == 'The end, he said: "It is over."'


def test_a_paragraph_opening_dateline_is_not_part_of_the_sentence():
    body = ("NEW YORK (AP) — Facebook CEO Mark Zuckerberg is donating $25 million to fight Ebola, a foundation said.\n\n"
            "DALLAS (AP) — They drew his blood and put tubes down his throat, nurses said on Tuesday.\n\n"
            "Officials said the US — and China — would send more aid.")
    (ann,) = annotate([Document(id="r1", body=body)])
    texts = [s.text for s in ann.sentences]
    assert texts[0].startswith("Facebook CEO Mark Zuckerberg")
    assert any(t.startswith("They drew his blood") for t in texts)  # the parser may leave "DALLAS (AP) —" alone
    assert not any("(AP)" in t and len(t.split()) > 3 for t in texts)
    assert texts[-1] == "Officials said the US — and China — would send more aid."
    for s in ann.sentences:
        assert body[s.start:s.end] == s.text

"""annotate's person mentions end where the name ends in a title-case headline NER read on into."""
from __future__ import annotations

from storyweave.annotate import annotate
from storyweave.model import Document


def _people(body: str) -> list[str]:
    (ann,) = annotate([Document(id="d", body=body)])
    return [m.text for m in ann.mentions if m.label == "PERSON"]


BODY = ("Lindsay Lohan Checks Into Rehab At Betty Ford Center\n"
        "The actress checks into rehab on Thursday, her lawyer said. Lohan was ordered into rehab by a judge.")


def test_headline_name_stops_before_words_the_report_writes_in_lower_case(nlp):
    people = _people(BODY)
    assert not any("Checks" in p or "Rehab" in p for p in people), people


def test_name_in_prose_is_kept_whole(nlp):
    people = _people("The singer John Paul Young said the young fans were loud. Young smiled.")
    assert "John Paul Young" in people, people

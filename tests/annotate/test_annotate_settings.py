"""The annotate stage takes its settings group (issue 13): a changed `annotate.*` value, from `--set`, the settings
file or a STORYWEAVE_ANNOTATE_* variable, changes the analysis of real reports (NewsQuant and ECB+ dev texts, read
from ../shared at run time), and the stage keeps no constants of its own that the group would only mirror."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyweave import pipeline
from storyweave import settings as config
from storyweave.cli import app
from storyweave.model import Document
from storyweave.settings import DEFAULTS, AnnotateSettings

pytestmark = [pytest.mark.issue(13)]

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def _records(name: str, limit: int) -> list[dict]:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"../shared/data/{name} is not present")
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for _, line in zip(range(limit), fh)]


def _ecb_documents(limit: int) -> list[Document]:
    return [Document(id=r["id"], source="ecbplus-dev", body=r["text"])
            for r in _records("ecbplus-dev/documents.jsonl", limit)]


def test_set_annotate_reaches_the_quantities(tmp_path):
    """`--set annotate.ellipsis_ratio=1`: a bare number takes the unit of a neighbour only of its very size, so
    "435 homes ... and 187 by tender" leaves 187 without "homes"; the numbers read stay the same."""
    records = tmp_path / "newsquant.jsonl"
    records.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n"
                               for r in _records("newsquant-dev/sentences.jsonl", 250)), encoding="utf-8")
    runner = CliRunner()

    def quantities(*flags: str) -> dict[str, list[dict]]:
        out = runner.invoke(app, [*flags, "extract", str(records)])
        assert out.exit_code == 0, out.output
        return {d["id"]: d["quantities"] for d in map(json.loads, out.stdout.splitlines())}

    plain, tuned = quantities(), quantities("--set", "annotate.ellipsis_ratio=1")
    assert plain.keys() == tuned.keys() and sum(map(len, plain.values())) > 100
    for doc_id in plain:  # the same amounts found ...
        assert [(q["start"], q["value"]) for q in plain[doc_id]] == [(q["start"], q["value"]) for q in tuned[doc_id]]
    changed = [doc_id for doc_id in plain if plain[doc_id] != tuned[doc_id]]
    assert changed  # ... but some bare numbers no longer borrow a neighbour's unit or counted thing
    for doc_id in changed:
        for a, b in zip(plain[doc_id], tuned[doc_id]):
            if a != b:
                assert (a["unit"] or a["counts"]) and not (b["unit"] and b["counts"])


def test_settings_file_and_environment_reach_the_sentences(tmp_path):
    """annotate.short_line decides whether a short line without a final stop (a headline, a date line) ends a
    sentence; the components inside the spaCy pass get it, in one process and in two."""
    docs = _ecb_documents(40)
    path = tmp_path / "storyweave.toml"
    path.write_text("[annotate]\nshort_line = 0\n", encoding="utf-8")
    from_file = config.load(path, environ={})
    from_env = config.load(environ={"STORYWEAVE_ANNOTATE_SHORT_LINE": "200"})
    assert (from_file.annotate.short_line, from_env.annotate.short_line) == (0, 200)

    def sentences(settings: config.Settings, n_process: int = 1) -> dict[str, list[str]]:
        _, annotations, failed = pipeline.annotate_or_reject(docs, strict=True, settings=settings,
                                                             n_process=n_process)
        assert not failed
        return {d.id: [s.text for s in annotations[d.id].sentences] for d in docs}

    plain, joined, split = sentences(DEFAULTS), sentences(from_file), sentences(from_env)
    count = {name: sum(map(len, found.values())) for name, found in
             (("plain", plain), ("joined", joined), ("split", split))}
    assert count["joined"] < count["plain"] < count["split"]  # no line is short / every line is short
    assert sentences(from_file, n_process=2) == joined  # spaCy's forked workers get the setting too


def test_annotate_keeps_no_copies_of_its_settings():
    """The values live in settings.AnnotateSettings only, the quote extractor's included."""
    from storyweave.annotate import clauses, dates, quote_marks, quote_scope, quotes, sentences
    from storyweave.annotate.quantities import changes, filters, lexicon, numbers, phrases, reader, units

    names = {f.name.upper() for f in dataclasses.fields(AnnotateSettings)}
    names |= {"SHORT_LINE", "ELLIPSIS_RATIO", "MAX_COUNTS_TOKENS", "MAX_SINGLE"}  # the names they had as constants
    for module in (clauses, dates, sentences, changes, filters, lexicon, numbers, phrases, reader, units,
                   quote_marks, quote_scope, quotes):
        left = {n for n in vars(module) if n.lstrip("_") in names}
        assert not left, (module.__name__, left)

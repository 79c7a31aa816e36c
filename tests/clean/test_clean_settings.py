"""The clean stage takes its settings group (issue 13): a changed `clean.*` value, from `--set`, the settings file or
a STORYWEAVE_CLEAN_* variable, changes the cleaned documents of the sample reports (title, body, what was removed),
and the stage keeps no constants of its own that the group would only mirror."""
from __future__ import annotations

import dataclasses
import json

import pytest
from typer.testing import CliRunner

from storyweave import pipeline
from storyweave import settings as config
from storyweave.cli import app
from storyweave.settings import CleanSettings

pytestmark = [pytest.mark.issue(13)]


def _documents(runner: CliRunner, seeds: list[str], *flags: str) -> list[dict]:
    out = runner.invoke(app, [*flags, "extract", *seeds])
    assert out.exit_code == 0, out.output
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_set_and_settings_file_reach_the_cleaned_documents(seeds_dir, tmp_path):
    seeds = sorted(str(p) for p in seeds_dir.iterdir())
    runner = CliRunner()
    plain = _documents(runner, seeds)
    assert len(plain) == len(seeds) and sum(len((d["title"] or "").split()) > 3 for d in plain) >= 2

    # --set: headline candidates of at most three words: the long headlines are no longer titles
    short = _documents(runner, seeds, "--set", "clean.title_max_words=3")
    assert [d["body"] for d in short] == [d["body"] for d in plain]
    assert all(d["title"] is None or len(d["title"].split()) <= 3 for d in short)
    assert [d["title"] for d in short] != [d["title"] for d in plain]

    # the settings file: clutter patterns fire on no unit (every unit is longer than 0 words), so credit, caption
    # and promo lines stay in the body
    path = tmp_path / "storyweave.toml"
    path.write_text("[clean]\nmax_clutter_words = 0\n", encoding="utf-8")
    kept = _documents(runner, seeds, "--settings", str(path))
    grown = [k for k, (a, b) in enumerate(zip(plain, kept)) if len(b["body"]) > len(a["body"])]
    assert len(grown) >= 2
    assert all(len(kept[k]["removed"]) < len(plain[k]["removed"]) for k in grown)


def test_environment_reaches_the_origin(multinews_dir, tmp_path):
    """STORYWEAVE_CLEAN_* variables are read like any setting: with clean.dateline_reach 0 no paragraph of the body
    is read for a dateline, so real Multi-News reports credited by their dateline alone ("WASHINGTON (Reuters) -")
    lose that origin; the bodies stay as they were."""
    records = tmp_path / "multinews.jsonl"
    with open(multinews_dir / "clustering.jsonl", encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(200), fh)]
    records.write_text("".join(json.dumps({k: r[k] for k in ("id", "text", "title") if r.get(k)}) + "\n"
                               for r in rows), encoding="utf-8")
    plain, _ = pipeline.read_documents([str(records)])
    tuned = config.load(environ={"STORYWEAVE_CLEAN_DATELINE_REACH": "0"})
    assert tuned.clean.dateline_reach == 0
    docs, _ = pipeline.read_documents([str(records)], settings=tuned)
    assert [d.body for d in docs] == [d.body for d in plain]
    lost = [(a.origin_outlet, b.origin_outlet) for a, b in zip(plain, docs) if a.origin_outlet != b.origin_outlet]
    assert len(lost) >= 5 and all(before for before, _ in lost)
    # a pipeline group alone (as older callers pass it) leaves the clean group at its defaults
    assert pipeline.read_documents([str(records)], settings=tuned.pipeline)[0] == plain


def test_clean_keeps_no_copies_of_its_settings():
    from storyweave import clean
    from storyweave.clean import credits, html, meta, text

    names = {f.name.upper() for f in dataclasses.fields(CleanSettings)}
    for module in (clean, credits, html, meta, text):
        left = {n for n in vars(module) if n.lstrip("_") in names}
        assert not left, (module.__name__, left)


def test_the_quotes_command_reads_with_the_clean_settings(seeds_dir):
    """`storyweave quotes` cleans with the settings it is given like every other command: with clutter patterns
    firing on no unit, more of each page stays in the body, so quotes start at other offsets."""
    seeds = sorted(str(p) for p in seeds_dir.iterdir())
    runner = CliRunner()

    def offsets(*flags: str) -> list[list[int]]:
        out = runner.invoke(app, [*flags, "quotes", *seeds])
        assert out.exit_code == 0, out.output
        return [[q["start"] for q in json.loads(line)["quotes"]] for line in out.stdout.splitlines()]

    plain = offsets()
    assert sum(map(len, plain)) >= 5
    assert offsets("--set", "clean.max_clutter_words=0") != plain

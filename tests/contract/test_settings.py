"""storyweave.settings (issue 13): frozen groups with help and calibration notes; defaults < file < STORYWEAVE_*
environment < flags; typos and wrong types refused; the digest in Report.provenance; the groups' defaults are the
values the stages run with; no stage reads the environment itself."""
from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyweave import pipeline
from storyweave import settings as config
from storyweave.cli import app
from storyweave.errors import SettingsError
from storyweave.settings import DEFAULTS, Settings

pytestmark = [pytest.mark.issue(13)]

SRC = Path(__file__).resolve().parents[2] / "src" / "storyweave"


def test_every_setting_says_what_it_does_and_groups_are_frozen():
    keys = [key for key, _, _, _ in config.rows()]
    assert len(keys) == len(set(keys)) > 60
    for key, value, help_text, _ in config.rows():
        assert help_text and len(help_text) > 10, key
        assert isinstance(value, (int, float, str, bool)), key
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULTS.batch.shard_rows = 3  # type: ignore[misc]
    # the values that were tuned say against what
    assert "bench/" in dict((k, c) for k, _, _, c in config.rows())["cluster.k_candidates"]


def test_precedence_defaults_file_environment_flags(tmp_path):
    path = tmp_path / "storyweave.toml"
    path.write_text("[batch]\nshard_rows = 32\nnum_cpus = 4\n[cluster]\ncopy_jaccard = 0.6\n", encoding="utf-8")
    assert config.load(environ={}) == DEFAULTS
    from_file = config.load(path, environ={})
    assert (from_file.batch.shard_rows, from_file.batch.num_cpus, from_file.cluster.copy_jaccard) == (32, 4, 0.6)
    env = {"STORYWEAVE_BATCH_SHARD_ROWS": "48", "STORYWEAVE_TOKEN": "secret", "STORYWEAVE_REQUIRE_SERVICES": "1"}
    from_env = config.load(path, environ=env)
    assert (from_env.batch.shard_rows, from_env.batch.num_cpus) == (48, 4)  # the environment over the file
    flagged = config.load(path, environ=env, flags={"batch.shard_rows": 8, "batch.num_cpus": None})
    assert (flagged.batch.shard_rows, flagged.batch.num_cpus) == (8, 4)  # a flag over both; None is "not given"
    via_env_file = config.load(environ={"STORYWEAVE_SETTINGS": str(path)})
    assert via_env_file.batch.shard_rows == 32
    assert flagged.pipeline == DEFAULTS.pipeline  # untouched groups are the defaults


@pytest.mark.parametrize("kwargs,message", [
    ({"flags": {"cluster.k_candidate": 3}}, "no setting 'cluster.k_candidate'"),
    ({"flags": {"clusters.k_candidates": 3}}, "no settings group 'clusters'"),
    ({"environ": {"STORYWEAVE_BATCH_SHARDROWS": "3"}}, "no setting 'batch.shardrows'"),
    ({"environ": {"STORYWEAVE_BATCH_SHARD_ROWS": "many"}}, "STORYWEAVE_BATCH_SHARD_ROWS: batch.shard_rows must be int"),
    ({"flags": {"cluster.min_score": "high"}}, "cluster.min_score must be float"),
    ({"flags": {"batch.shard_rows": 2.5}}, "batch.shard_rows must be int"),
    ({"flags": {"cluster.embed_cache": 3}}, "cluster.embed_cache must be str"),
])
def test_typos_and_wrong_types_are_refused(kwargs, message):
    with pytest.raises(SettingsError, match=re.escape(message)):
        config.load(**{"environ": {}, **kwargs})


def test_a_bad_settings_file_is_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[batch]\nshard_rows = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not a TOML settings file"):
        config.load(bad, environ={})
    bad.write_text("shard_rows = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="must be a table"):
        config.load(bad, environ={})
    with pytest.raises(SettingsError, match="cannot read"):
        config.load(tmp_path / "missing.toml", environ={})


def test_the_toml_written_reads_back_to_the_same_settings(tmp_path):
    changed = config.load(environ={}, flags={"cluster.min_score": "0.25", "web.stories_per_page": "10",
                                             "cluster.embed_cache": "/tmp/x y"})
    path = tmp_path / "s.toml"
    path.write_text(config.to_toml(changed), encoding="utf-8")
    assert config.load(path, environ={}) == changed
    assert config.digest(config.load(path, environ={})) == config.digest(changed) != config.digest(DEFAULTS)
    assert "calibrated: ECB+ train" in config.to_toml()


def test_the_report_records_the_settings_digest():
    changed = config.load(environ={}, flags={"pipeline.annotate_chunk": 8})
    plain = pipeline.weave_documents([])
    tuned = pipeline.weave_documents([], settings=changed)
    assert plain.provenance["settings"] == config.digest(DEFAULTS)
    assert tuned.provenance["settings"] == config.digest(changed) != plain.provenance["settings"]
    assert {"storyweave", "spacy_model", "embedder"} <= set(tuned.provenance)


def test_annotate_settings_change_the_analysis_version():
    base = pipeline.annotations_version(DEFAULTS.annotate)
    assert base.count(":") == 2  # the defaults leave the version stored analyses were written under
    tuned = dataclasses.replace(DEFAULTS.annotate, short_line=50)
    assert pipeline.annotations_version(tuned).startswith(base + ":")


def test_pipeline_reads_with_its_group(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("A sentence of a report that is long enough. " * 30_000, encoding="utf-8")  # about 1.3 MB
    docs, rejected = pipeline.read_documents([str(big)], settings=dataclasses.replace(DEFAULTS.pipeline,
                                                                                      max_input_mb=1))
    assert docs == [] and rejected and "MB" in rejected[0].reason
    docs, rejected = pipeline.read_documents([str(big)])
    assert len(docs) == 1 and rejected == []


def test_the_web_app_takes_its_group(tmp_path):
    from fastapi.testclient import TestClient

    from storyweave.store import open_store
    from storyweave.web import create_app
    from tests.web.webdata import sample_report

    st = open_store(str(tmp_path / "s.sqlite"))
    try:
        st.save(sample_report())
        n = st.count_stories()
        assert n >= 2
        one = TestClient(create_app(st, settings=dataclasses.replace(DEFAULTS.web, stories_per_page=1))).get("/")
        every = TestClient(create_app(st)).get("/")
        assert one.text.count('class="story-link"') == 1 and "offset=1" in one.text  # one per page, and a pager
        assert every.text.count('class="story-link"') == n
        small = create_app(st, settings=dataclasses.replace(DEFAULTS.web, max_upload_mb=1))
        assert small.state.web.max_upload_bytes == 1_000_000
    finally:
        st.close()


def test_cli_settings_command_and_precedence(tmp_path, monkeypatch):
    runner = CliRunner()
    shown = runner.invoke(app, ["settings"])
    assert shown.exit_code == 0 and "[cluster]" in shown.stdout and "k_candidates = 20" in shown.stdout
    path = tmp_path / "mine.toml"
    path.write_text(shown.stdout.replace("shard_rows = 16", "shard_rows = 24"), encoding="utf-8")
    monkeypatch.setenv("STORYWEAVE_BATCH_NUM_CPUS", "3")
    out = runner.invoke(app, ["--settings", str(path), "--set", "web.stories_per_page=7", "settings", "-f", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["settings"]["batch"] == {"shard_rows": 24, "num_cpus": 3}
    assert data["settings"]["web"]["stories_per_page"] == 7
    assert data["digest"] == config.digest(config.load(path, flags={"web.stories_per_page": 7}))
    bad = runner.invoke(app, ["--set", "batch.shard_rowz=3", "settings"])
    assert bad.exit_code == 2 and "no setting 'batch.shard_rowz'" in bad.output
    monkeypatch.setenv("STORYWEAVE_CLUSTER_MIN_SCORE", "x")
    assert runner.invoke(app, ["settings"]).exit_code == 2


# ---------------------------------------------------------------- the groups are the values the stages run with


def _constants() -> dict[str, object]:
    """group.field -> a module-level name that still spells a default under its old name. None is a copy: each is
    computed from DEFAULTS where it is defined (every stage takes its group: see test_a_changed_*_setting_reaches_*
    here, tests/align/test_align_settings.py, tests/fetch/test_fetch_settings.py, tests/entities/
    test_entity_settings.py and tests/quotes/test_quote_settings.py); this keeps them from becoming copies."""
    from storyweave import batch
    from storyweave.web.app import DEFAULT_MAX_UPLOAD_BYTES

    return {
        "pipeline.annotate_chunk": pipeline.ANNOTATE_CHUNK, "pipeline.parallel_chunk": pipeline.PARALLEL_CHUNK,
        "pipeline.parallel_min": pipeline.PARALLEL_MIN,
        "web.max_upload_mb": DEFAULT_MAX_UPLOAD_BYTES // 1_000_000,
        "batch.shard_rows": batch.SHARD_ROWS,
    }


def test_group_defaults_are_the_values_the_stages_run_with():
    """An old module-level name for a default and the setting cannot drift apart: no stage reads a copy."""
    values = {key: value for key, value, _, _ in config.rows()}
    constants = {k: v for k, v in _constants().items() if k in values}
    missing = set(_constants()) - set(values)
    assert not missing, f"constants without a setting: {sorted(missing)}"
    differ = {k: (values[k], v) for k, v in constants.items() if values[k] != v}
    assert not differ, f"settings defaults differ from the stage constants (setting, constant): {differ}"


def test_a_changed_cluster_setting_reaches_the_grouping(seeds_dir):
    """The stage reads its tuned numbers from its group: `--set cluster.<field>=...` changes the stories of real
    reports, in the batch grouping (`cluster`) and in the incremental one (StoryIndex, what `add` runs)."""
    from storyweave import cluster

    seeds = sorted(str(p) for p in seeds_dir.iterdir())
    runner = CliRunner()

    def stories(*flags: str) -> list[list[str]]:
        out = runner.invoke(app, [*flags, "cluster", *seeds])
        assert out.exit_code == 0, out.output
        return [s["documents"] for s in json.loads(out.stdout)["stories"]]

    assert len(stories()) == 1 and len(stories()[0]) == len(seeds)  # the four seeds are one story
    alone = stories("--set", f"cluster.min_words={10 ** 6}")  # every report too short to compare: each alone
    assert len(alone) == len(seeds)
    assert len(stories("--set", "cluster.min_score=0.99")) > 1  # no pair scores 0.99: no edge

    docs, _ = pipeline.read_documents(seeds)
    feats = cluster.compute_features(docs)
    for settings, n_stories in ((DEFAULTS.cluster, 1), (dataclasses.replace(DEFAULTS.cluster, min_words=10 ** 6),
                                                        len(seeds))):
        index = cluster.StoryIndex([], {}, settings=settings)
        placed = [index.assign([f]).story_of[f.id] for f in feats]
        assert len(set(placed)) == n_stories, settings


def test_a_changed_synthesize_setting_reaches_the_summary(seeds_dir):
    """weave hands the synthesize group to the stage: fewer summary sentences and shorter timeline entries on the
    seed story when the settings say so."""
    docs, _ = pipeline.read_documents(sorted(str(p) for p in seeds_dir.iterdir()))
    docs, annotations, failed = pipeline.annotate_or_reject(docs, strict=True)
    assert not failed
    changed = config.load(environ={}, flags={"synthesize.summary_min": "1", "synthesize.summary_max": "2",
                                             "synthesize.timeline_max_text": "40"})
    (plain,), (tuned,) = (pipeline.group_and_weave(docs, annotations, strict=True, settings=s)[1]
                          for s in (DEFAULTS, changed))
    assert len(plain.summary) > 2 and len(tuned.summary) == 2
    assert {x.text for x in tuned.summary} <= {x.text for x in plain.summary}  # the same choices, fewer of them
    assert plain.timeline and max(len(e.text) for e in plain.timeline) > 41
    assert max(len(e.text) for e in tuned.timeline) <= 41  # 40 characters and the ellipsis


# the modules allowed to read the process environment; a stage reads its settings group instead
ENVIRONMENT_READERS = {
    "settings.py",  # STORYWEAVE_* and the settings file
    "web/app.py",  # STORYWEAVE_TOKEN, a secret: never a setting, never in a digest
    "resources.py",  # sets the Hugging Face offline switches before a model loads (setdefault, not a read)
    "batch/__init__.py",  # sets Ray's own variables for a private local Ray (setdefault)
    "store/migrations/env.py",  # Alembic's environment module (its name, not a read)
}


def test_no_stage_reads_the_environment_itself():
    readers = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"os\.environ|os\.getenv|getenv\(", text):
            readers.add(str(path.relative_to(SRC)))
    assert readers <= ENVIRONMENT_READERS, sorted(readers - ENVIRONMENT_READERS)


def test_settings_imports_no_stage():
    text = (SRC / "settings.py").read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) storyweave\.(?!errors)", text, re.M)


def test_settings_root_holds_every_group():
    assert set(config.GROUPS) == {f.name for f in dataclasses.fields(Settings)}
    assert Settings() == DEFAULTS


def test_stages_that_take_their_group_keep_no_copies():
    """The module constants align, annotate's quotes and fetch read before they took their groups are gone, so no
    second copy of a tuned value can drift from its setting."""
    from storyweave import fetch
    from storyweave.align import conflicts, entity_merge, entity_text, facts, figure_links, figures, people
    from storyweave.align import quotes as align_quotes
    from storyweave.annotate import quote_marks, quote_scope
    from storyweave.annotate import quotes as annotate_quotes
    from storyweave.fetch import client

    gone = {facts: ("COSINE_WEIGHT", "SAME_CLAIM", "CENTER", "CENTER_MIN", "MEMBER_FLOOR", "NEAR_CENTRAL",
                    "ALIGN_FLOOR", "PARTIAL_CLAIM", "PARTIAL_SHARE", "MIN_WORDS"),
            **{module: ("SAME_CONTEXT_WORDS", "SAME_CONTEXT", "LOCAL_WINDOW", "SAME_COUNTED", "ABOUT_WORDS",
                        "WINDOW_CHARS", "LONE_WINDOW", "REL_TOLERANCE", "GENERIC_WORDS")
               for module in (conflicts, figures, figure_links)},
            align_quotes: ("LONG_QUOTE", "MIN_RUN", "PARTIAL", "TOKEN_SET"),
            entity_text: ("STATE_LIST_MIN", "MAX_SURFACE"),
            entity_merge: ("DOMINANT_RATIO", "DOMINANT_MIN", "VARIANT_MIN_LEN"), people: ("VARIANT_MIN_LEN",),
            quote_marks: ("_MAX_SINGLE", "MAX_SINGLE", "MAX_SINGLE_QUOTE"),
            annotate_quotes: ("_MAX_SINGLE", "MAX_SINGLE", "MAX_SINGLE_QUOTE"),
            quote_scope: ("_MAX_SINGLE", "MAX_SINGLE", "MAX_SINGLE_QUOTE"),
            fetch: ("MAX_ENTRIES", "MIN_INTERVAL"), client: ("ROBOTS_RETRY",)}
    kept = [f"{m.__name__}.{n}" for m, names in gone.items() for n in names if hasattr(m, n)]
    assert not kept, kept

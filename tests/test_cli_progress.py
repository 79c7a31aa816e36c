"""Long commands a user can follow (issue 14): progress bars with counts and rates on a terminal's standard error,
nothing of them when it is not a terminal, standard output unchanged; `add` lists the stories it created and changed
with their titles (on standard error, and as an added `stories` field of its JSON)."""
from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console
from typer.testing import CliRunner

from storyweave import cli, pipeline


def _seed_files(seeds_dir: Path) -> list[str]:
    files = sorted(str(p) for p in seeds_dir.iterdir() if p.suffix == ".txt")
    assert len(files) == 4
    return files


def run(*args: str) -> SimpleNamespace:
    """The command in this process (typer's CliRunner: no second load of torch, spaCy and MiniLM), answered with the
    fields of subprocess.run's result that the tests read. Standard error is not a terminal here either."""
    result = CliRunner().invoke(cli.app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


@pytest.mark.issue(14)
def test_progress_shows_each_stage_with_counts_and_rates_on_a_terminal(seeds_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=120))
    with cli._Bar() as bar:
        report = pipeline.extract([str(seeds_dir)], progress=bar)
        bar.progress.refresh()
    shown = screen.getvalue()
    n = len(report.documents)
    assert n == 4
    assert "read" in shown and "analyse" in shown
    assert f"{n}/{n}" in shown, "the analysis bar counts documents against the total"
    assert "/s" in shown, "a rate is shown"


@pytest.mark.issue(14)
def test_no_progress_when_standard_error_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=False, width=120))
    with cli._Bar() as bar:
        for i in range(1, 11):
            bar("analyse", i, 10)
    assert screen.getvalue() == ""


@pytest.mark.issue(14)
def test_add_lists_the_stories_it_created_and_changed(tmp_path: Path, seeds_dir: Path) -> None:
    a, b, c, _ = _seed_files(seeds_dir)
    store = str(tmp_path / "news.sqlite")
    first = run("add", a, b, "--store", store)
    assert first.returncode == 0, first.stderr
    out = json.loads(first.stdout)
    assert {k: out[k] for k in ("added", "skipped", "stories_changed", "stories_created")} == \
        {"added": 2, "skipped": 0, "stories_changed": 1, "stories_created": 1}, "the contract's fields, unchanged"
    (story,) = out["stories"]
    assert story["created"] and story["documents"] == 2 and story["new_documents"] == 2
    assert story["title"] and story["title"].strip()
    assert f"storyweave: new story {story['id']}: {story['title']} (2 reports)" in first.stderr
    assert "\x1b" not in first.stderr, "no progress bar drawn when standard error is not a terminal"

    second = run("add", c, "--store", store)
    assert second.returncode == 0, second.stderr
    out2 = json.loads(second.stdout)
    (changed,) = out2["stories"]
    assert changed["id"] == story["id"] and not changed["created"] and changed["documents"] == 3
    assert out2["stories_created"] == 0 and out2["stories_changed"] == 1
    assert f"storyweave: changed story {story['id']}: " in second.stderr and "(3 reports, 1 new)" in second.stderr

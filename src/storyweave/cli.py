"""Command line: a thin layer over storyweave.pipeline. Parses, calls, prints.

    storyweave weave INPUT... [-o PATH] [--format md|html|json] [--strict]
    storyweave extract INPUT... --format json [--strict]
    storyweave cluster INPUT... --format json
    storyweave quotes INPUT... --format json
    storyweave serve --store PATH [--host 127.0.0.1 --port 8000]
    storyweave settings [--format toml|json]
    storyweave [--settings FILE] [--set GROUP.FIELD=VALUE]... COMMAND ...

Settings (storyweave.settings): defaults < the --settings file (or $STORYWEAVE_SETTINGS) < STORYWEAVE_* variables
< flags (--set, and the commands' own options such as --max-mb); each command builds them once and hands them to
the pipeline.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Iterator, List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TaskID, TextColumn, \
    TimeElapsedColumn
from rich.text import Text

from storyweave import pipeline
from storyweave import settings as config
from storyweave.errors import BadDocument, SettingsError
from storyweave.model import Rejected, Report
from storyweave.render import render, to_jsonable

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Weave many news reports of the same events into one cross-checked account.")
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"storyweave {version('storyweave')}")
        raise typer.Exit()


@app.callback()
def _root(ctx: typer.Context,
          show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                            help="Print the version and exit."),
          settings_file: Optional[Path] = typer.Option(None, "--settings", help="A TOML settings file (default: "
                                                       "$STORYWEAVE_SETTINGS); see `storyweave settings`."),
          assignments: List[str] = typer.Option([], "--set", metavar="GROUP.FIELD=VALUE",
                                                help="Override one setting (repeatable); wins over the file and "
                                                "STORYWEAVE_* variables.")) -> None:
    """Weave many news reports of the same events into one cross-checked account."""
    ctx.obj = {"settings_file": settings_file, "assignments": tuple(assignments)}


def _settings(ctx: typer.Context, flags: dict[str, Any] | None = None) -> config.Settings:
    """The settings in force for this command: defaults < file < STORYWEAVE_* < --set < the command's own flags
    (those not given are None and leave the value below them). A bad one stops the command (exit status 2)."""
    obj = ctx.find_root().obj or {}
    try:
        given = config.parse_assignments(obj.get("assignments", ()))
        given.update({k: v for k, v in (flags or {}).items() if v is not None})
        return config.load(obj.get("settings_file"), flags=given)
    except SettingsError as exc:
        err.print(f"storyweave: {_one_line(str(exc))}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc

INPUTS = typer.Argument(..., help="Files (.txt .html .jsonl .json .xml .warc .warc.gz), folders, "
                        "or - for JSON Lines on stdin.")
OUTPUT = typer.Option(None, "-o", "--output", help="Write here instead of standard output.")
MAX_MB = typer.Option(None, "--max-mb", help="Skip (and report) any single input larger than this many MB "
                      "[default: setting pipeline.max_input_mb, 50].")
STRICT = typer.Option(False, "--strict", help="Stop at the first report whose language analysis fails (default: "
                      "report it as rejected and go on with the others).")


class Fmt(str, Enum):
    md = "md"
    html = "html"
    json = "json"


_FORMAT_OF_SUFFIX = {".html": Fmt.html, ".htm": Fmt.html, ".json": Fmt.json, ".md": Fmt.md}


class JsonOnly(str, Enum):
    json = "json"


class _Rate(ProgressColumn):
    """Items per second of a task (rich's own speed estimate), blank until it has one."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text("")
        return Text(f"{speed:,.1f}/s" if speed < 100 else f"{speed:,.0f}/s", style="progress.data.speed")


class _Bar:
    """Rich progress bars fed by pipeline's (stage, done, total) callback, one per stage, with counts, rates and
    elapsed time; on standard error, and only when it is a terminal (nothing is printed otherwise)."""

    def __init__(self) -> None:
        self.progress = Progress(TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(), _Rate(),
                                 TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> "_Bar":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)  # type: ignore[arg-type]

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total or None)
        self.progress.update(self.tasks[stage], completed=done, total=total or None)


def _report_rejected(report: Report) -> None:
    for r in report.rejected:
        err.print(f"storyweave: {_one_line(str(r))}", markup=False, highlight=False, soft_wrap=True)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


class _Strict:
    """Under --strict, a report whose analysis failed stops the command: one line on stderr, exit status 1."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        if isinstance(exc, BadDocument):
            err.print(f"storyweave: {_one_line(str(exc))} (--strict: stopped)", markup=False, highlight=False,
                      soft_wrap=True)
            raise typer.Exit(1)
        return None


def _finish(report: Report) -> None:
    """Print rejections; exit non-zero only when nothing could be read."""
    _report_rejected(report)
    if not report.documents:
        err.print("storyweave: no readable documents in the input", markup=False, highlight=False)
        raise typer.Exit(1)


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    err.print(f"storyweave: wrote {output}", markup=False, highlight=False)


def _lines(objs: Iterator[object]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


@app.command()
def weave(ctx: typer.Context, inputs: List[str] = INPUTS, output: Optional[Path] = OUTPUT,
          fmt: Optional[Fmt] = typer.Option(None, "--format", "-f",
                                            help="Report format (default: from the -o suffix, else md)."),
          max_mb: Optional[int] = MAX_MB, strict: bool = STRICT) -> None:
    """Read reports, group them into stories and weave each into one cross-checked account."""
    cfg = _settings(ctx, {"pipeline.max_input_mb": max_mb})
    if fmt is None:
        fmt = _FORMAT_OF_SUFFIX.get(output.suffix.lower(), Fmt.md) if output is not None else Fmt.md
    with _Strict(), _Bar() as bar:
        report = pipeline.weave(inputs, progress=bar, strict=strict, settings=cfg)
    _finish(report)
    _write(render(report, fmt.value), output)


@app.command()
def extract(ctx: typer.Context, inputs: List[str] = INPUTS, output: Optional[Path] = OUTPUT,
            fmt: JsonOnly = typer.Option(JsonOnly.json, "--format", "-f"), max_mb: Optional[int] = MAX_MB,
            strict: bool = STRICT) -> None:
    """Cleaned documents only, one JSON object per line."""
    cfg = _settings(ctx, {"pipeline.max_input_mb": max_mb})
    with _Strict(), _Bar() as bar:
        report = pipeline.extract(inputs, progress=bar, strict=strict, settings=cfg)
    _finish(report)
    _write(_lines(to_jsonable(d) for d in report.documents), output)


@app.command()
def cluster(ctx: typer.Context, inputs: List[str] = INPUTS, output: Optional[Path] = OUTPUT,
            fmt: JsonOnly = typer.Option(JsonOnly.json, "--format", "-f"), max_mb: Optional[int] = MAX_MB) -> None:
    """Story grouping only: {"stories": [{"id", "title", "documents"}]}."""
    cfg = _settings(ctx, {"pipeline.max_input_mb": max_mb})
    with _Bar() as bar:
        report, grouping = pipeline.group(inputs, progress=bar, settings=cfg)
    _finish(report)
    stories = [{"id": g.id, "title": g.title, "documents": list(g.documents),
                "copies": [list(c) for c in g.copies]} for g in grouping.groups]
    _write(json.dumps({"stories": stories}, ensure_ascii=False, indent=1), output)


@app.command()
def quotes(ctx: typer.Context, inputs: List[str] = INPUTS, output: Optional[Path] = OUTPUT,
           fmt: JsonOnly = typer.Option(JsonOnly.json, "--format", "-f"), max_mb: Optional[int] = MAX_MB,
           strict: bool = STRICT) -> None:
    """Direct quotations per document, one JSON object per line (offsets into the document's body)."""
    cfg = _settings(ctx, {"pipeline.max_input_mb": max_mb})
    with _Strict(), _Bar() as bar:
        documents, rejected = pipeline.read_documents(inputs, progress=bar, strict=strict, settings=cfg)
        documents, annotations, failed = pipeline.annotate_or_reject(documents, strict=strict, progress=bar,
                                                                     n_process=cfg.pipeline.n_process or None,
                                                                     settings=cfg)
        rejected += failed
    _finish(Report(documents=tuple(documents), rejected=tuple(rejected)))
    rows = ({"doc_id": d.id, "quotes": [{"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end}
                                        for q in annotations[d.id].quotes]} for d in documents)
    _write(_lines(rows), output)


@app.command()
def serve(ctx: typer.Context,
          store: str = typer.Option(..., "--store", help="Story store: a SQLite path, sqlite:///PATH or postgresql://..."),
          host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          max_mb: Optional[int] = typer.Option(None, "--max-mb", help="Largest add request, in MB [default: setting "
                                               "web.max_upload_mb, 25].")) -> None:
    """Browse the stories in a web app with a JSON API; adding reports needs $STORYWEAVE_TOKEN."""
    import uvicorn

    from storyweave.store import open_store
    from storyweave.web import create_app

    cfg = _settings(ctx, {"web.max_upload_mb": max_mb})
    cache = pipeline.IndexCache()  # the grouping index stays in memory between adds

    def adder(inputs: list, st: object) -> pipeline.AddResult:
        return pipeline.add(inputs, st, cache=cache, settings=cfg)

    web = create_app(open_store(store), adder=adder, settings=cfg.web)
    err.print(f"storyweave: serving {store} on http://{host}:{port}/", markup=False, highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def add(ctx: typer.Context, inputs: List[str] = INPUTS,
        store: str = typer.Option("stories.sqlite", "--store", help="SQLite file or postgresql:// URL."),
        max_mb: Optional[int] = MAX_MB, strict: bool = STRICT) -> None:
    """Add reports to a story store: each joins a story or starts one; changed stories are re-woven."""
    cfg = _settings(ctx, {"pipeline.max_input_mb": max_mb})
    with _Strict(), _Bar() as bar:
        result = pipeline.add(inputs, store, progress=bar, strict=strict, settings=cfg)
    _report_rejected(Report(rejected=result.rejected))
    for given, stored in result.renamed:
        err.print(f"storyweave: {_one_line(given)}: another report is stored under this id; added as "
                  f"{_one_line(stored)}", markup=False, highlight=False, soft_wrap=True)
    if not result.added and not result.skipped:
        err.print("storyweave: no readable documents in the input", markup=False, highlight=False)
        raise typer.Exit(1)
    for line in _story_lines(result):
        err.print(f"storyweave: {line}", markup=False, highlight=False, soft_wrap=True)
    _write(json.dumps({"added": len(result.added), "skipped": len(result.skipped), "stories_changed":
                       len(result.changed), "stories_created": len(result.created),
                       "stories": [{"id": s.id, "title": s.title, "created": s.created, "documents": s.reports,
                                    "new_documents": s.new_reports} for s in result.stories],
                       "renamed": [{"id": given, "stored_as": stored} for given, stored in result.renamed]},
                      ensure_ascii=False), None)


def _story_lines(result: pipeline.AddResult) -> list[str]:
    """One line per story an add created or changed, created ones first: what it is called and what it gained."""
    lines = []
    for s in sorted(result.stories, key=lambda s: not s.created):
        title = _one_line(s.title or "untitled")[:100]
        reports = f"{s.reports} report{'s' if s.reports != 1 else ''}"
        if s.created:
            lines.append(f"new story {s.id}: {title} ({reports})")
        else:
            gained = f", {s.new_reports} new" if s.new_reports else ""
            lines.append(f"changed story {s.id}: {title} ({reports}{gained})")
    return lines


@app.command("watch")
def watch_feeds(ctx: typer.Context, feeds: List[str] = typer.Argument(..., help="RSS/Atom feed URLs (http or https)."),
                store: str = typer.Option(..., "--store", help="Store path or URL to add new articles to."),
                every: str = typer.Option("10m", "--every", help="Time between polls: 30s, 10m, 1h."),
                once: bool = typer.Option(False, "--once", help="Poll once and exit."),
                state: Optional[Path] = typer.Option(None, "--state", help="Seen URLs and HTTP validators "
                                                     "(default: next to a SQLite store).")) -> None:
    """Poll feeds, fetch new article pages politely (robots.txt, rate limit) and add them to the store."""
    from storyweave import fetch

    cfg = _settings(ctx)
    try:
        interval = fetch.parse_interval(every, settings=cfg.fetch)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from exc

    def report(poll: "fetch.Poll") -> None:
        for r in poll.rejected:
            err.print(f"storyweave: {_one_line(str(r))}", markup=False, highlight=False, soft_wrap=True)
        err.print(f"storyweave: {poll.documents} new articles added to the store", markup=False, highlight=False)

    cache = pipeline.IndexCache()  # the grouping index stays in memory between polls

    def sink(docs: list) -> pipeline.AddResult:
        """Add fetched pages; a page that cannot be cleaned, analysed or woven is reported and the watch goes on."""
        result = pipeline.add(docs, store, cache=cache, settings=cfg)
        _report_rejected(Report(rejected=result.rejected))
        return result

    fetch.watch(feeds, state_path=state or fetch.default_state_path(store), every=interval, polls=1 if once else None,
                sink=sink, on_poll=report, settings=cfg.fetch)


class Engine(str, Enum):
    ray = "ray"
    local = "local"


@app.command()
def batch(ctx: typer.Context, inputs: List[str] = INPUTS,
          out: Path = typer.Option(..., "--out", help="Folder for documents/*.parquet, report.json and stats.json."),
          engine: Engine = typer.Option(Engine.ray, "--engine", help="ray: Ray Data map stages; local: in-process."),
          address: Optional[str] = typer.Option(None, "--address", help="Ray cluster (ray://head:10001); "
                                                "default: a private local Ray."), max_mb: Optional[int] = MAX_MB,
          shard_rows: Optional[int] = typer.Option(None, "--shard-rows", help="Documents per shard [default: "
                                                   "setting batch.shard_rows, 16]."),
          strict: bool = STRICT) -> None:
    """Read, clean, analyse and embed on Ray (or locally), write Parquet, then group and weave into OUT/report.json."""
    from storyweave.batch import run_batch

    cfg = _settings(ctx, {"pipeline.max_input_mb": max_mb, "batch.shard_rows": shard_rows})
    try:
        with _Strict(), _Bar() as bar:
            report = run_batch(inputs, out, engine=engine.value, address=address, strict=strict, progress=bar,
                               settings=cfg)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="INPUT") from exc
    _finish(report)
    err.print(f"storyweave: wrote {out / 'report.json'} ({len(report.stories)} stories, {len(report.documents)} "
              "documents)", markup=False, highlight=False)


class SettingsFmt(str, Enum):
    toml = "toml"
    json = "json"


@app.command("settings")
def show_settings(ctx: typer.Context, fmt: SettingsFmt = typer.Option(SettingsFmt.toml, "--format", "-f"),
                  output: Optional[Path] = OUTPUT) -> None:
    """Print the settings in force (defaults < --settings file < STORYWEAVE_* < --set), with what each does and the
    benchmark that calibrated it: as TOML, a file --settings reads back, or as JSON with the digest."""
    cfg = _settings(ctx)
    if fmt is SettingsFmt.toml:
        _write(config.to_toml(cfg), output)
        return
    _write(json.dumps({"digest": config.digest(cfg), "settings": config.as_dict(cfg)}, indent=1), output)


def main() -> None:
    app()


__all__ = ["app", "main", "Rejected"]

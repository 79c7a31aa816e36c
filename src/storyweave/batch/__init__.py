"""Scale-out: run the per-document work as Ray Data map stages over shards, then group and weave on the driver.

    run_batch(inputs, out_dir, *, engine="ray"|"local", address=None) -> Report

    read (one task per INPUT) -> repartition into shards -> clean -> [driver: unique ids] -> analyse -> embed
        -> OUT/documents/*.parquet (one row per document, with its embedding, Document and Annotations as JSON)
        -> driver: group (pipeline.group_documents) -> weave: one Ray task per story, biggest first
           (pipeline.weave_story; the local engine: pipeline.group_and_weave) -> OUT/report.json, OUT/stats.json

Every step is the pipeline's own function (pipeline.clean_document, unique_ids, annotate_or_reject with its error
policy, group_documents, weave_story), each handed the run's settings (clean, annotate, cluster, align and
synthesize groups alike), so `batch` and `weave` give the same stories for the same inputs and settings.

The steps themselves are `batch.stages` (thin wrappers over the stages' public functions); this module only chooses
where they run. `engine="local"` calls the same functions in-process, one shard after another, so the two engines
can be compared row for row. The engine is Ray Data's: nothing here schedules, retries or moves data by hand.

Ray: one Ray session serves the whole run (the map stages, then the story tasks, which reuse the workers and the
models they loaded). With no `address`, a private local Ray is started (`num_cpus`, no dashboard) and shut down
afterwards. With `address` ("ray://head:10001" or "auto"), the job joins that cluster; every node must have
storyweave installed and be able to read the INPUT paths (a shared file system), and OUT must be a path the driver
can write.
"""
from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from storyweave import pipeline, schema
from storyweave.batch import stages
from storyweave.model import Annotations, Document, Grouping, Rejected, Report, Story, StoryGroup
from storyweave.render import render
from storyweave.settings import DEFAULTS, Settings

SHARD_ROWS = DEFAULTS.batch.shard_rows  # the default of settings.BatchSettings.shard_rows, under its old name
ENGINES = ("ray", "local")


@dataclass(slots=True)
class Stats:
    """What a run measured. `stage_seconds`: task-seconds spent in each step, summed over shards (per-stage split);
    `wall_seconds`: elapsed time of each phase as seen from the driver."""

    engine: str
    documents: int = 0
    rejected: int = 0
    stories: int = 0
    shards: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    wall_seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"engine": self.engine, "documents": self.documents, "rejected": self.rejected,
                "stories": self.stories, "shards": self.shards,
                "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
                "wall_seconds": {k: round(v, 3) for k, v in self.wall_seconds.items()}}


def run_batch(inputs: Sequence[str], out_dir: str | Path, *, engine: str = "ray", address: str | None = None,
              num_cpus: int | None = None, shard_rows: int | None = None, max_bytes: int | None = None,
              stats: Stats | None = None, strict: bool = False, progress: pipeline.Progress | None = None,
              settings: Settings = DEFAULTS) -> Report:
    """Read, clean, analyse and embed `inputs` on `engine`; write Parquet, report.json and stats.json to `out_dir`.

    Returns the woven Report. `stats`, when given, is filled with the timings (also written to stats.json). A
    document whose analysis fails is rejected (stage "annotate"); with `strict` the failure is raised instead.
    `progress(stage, done, total)` hears each step: shard by shard on the local engine, step by step on Ray, and
    grouping and weaving story by story (pipeline's own progress). `settings`: the batch group gives `num_cpus`
    and `shard_rows`, the pipeline group `max_bytes` (its max_input_mb) and the analysis batching, unless given.
    """
    progress = progress or _noop
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if any(str(i) == "-" for i in inputs):
        raise ValueError("batch reads files and folders; standard input ('-') is not supported")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stats = stats if stats is not None else Stats(engine=engine)
    stats.engine = engine
    started = time.perf_counter()
    runner = _run_ray if engine == "ray" else _run_local
    ray, started_here = None, False
    if engine == "ray":
        t = time.perf_counter()
        ray, started_here = _start_ray(address, num_cpus or settings.batch.num_cpus)
        stats.wall_seconds["ray_start"] = time.perf_counter() - t
    try:
        table = runner([str(i) for i in inputs], out / "documents", stats=stats, ray=ray,
                       shard_rows=shard_rows or settings.batch.shard_rows,
                       max_bytes=max_bytes or settings.pipeline.max_input_mb * 1_000_000, strict=strict,
                       progress=progress, settings=settings)
        t = time.perf_counter()
        report = _weave(table, stats, progress, strict=strict, settings=settings, ray=ray)
        stats.wall_seconds["group_and_weave"] = time.perf_counter() - t
    finally:
        if started_here and ray is not None:
            ray.shutdown()
    (out / "report.json").write_text(render(report, "json"), encoding="utf-8")
    stats.wall_seconds["total"] = time.perf_counter() - started
    (out / "stats.json").write_text(json.dumps(stats.as_dict(), indent=1), encoding="utf-8")
    return report


# ------------------------------------------------------------------ driver side


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _weave(table: pa.Table, stats: Stats, progress: pipeline.Progress = _noop, *, strict: bool = False,
           settings: Settings = DEFAULTS, ray: Any = None) -> Report:
    """Rows (any order) -> documents, annotations and vectors in reading order -> grouping -> stories. With `ray`
    (the module, initialised) the driver groups and each story is woven in a Ray task (_weave_on_ray)."""
    table = table.sort_by("seq")
    documents: list[Document] = []
    annotations: dict[str, Annotations] = {}
    rejected: list[Rejected] = []
    vectors: list[list[float]] = []
    for row in table.to_pylist():
        for name in stages.STAGE_COLUMNS:
            stats.stage_seconds[name[2:]] = stats.stage_seconds.get(name[2:], 0.0) + row[name]
        if row["kind"] != "doc":
            rejected.append(Rejected(source=row["source"], stage=row["stage"], reason=row["reason"]))
            continue
        doc = schema.adapter(Document).validate_json(row["document_json"])
        documents.append(doc)
        annotations[doc.id] = schema.adapter(Annotations).validate_json(row["annotations_json"])
        vectors.append(row["embedding"])
    stats.documents, stats.rejected = len(documents), len(rejected)
    if not documents:
        return Report(rejected=tuple(rejected), provenance=pipeline.provenance(settings))
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(documents), stages.EMBED_DIM)
    known = {d.id: v for d, v in zip(documents, matrix)}
    if ray is None:
        _, stories, failed = pipeline.group_and_weave(documents, annotations, progress=progress, strict=strict,
                                                      known=known, settings=settings)
    else:
        t = time.perf_counter()
        grouping = pipeline.group_documents(documents, known=known, progress=progress, settings=settings)
        stats.wall_seconds["group"] = time.perf_counter() - t
        stories, failed = _weave_on_ray(ray, grouping, documents, annotations, progress, strict=strict,
                                        stats=stats, settings=settings)
    stats.stories = len(stories)
    return Report(documents=tuple(documents), stories=tuple(stories), rejected=(*rejected, *failed),
                  provenance=pipeline.provenance(settings))


def _weave_story_task(group: StoryGroup, docmap: dict[str, Document], annotations: dict[str, Annotations],
                      strict: bool, settings: Settings = DEFAULTS) -> tuple[Story | Rejected, float]:
    """One story, on a Ray worker: pipeline.weave_story with the run's settings (its error policy included) and
    the seconds it took."""
    t = time.perf_counter()
    story = pipeline.weave_story(group, docmap, annotations, strict=strict, settings=settings)
    return story, time.perf_counter() - t


def _weave_on_ray(ray: Any, grouping: Grouping, documents: Sequence[Document], annotations: dict[str, Annotations],
                  progress: pipeline.Progress = _noop, *, strict: bool = False, stats: Stats | None = None,
                  settings: Settings = DEFAULTS) -> tuple[list[Story], list[Rejected]]:
    """Weave each group of `grouping` in a Ray task of its own (pipeline.weave_story), the biggest stories
    submitted first so that the longest tasks do not start last; each task is sent only its own reports. Returns
    what pipeline.weave_or_reject returns, in the grouping's order: (the stories, the stories rejected). With
    `strict`, a story's crash is raised here (the task's BadDocument). `stats` gets the task-seconds as "weave"."""
    docmap = {d.id: d for d in documents}
    task = ray.remote(num_cpus=1, max_retries=0)(_weave_story_task)
    order = sorted(range(len(grouping.groups)), key=lambda i: -len(grouping.groups[i].documents))
    pending = {}
    for i in order:
        group = grouping.groups[i]
        ref = task.remote(group, {d: docmap[d] for d in group.documents if d in docmap},
                          {d: annotations[d] for d in group.documents if d in annotations}, strict, settings)
        pending[ref] = i
    woven: dict[int, Story | Rejected] = {}
    total = len(pending)
    while pending:
        done, _ = ray.wait(list(pending), num_returns=1)
        for ref in done:
            woven[pending.pop(ref)], seconds = ray.get(ref)
            if stats is not None:
                stats.stage_seconds["weave"] = stats.stage_seconds.get("weave", 0.0) + seconds
        progress("weave", len(woven), total)
    results = [woven[i] for i in range(len(grouping.groups))]
    return ([r for r in results if isinstance(r, Story)], [r for r in results if isinstance(r, Rejected)])


def _inputs_table(inputs: list[str]) -> pa.Table:
    return pa.Table.from_pylist([{"index": i, "input": s} for i, s in enumerate(inputs)], schema=stages.INPUT_SCHEMA)


# ------------------------------------------------------------------ local engine


def _run_local(inputs: list[str], parquet_dir: Path, *, stats: Stats, shard_rows: int, max_bytes: int,
               strict: bool, progress: pipeline.Progress = _noop, settings: Settings = DEFAULTS,
               **_: object) -> pa.Table:
    """The same steps, in-process, shard after shard."""
    t = time.perf_counter()
    read = stages.read_inputs(_inputs_table(inputs), max_bytes=max_bytes)
    progress("read", read.num_rows, read.num_rows)
    shards = [read.slice(i, shard_rows) for i in range(0, read.num_rows, shard_rows)] or [read]
    cleaned = []
    for s in shards:
        cleaned.append(stages.clean_rows(s, strict=strict, settings=settings.clean))
        progress("clean", sum(c.num_rows for c in cleaned), read.num_rows)
    stats.wall_seconds["read_clean"] = time.perf_counter() - t
    t = time.perf_counter()
    renames = stages.unique_ids(pa.concat_tables(cleaned))
    done = []
    for s in cleaned:
        analysed = stages.analyse_rows(stages.rename_rows(s, renames=renames), strict=strict, settings=settings)
        done.append(stages.embed_rows(analysed, settings=settings.cluster))
        progress("analyse", sum(d.num_rows for d in done), read.num_rows)
    stats.wall_seconds["analyse_embed"] = time.perf_counter() - t
    stats.shards = len(shards)
    table = pa.concat_tables(done)
    t = time.perf_counter()
    parquet_dir.mkdir(parents=True, exist_ok=True)
    for old in parquet_dir.glob("*.parquet"):
        old.unlink()
    pq.write_table(stages.only_documents(table), parquet_dir / "part-00000.parquet")
    stats.wall_seconds["write_parquet"] = time.perf_counter() - t
    return table


# ------------------------------------------------------------------ Ray engine


def _run_ray(inputs: list[str], parquet_dir: Path, *, stats: Stats, ray: Any, shard_rows: int, max_bytes: int,
             strict: bool, progress: pipeline.Progress = _noop, settings: Settings = DEFAULTS) -> pa.Table:
    """The per-document steps as Ray Data map stages, on the Ray that run_batch started or joined."""
    import ray.data as _ray_data  # noqa: F401 (loads ray.data, used below as ray.data)

    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False

    t = time.perf_counter()
    ds = ray.data.from_arrow(_inputs_table(inputs))
    ds = ds.repartition(num_blocks=len(inputs))  # one read task per input
    ds = ds.map_batches(stages.read_inputs, batch_format="pyarrow", batch_size=1,
                        fn_kwargs={"max_bytes": max_bytes}).materialize()
    ds = ds.repartition(num_blocks=max(1, -(-ds.count() // shard_rows)))  # shards of documents
    ds = ds.map_batches(stages.clean_rows, batch_format="pyarrow", batch_size=None,
                        fn_kwargs={"strict": strict, "settings": settings.clean}).materialize()
    rows = ds.count()
    progress("clean", rows, rows)
    stats.shards = ds.num_blocks()
    stats.wall_seconds["read_clean"] = time.perf_counter() - t

    t = time.perf_counter()
    renames = stages.unique_ids(_collect(ray, ds.select_columns(["seq", "kind", "id"])))
    ds = ds.map_batches(stages.rename_rows, batch_format="pyarrow", batch_size=None,
                        fn_kwargs={"renames": renames})
    # one spaCy process per Ray worker: Ray runs the blocks side by side already
    ds = ds.map_batches(stages.analyse_rows, batch_format="pyarrow", batch_size=None,
                        fn_kwargs={"strict": strict, "n_process": 1, "settings": settings})
    ds = ds.map_batches(stages.embed_rows, batch_format="pyarrow", batch_size=None,
                        fn_kwargs={"settings": settings.cluster}).materialize()
    progress("analyse", rows, rows)
    stats.wall_seconds["analyse_embed"] = time.perf_counter() - t

    t = time.perf_counter()
    _clear_parquet(parquet_dir)
    ds.map_batches(stages.only_documents, batch_format="pyarrow", batch_size=None) \
      .write_parquet(str(parquet_dir.resolve()))
    stats.wall_seconds["write_parquet"] = time.perf_counter() - t
    return _collect(ray, ds)


def _collect(ray, ds) -> pa.Table:  # noqa: ANN001 (ray is imported lazily)
    tables = [t for t in ray.get(ds.to_arrow_refs()) if t.num_rows]
    return pa.concat_tables(tables, promote_options="default") if tables else stages.SCHEMA.empty_table()


def _clear_parquet(parquet_dir: Path) -> None:
    if parquet_dir.is_dir():
        for old in parquet_dir.glob("*.parquet"):
            old.unlink()


def _start_ray(address: str | None, num_cpus: int):  # noqa: ANN202
    """Join `address`, or start a private local Ray. Returns (ray, whether this call started it)."""
    if not address:
        os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a private local Ray needs no token (docs/scale-out.md)
    os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")  # no per-dataset INFO lines on the terminal
    import ray

    if ray.is_initialized():
        return ray, False
    quiet: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
    if address:
        ray.init(address=address, **quiet)
    else:
        ray.init(num_cpus=num_cpus, include_dashboard=False, **quiet)
    return ray, True


__all__ = ["run_batch", "Stats", "ENGINES"]

"""The per-shard steps of a batch run, as functions from one Arrow table to another.

Both engines run exactly these functions: Ray Data maps them over blocks on the workers, the local engine calls them
in-process. Each one only calls the pipeline's per-document functions (pipeline.clean_document, pipeline.unique_ids,
pipeline.annotate_or_reject, with its error policy), ingest.read and cluster.compute_features, and moves their model
objects in and out of rows as JSON (storyweave.schema's TypeAdapters over the model's dataclasses), so nothing of
the pipeline is repeated here.
The embedding step runs cluster.compute_features, so the vector stored is the lead embedding that grouping uses.

Row schema (`SCHEMA`): one row per document or per rejected input; `seq` orders rows exactly as a local run would
("input index.record index"), `kind` is "raw" after reading, "doc" after cleaning, "rejected" for anything refused.
The t_* columns hold each row's share of the seconds its batch spent in that step (summed: task-seconds per stage).
"""
from __future__ import annotations

import dataclasses
import time

import numpy as np
import pyarrow as pa

from storyweave import cluster, ingest, pipeline, schema
from storyweave.model import Annotations, Document, RawDocument, Rejected
from storyweave.settings import DEFAULTS, CleanSettings, ClusterSettings, Settings

EMBED_DIM = 384
STAGE_COLUMNS = ("t_read", "t_clean", "t_analyse", "t_embed")

SCHEMA = pa.schema([
    ("seq", pa.string()),
    ("kind", pa.string()),
    ("id", pa.string()),
    ("source", pa.string()),
    ("outlet", pa.string()),
    ("origin_outlet", pa.string()),
    ("title", pa.string()),
    ("published", pa.string()),
    ("url", pa.string()),
    ("language", pa.string()),
    ("body", pa.string()),
    ("authors", pa.list_(pa.string())),
    ("stage", pa.string()),  # for kind == "rejected"
    ("reason", pa.string()),
    ("raw_json", pa.string()),  # RawDocument, until cleaned
    ("document_json", pa.string()),  # Document (with quantities once analysed)
    ("annotations_json", pa.string()),  # Annotations
    ("embedding", pa.list_(pa.float32())),  # unit-norm MiniLM lead embedding (cluster's), [] until embedded
    *((name, pa.float64()) for name in STAGE_COLUMNS),
])
INPUT_SCHEMA = pa.schema([("index", pa.int64()), ("input", pa.string())])

# the model's own TypeAdapters (storyweave.schema): one validator of what crosses a process boundary
RAW = schema.adapter(RawDocument)
DOCUMENT = schema.adapter(Document)
ANNOTATIONS = schema.adapter(Annotations)

Row = dict


def empty_row() -> Row:
    row: Row = {f.name: "" for f in SCHEMA if pa.types.is_string(f.type)}
    row.update(authors=[], embedding=[], **{name: 0.0 for name in STAGE_COLUMNS})
    return row


def _table(rows: list[Row]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMA)


def _timed(rows: list[Row], column: str, started: float) -> None:
    if rows:
        share = (time.perf_counter() - started) / len(rows)
        for row in rows:
            row[column] += share


def _rejected_row(row: Row, rejected: Rejected) -> Row:
    return {**row, "kind": "rejected", "stage": rejected.stage, "reason": rejected.reason,
            "source": rejected.source, "raw_json": "", "document_json": "", "annotations_json": ""}


def _document_columns(doc: Document) -> Row:
    return {"id": doc.id, "source": doc.source or "", "outlet": doc.outlet or "",
            "origin_outlet": doc.origin_outlet or "", "title": doc.title or "", "published": doc.published or "",
            "url": doc.url or "", "language": doc.language or "", "body": doc.body, "authors": list(doc.authors),
            "document_json": DOCUMENT.dump_json(doc).decode()}


# ------------------------------------------------------------------ the four steps


def read_inputs(inputs: pa.Table, *, max_bytes: int) -> pa.Table:
    """One input path per row -> one row per document read (or rejected) from it, in reading order."""
    rows: list[Row] = []
    for index, given in zip(inputs.column("index").to_pylist(), inputs.column("input").to_pylist()):
        started = time.perf_counter()
        out: list[Row] = []
        for k, item in enumerate(ingest.read([given], max_bytes=max_bytes)):
            row = {**empty_row(), "seq": f"{index:06d}.{k:09d}"}
            if isinstance(item, Rejected):
                out.append(_rejected_row(row, item))
            else:
                out.append({**row, "kind": "raw", "id": item.id, "source": item.source,
                            "raw_json": RAW.dump_json(item).decode()})
        _timed(out, "t_read", started)
        rows.extend(out)
    return _table(rows)


def clean_rows(table: pa.Table, *, strict: bool = False, settings: CleanSettings = DEFAULTS.clean) -> pa.Table:
    """Raw rows -> cleaned Document rows (or rejected rows: pipeline.clean_document's policy, `strict` raises),
    cleaned with the clean group `settings`."""
    rows = table.to_pylist()
    for i, row in enumerate(rows):
        if row["kind"] != "raw":
            continue
        started = time.perf_counter()
        result = pipeline.clean_document(RAW.validate_json(row["raw_json"]), strict=strict, settings=settings)
        if isinstance(result, Rejected):
            rows[i] = _rejected_row(row, result)
        else:
            rows[i] = {**row, "kind": "doc", "raw_json": "", **_document_columns(result)}
        _timed([rows[i]], "t_clean", started)
    return _table(rows)


def rename_rows(table: pa.Table, *, renames: dict[str, str]) -> pa.Table:
    """Give documents their run-wide unique ids (decided on the driver over all rows: "a", "a-2", ...)."""
    rows = table.to_pylist()
    for i, row in enumerate(rows):
        new = renames.get(row["seq"])
        if new is not None and row["kind"] == "doc":
            doc = dataclasses.replace(DOCUMENT.validate_json(row["document_json"]), id=new)
            rows[i] = {**row, **_document_columns(doc)}
    return _table(rows)


def analyse_rows(table: pa.Table, *, strict: bool = False, n_process: int | None = None,
                 settings: Settings = DEFAULTS) -> pa.Table:
    """Language analysis of the document rows (pipeline.annotate_or_reject with the pipeline and annotate groups
    of `settings`: spaCy passes over the batch; a document whose analysis fails becomes a rejected row, or with
    `strict` the failure is raised). `n_process`: spaCy's processes (None: settings.pipeline.n_process decides)."""
    rows = table.to_pylist()
    todo = [i for i, row in enumerate(rows) if row["kind"] == "doc"]
    started = time.perf_counter()
    docs, annotations, rejected = pipeline.annotate_or_reject(
        [DOCUMENT.validate_json(rows[i]["document_json"]) for i in todo], strict=strict, settings=settings,
        n_process=(settings.pipeline.n_process or None) if n_process is None else n_process)
    analysed = {d.id: d for d in docs}
    failed = iter(rejected)  # in document order, one per document missing from `analysed`
    for i in todo:
        doc = analysed.get(rows[i]["id"])
        if doc is None:
            rows[i] = _rejected_row(rows[i], next(failed))
        else:
            rows[i] = {**rows[i], **_document_columns(doc),
                       "annotations_json": ANNOTATIONS.dump_json(annotations[doc.id]).decode()}
    _timed([rows[i] for i in todo], "t_analyse", started)
    return _table(rows)


def embed_rows(table: pa.Table, *, settings: ClusterSettings = DEFAULTS.cluster) -> pa.Table:
    """The lead embedding of each document row, computed in one batch: exactly the vector grouping compares
    (cluster.compute_features with the cluster group `settings`: lead_words decides the lead embedded), so the
    driver passes it back as `known` and embeds nothing itself."""
    rows = table.to_pylist()
    todo = [i for i, row in enumerate(rows) if row["kind"] == "doc"]
    started = time.perf_counter()
    features = cluster.compute_features([DOCUMENT.validate_json(rows[i]["document_json"]) for i in todo],
                                        settings=settings)
    for i, feat in zip(todo, features):
        rows[i]["embedding"] = np.asarray(feat.vector, dtype=np.float32).tolist()
    _timed([rows[i] for i in todo], "t_embed", started)
    return _table(rows)


def unique_ids(table: pa.Table) -> dict[str, str]:
    """seq -> new id for the document rows whose id must change, decided over all rows in reading order by the
    pipeline's rule (pipeline.unique_ids)."""
    order = sorted((seq, doc_id) for seq, kind, doc_id in zip(table.column("seq").to_pylist(),
                                                               table.column("kind").to_pylist(),
                                                               table.column("id").to_pylist()) if kind == "doc")
    new_ids = pipeline.unique_ids([doc_id for _, doc_id in order])
    return {seq: new for (seq, doc_id), new in zip(order, new_ids) if new != doc_id}


def only_documents(table: pa.Table) -> pa.Table:
    """The document rows, without the columns that only carry work in progress."""
    import pyarrow.compute as pc

    docs = table.filter(pc.equal(table.column("kind"), "doc"))
    return docs.drop_columns(["kind", "stage", "reason", "raw_json"])

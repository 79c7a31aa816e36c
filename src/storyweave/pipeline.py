"""The orchestrator: the only module that imports the stages. It wires them in order and owns the error policy.

    ingest.read -> clean.clean -> annotate.annotate -> cluster.cluster -> align.align -> synthesize.synthesize

One error policy for every command (weave, extract, quotes, batch, add and so serve and watch): a document that
fails a stage becomes a `Rejected` in the Report and the others go on; a story whose cross-check or summary crashes
is a `Rejected` (stage "align" or "synthesize") naming its reports. `strict=True` raises a crash instead, as
errors.BadDocument from the stage's own exception. `batch` runs the same functions (clean_document, unique_ids,
annotate_or_reject, group_and_weave), spread over workers.

Settings (storyweave.settings): the public functions take `settings` (a Settings; default: the defaults); each
stage is handed its own group and nothing else (clean.clean the clean group, annotate.annotate the annotate group,
cluster, align and synthesize theirs), the orchestrator's own choices come from the pipeline group, and
Report.provenance records the digest of them all. read_documents and annotate_or_reject also take a
PipelineSettings alone, as earlier callers pass it: every other group is then at its defaults.

Document ids: a document's `id` is the name it is shown and cited under (its file stem or record id, made unique
in a run by unique_ids); what it is, is its `content_hash` (content_hash: its text or markup and URL as read).
`add` skips a report only when the stored report under its id has the same hash; another report that comes with a
stored id is stored under the first free "ID-N" (store_ids).
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import threading
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from storyweave import align, annotate, clean, cluster, ingest, resources, schema, synthesize
from storyweave import settings as config
from storyweave.align.facts import embedding_texts
from storyweave.errors import BadDocument
from storyweave.ingest.jsonl import record_to_raw
from storyweave.model import (Annotations, Document, Grouping, RawDocument, Rejected, Report, Stage, Story,
                              StoryGroup)
from storyweave.settings import (DEFAULTS, AlignSettings, AnnotateSettings, CleanSettings, ClusterSettings,
                                 PipelineSettings, Settings)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _noop(stage: str, done: int, total: int) -> None:
    return None


Input = str | RawDocument | Rejected  # a path (or "-"), a report read elsewhere, or a record refused there


def _read(inputs: Iterable[Input], kwargs: dict) -> Iterable[RawDocument | Rejected]:
    """Paths go through ingest.read; RawDocuments already read elsewhere (pages fetched by `watch`, records sent to
    the web API) and their refusals pass as they are."""
    paths: list[str] = []
    for given in inputs:
        if isinstance(given, (RawDocument, Rejected)):
            yield from ingest.read(paths, **kwargs) if paths else ()
            paths = []
            yield given
        else:
            paths.append(given)
    if paths:
        yield from ingest.read(paths, **kwargs)


def read_raw(paths: Iterable[str], *, max_bytes: int | None = None) -> list[RawDocument | Rejected]:
    """Read files without cleaning them (ingest.read), for a caller that names them itself before they go on to
    `add` or `weave` (the web app reads uploads from a private folder whose path must not be stored)."""
    if max_bytes is None:
        return list(ingest.read(list(paths)))
    return list(ingest.read(list(paths), max_bytes=max_bytes))


def records_to_raw(records: Iterable[Mapping[str, Any]], *, source: str, id_prefix: str
                   ) -> list[RawDocument | Rejected]:
    """JSON records (CONTRACT's `{"id", "text" or "html", ...}`, as decoded) -> reports, in memory: the JSON Lines
    reader's own conversion (schema.Record), so a record sent to the web API is read exactly as the same line of a
    .jsonl file would be ("SOURCE:N", default id "IDPREFIX-N"), without being written anywhere."""
    out: list[RawDocument | Rejected] = []
    for number, record in enumerate(records, 1):
        item_source = f"{source}:{number}"
        try:
            out.append(record_to_raw(dict(record), source=item_source, default_id=f"{id_prefix}-{number}"))
        except ValueError as exc:
            out.append(Rejected(source=item_source, stage="ingest", reason=str(exc)))
    return out


def content_hash(raw: RawDocument) -> str:
    """What a report is, whatever id it is shown under: "sha256:HEX" of its text (or its markup, when it came as
    HTML) and its URL, as read. Kept on the cleaned Document (Document.content_hash)."""
    digest = hashlib.sha256()
    kind, body = ("text", raw.text) if raw.text is not None else ("html", raw.html)
    for part in (kind, body or "", raw.url or ""):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return "sha256:" + digest.hexdigest()


def _crash(source: str, stage: Stage, what: str, exc: Exception, strict: bool) -> Rejected:
    """The error policy for a stage that raised: a Rejected, or under `strict` BadDocument from the exception."""
    failed = Rejected(source=source, stage=stage, reason=f"{what} failed: {type(exc).__name__}: {exc}"[:300])
    if strict:
        raise BadDocument(failed.source, failed.reason) from exc
    return failed


def clean_document(raw: RawDocument, *, strict: bool = False, settings: CleanSettings = DEFAULTS.clean
                   ) -> Document | Rejected:
    """The per-document cleaning step, the same under `weave` and `batch` (which runs it on its workers), with the
    clean group of the settings. A report the cleaner refuses is a Rejected; one that crashes it too (or, with
    `strict`, raises BadDocument)."""
    try:
        result = clean.clean(raw, settings=settings)
    except Exception as exc:
        return _crash(raw.source or raw.id, "clean", "cleaning", exc, strict)
    if isinstance(result, Rejected):
        return result
    return dataclasses.replace(result, content_hash=content_hash(raw))


def unique_ids(ids: Sequence[str]) -> list[str]:
    """The ids to give documents that arrived with `ids` (in reading order), so that no two share one.

    A document keeps its own id unless an earlier document has it; then it becomes the first "ID-2", "ID-3", ...
    that no document of the run has or was given, so a renamed report never takes the id another one came with:
    ["a", "a", "a-2"] -> ["a", "a-3", "a-2"]."""
    firsts: dict[str, int] = {}
    for i, doc_id in enumerate(ids):
        firsts.setdefault(doc_id, i)
    taken = set(firsts)
    next_n: dict[str, int] = {}
    out: list[str] = []
    for i, doc_id in enumerate(ids):
        if firsts[doc_id] == i:
            out.append(doc_id)
            continue
        n = next_n.get(doc_id, 2)
        while f"{doc_id}-{n}" in taken:
            n += 1
        new = f"{doc_id}-{n}"
        next_n[doc_id] = n + 1
        taken.add(new)
        out.append(new)
    return out


def with_unique_ids(documents: Sequence[Document]) -> list[Document]:
    """`documents` renamed by unique_ids (the same objects where the id stays)."""
    return [d if d.id == new else dataclasses.replace(d, id=new)
            for d, new in zip(documents, unique_ids([d.id for d in documents]))]


def _whole(settings: Settings | PipelineSettings) -> Settings:
    """Every group: `settings` itself, or a pipeline group alone with every other group at its defaults."""
    return settings if isinstance(settings, Settings) else dataclasses.replace(DEFAULTS, pipeline=settings)


def read_documents(inputs: Iterable[Input], *, progress: Progress = _noop, max_bytes: int | None = None,
                   strict: bool = False, settings: Settings | PipelineSettings = DEFAULTS
                   ) -> tuple[list[Document], list[Rejected]]:
    """Read and clean every input (the cleaner gets the clean group of `settings`). Ids are made unique (see
    unique_ids) so citations stay unambiguous. An input over `max_bytes` (default: pipeline.max_input_mb) is
    rejected."""
    cfg = _whole(settings)
    documents: list[Document] = []
    rejected: list[Rejected] = []
    kwargs = {"max_bytes": max_bytes if max_bytes is not None else cfg.pipeline.max_input_mb * 1_000_000}
    for item in _read(inputs, kwargs):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        result = clean_document(item, strict=strict, settings=cfg.clean)
        if isinstance(result, Rejected):
            rejected.append(result)
            continue
        documents.append(result)
        progress("read", len(documents), 0)
    return with_unique_ids(documents), rejected


# The defaults of settings.PipelineSettings (set there, with how they were measured), under their old names.
ANNOTATE_CHUNK = DEFAULTS.pipeline.annotate_chunk  # documents per spaCy pass
PARALLEL_CHUNK = DEFAULTS.pipeline.parallel_chunk  # documents per spaCy pass in several processes
PARALLEL_MIN = DEFAULTS.pipeline.parallel_min  # n_process=None: two processes from this many documents


def analysis_processes(n_documents: int, minimum: int = PARALLEL_MIN) -> int:
    """How many processes spaCy runs in for `n_documents`: two (at most the CPU count) from `minimum` on, when
    called from the main thread (not from a server's worker thread: forking there is not safe), else one."""
    if n_documents < minimum or threading.current_thread() is not threading.main_thread():
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def annotate_or_reject(documents: Sequence[Document], *, strict: bool = False, progress: Progress = _noop,
                       n_process: int | None = 1, settings: Settings | PipelineSettings = DEFAULTS
                       ) -> tuple[list[Document], dict[str, Annotations], list[Rejected]]:
    """Run the language analysis (annotate.annotate with the annotate group of `settings`; passes sized by the
    pipeline group); copy each document's quantities onto it (the contract lists them per document).

    The error policy of the analysis, the same under `weave` and `batch`: a document whose analysis fails becomes a
    Rejected(stage="annotate") and the others go on (a chunk that fails is analysed again one document at a time,
    so only the culprit is dropped). With `strict`, the first failure is raised instead, as errors.BadDocument
    ("SOURCE: analysis failed: ...") from the analysis's own exception.
    `n_process` > 1 runs spaCy in that many processes (forked from this one, so the model is not loaded again) on
    passes of pipeline.parallel_chunk documents (else pipeline.annotate_chunk); the extractors after spaCy stay in
    this process. None: analysis_processes chooses (settings.PipelineSettings.n_process says why one is the
    default).
    Returns (the documents analysed, their annotations by id, the documents rejected)."""
    whole = _whole(settings)
    cfg, tuned = whole.pipeline, whole.annotate
    annotations: dict[str, Annotations] = {}
    out: list[Document] = []
    rejected: list[Rejected] = []
    total = len(documents)
    n_process = analysis_processes(total, cfg.parallel_min) if n_process is None else n_process
    step = cfg.parallel_chunk if n_process > 1 else cfg.annotate_chunk
    parallel: dict[str, Any] = {"n_process": n_process} if n_process > 1 else {}
    for i in range(0, total, step):
        chunk = list(documents[i:i + step])
        try:
            done = list(zip(chunk, annotate.annotate(chunk, settings=tuned, **parallel)))
        except Exception:
            done = []
            for doc in chunk:
                try:
                    done.extend(zip([doc], annotate.annotate([doc], settings=tuned)))
                except Exception as exc:
                    rejected.append(_crash(doc.source or doc.id, "annotate", "analysis", exc, strict))
        for doc, ann in done:
            annotations[doc.id] = ann
            out.append(dataclasses.replace(doc, quantities=ann.quantities))
        progress("analyse", min(i + step, total), total)
    return out, annotations, rejected


def annotate_documents(documents: Sequence[Document], *, progress: Progress = _noop, settings: Settings = DEFAULTS
                       ) -> tuple[list[Document], dict[str, Annotations]]:
    """annotate_or_reject with strict=True: every document analysed, or the first failure raised (BadDocument)."""
    out, annotations, _ = annotate_or_reject(documents, strict=True, progress=progress, settings=settings)
    return out, annotations


def story_source(group: StoryGroup, docmap: Mapping[str, Document]) -> str:
    """How a rejected story is named: "story ID: " and the sources of its first five reports."""
    return f"story {group.id}: " + ", ".join(docmap[d].source or d if d in docmap else d
                                             for d in group.documents[:5])


def weave_story(group: StoryGroup, docmap: Mapping[str, Document], annotations: Mapping[str, Annotations], *,
                strict: bool = False, settings: Settings = DEFAULTS) -> Story | Rejected:
    """Cross-check and summarise one group: its Story, or the Rejected of the stage that crashed (align or
    synthesize; with `strict` raised, as BadDocument). `docmap` and `annotations` need only hold the group's
    reports. The one step `weave`, `add` and `batch` (on its workers, one story per task) all run per story.
    A group none of whose reports holds any article text (a page of widgets the cleaner emptied: grouping still
    sees it) is no story: it is a Rejected of the clean stage, whatever `strict` says, as a page the cleaner refuses
    is."""
    bodies = [docmap[d].body for d in group.documents if d in docmap]
    if not any(any(c.isalpha() for c in body) for body in bodies):
        removed = sum(len(docmap[d].removed) for d in group.documents if d in docmap)
        return Rejected(source=story_source(group, docmap)[:300], stage="clean",
                        reason=f"no article text: the cleaner found only clutter ({removed} lines removed)")
    stage: Stage = "align"
    try:
        crosscheck = align.align(group, docmap, annotations, settings=settings.align)
        stage = "synthesize"
        return synthesize.synthesize(group, crosscheck, docmap, annotations, settings=settings.synthesize)
    except Exception as exc:
        return _crash(story_source(group, docmap)[:300], stage, "weaving", exc, strict)


def weave_or_reject(grouping: Grouping, documents: Sequence[Document], annotations: dict[str, Annotations], *,
                    strict: bool = False, progress: Progress = _noop, settings: Settings = DEFAULTS
                    ) -> tuple[list[Story], list[Rejected]]:
    """Cross-check and summarise each group (weave_story). A group whose align or synthesize step crashes is a
    Rejected of that stage (source "story ID: its reports' sources") and the other stories go on; with `strict` it
    is raised (BadDocument). Returns (the stories woven, the groups rejected)."""
    docmap = {d.id: d for d in documents}
    stories: list[Story] = []
    rejected: list[Rejected] = []
    total = len(grouping.groups)
    for i, group in enumerate(grouping.groups, 1):
        woven = weave_story(group, docmap, annotations, strict=strict, settings=settings)
        (rejected if isinstance(woven, Rejected) else stories).append(woven)  # type: ignore[arg-type]
        progress("weave", i, total)
    return stories, rejected


def weave_groups(grouping: Grouping, documents: Sequence[Document], annotations: dict[str, Annotations], *,
                 progress: Progress = _noop) -> list[Story]:
    """weave_or_reject with strict=True: every group woven, or the first crash raised (BadDocument)."""
    return weave_or_reject(grouping, documents, annotations, strict=True, progress=progress)[0]


def group_documents(documents: Sequence[Document], *, known: Mapping[str, Any] | None = None,
                    progress: Progress = _noop, settings: Settings = DEFAULTS) -> Grouping:
    """Group analysed documents into stories (cluster.cluster), the first half of group_and_weave: `batch` groups
    on its driver and weaves each story apart (weave_story). `known`: see group_and_weave."""
    if not documents:
        return Grouping(groups=())
    return cluster.cluster(documents, progress=progress, known=known, settings=settings.cluster)


def group_and_weave(documents: Sequence[Document], annotations: dict[str, Annotations], *,
                    known: Mapping[str, Any] | None = None, progress: Progress = _noop, strict: bool = False,
                    settings: Settings = DEFAULTS) -> tuple[Grouping, list[Story], list[Rejected]]:
    """Group analysed documents into stories and weave each one: the end of `weave`, and of `batch` on its driver.
    `known` (doc id -> lead embedding) passes vectors already computed (batch's workers) so grouping embeds none.
    Returns (the grouping, the stories, the stories whose weaving crashed: see weave_or_reject)."""
    if not documents:
        return Grouping(groups=()), [], []
    grouping = group_documents(documents, known=known, progress=progress, settings=settings)
    stories, rejected = weave_or_reject(grouping, documents, annotations, strict=strict, progress=progress,
                                        settings=settings)
    return grouping, stories, rejected


def provenance(settings: Settings = DEFAULTS) -> dict[str, str]:
    """What produced a report: versions and model ids (schema.provenance) and the settings' digest."""
    return {**schema.provenance(), "settings": config.digest(settings)}


def _processes(settings: Settings) -> int | None:
    return settings.pipeline.n_process or None  # 0: analysis_processes chooses


def extract(inputs: Iterable[str], *, progress: Progress = _noop, annotate_numbers: bool = True,
            max_bytes: int | None = None, strict: bool = False, settings: Settings = DEFAULTS) -> Report:
    """Read and clean; with annotate_numbers also fill each document's quantities (a document whose analysis
    fails is rejected, or with `strict` the failure raised)."""
    documents, rejected = read_documents(inputs, progress=progress, max_bytes=max_bytes, strict=strict,
                                         settings=settings)
    if annotate_numbers and documents:
        documents, _, failed = annotate_or_reject(documents, strict=strict, progress=progress,
                                                  n_process=_processes(settings), settings=settings)
        rejected += failed
    return Report(documents=tuple(documents), rejected=tuple(rejected))


def group(inputs: Iterable[str], *, progress: Progress = _noop, max_bytes: int | None = None,
          settings: Settings = DEFAULTS) -> tuple[Report, Grouping]:
    """Read, clean and group into stories (no language analysis)."""
    documents, rejected = read_documents(inputs, progress=progress, max_bytes=max_bytes, settings=settings)
    grouping = cluster.cluster(documents, progress=progress, settings=settings.cluster) if documents else \
        Grouping(groups=())
    return Report(documents=tuple(documents), rejected=tuple(rejected)), grouping


def weave_documents(documents: Sequence[Document], *, progress: Progress = _noop,
                    rejected: Sequence[Rejected] = (), strict: bool = False, settings: Settings = DEFAULTS) -> Report:
    """Annotate, group and weave already-cleaned documents (see annotate_or_reject for `strict`)."""
    documents, annotations, failed = annotate_or_reject(documents, strict=strict, progress=progress,
                                                        n_process=_processes(settings), settings=settings)
    rejected = (*rejected, *failed)
    if not documents:
        return Report(rejected=tuple(rejected), provenance=provenance(settings))
    _, stories, failed_stories = group_and_weave(documents, annotations, progress=progress, strict=strict,
                                                 settings=settings)
    rejected = (*rejected, *failed_stories)
    return Report(documents=tuple(documents), stories=tuple(stories), rejected=tuple(rejected),
                  provenance=provenance(settings))


def weave(inputs: Iterable[str], *, progress: Progress = _noop, max_bytes: int | None = None,
          strict: bool = False, settings: Settings = DEFAULTS) -> Report:
    """The main job: read, clean, analyse, group, cross-check and weave every story.

    A document that cannot be read, cleaned or analysed becomes a Rejected in the report and the others go on;
    with `strict=True` a crash of any stage is raised instead (errors.BadDocument; an input the reader or cleaner
    refuses is always recorded and skipped)."""
    documents, rejected = read_documents(inputs, progress=progress, max_bytes=max_bytes, strict=strict,
                                         settings=settings)
    return weave_documents(documents, progress=progress, rejected=rejected, strict=strict, settings=settings)


# ---------------------------------------------------------------- incremental add (issue 3)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class StoryChange:
    """One story an add created or re-wove."""

    id: str
    title: str | None
    reports: int  # reports in the story now
    new_reports: int  # of which this add brought
    created: bool


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class AddResult:
    added: tuple[str, ...]  # ids of the reports newly stored
    skipped: tuple[str, ...]  # ids already in the store (re-running an add)
    changed: tuple[str, ...]  # story ids re-woven (new stories included)
    created: tuple[str, ...]  # story ids that did not exist before
    rejected: tuple[Rejected, ...] = ()
    stories: tuple[StoryChange, ...] = ()  # the changed stories (created ones included), in `changed` order
    analysed: int = 0  # reports whose language analysis ran (the new ones, and older ones without a usable one)
    renamed: tuple[tuple[str, str], ...] = ()  # (id it came with, id stored under): its id was another stored report's
    provenance: dict[str, str] = dataclasses.field(default_factory=dict)  # what wove it (see provenance())


ANNOTATIONS_SCHEMA = 1  # the stored form of an analysis (storyweave.store.codec); bump when model.Annotations changes
# what an analysis depends on besides the spaCy model: the analysis code and its word lists, and the helpers it calls
_ANALYSIS_SOURCES = ("annotate", "textutil.py", "dateexpr.py", "resources.py", "model.py")


@functools.lru_cache(maxsize=4)
def annotations_version(settings: AnnotateSettings = DEFAULTS.annotate) -> str:
    """What produced an analysis, as the store keeps it beside each report's Annotations: the stored form's schema,
    the spaCy model and its version, and a digest of the analysis code and data (and of the annotate settings when
    they are not the defaults). `add` reuses a stored analysis only under the version it would produce itself, and
    analyses the report again otherwise."""
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _ANALYSIS_SOURCES:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".pyc") if path.is_dir() else [path]
        for f in files:
            digest.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    try:
        model_version = version(resources.SPACY_MODEL)
    except PackageNotFoundError:
        model_version = "?"
    tuned = "" if settings == DEFAULTS.annotate else ":" + config.digest(Settings(annotate=settings))[7:]
    return f"{ANNOTATIONS_SCHEMA}:{resources.SPACY_MODEL}-{model_version}:{digest.hexdigest()[:16]}{tuned}"


class IndexCache:
    """Keeps one store's grouping index in memory between adds, for long-running processes (`serve`, `watch`).

    Building the index reads every report's features from the store and builds an HNSW index (about 8 s at 100,000
    reports); with a cache that happens once, and each later add only places its own reports. The index is read
    again whenever the store was written by anyone else since (its write sequence number moved on), and dropped
    when an add fails."""

    def __init__(self) -> None:
        self._index: cluster.StoryIndex | None = None
        self._store_key: str | None = None
        self._seq = -1
        self.builds = 0  # how many times the index was read from a store

    def index(self, st, settings: ClusterSettings = DEFAULTS.cluster) -> cluster.StoryIndex:
        """The index of `st` as it is now: the cached one when nobody has written since (and it was built with
        these settings), else read afresh."""
        key, seq = str(st.engine.url), st.seq()
        if self._index is None or key != self._store_key or seq != self._seq or self._index.cfg != settings:
            self._index = load_index(st, ann=True, settings=settings)
            self._store_key, self._seq = key, seq
            self.builds += 1
        return self._index

    def saved(self, seq: int) -> None:
        """The cached index now holds the reports of the write numbered `seq`; kept only when that write came
        straight after the state it was read at (otherwise another writer came in between)."""
        if seq == self._seq + 1:
            self._seq = seq
        else:
            self.drop()

    def drop(self) -> None:
        self._index, self._store_key, self._seq = None, None, -1


def load_index(st, *, ann: bool = False, settings: ClusterSettings = DEFAULTS.cluster) -> cluster.StoryIndex:
    """A store's grouping index: every stored report's features, story and neighbour scale. `ann=True` also builds
    the approximate vector index at once (worth it for a process that will place many reports)."""
    feats = [cluster.DocFeatures.from_bytes(i, b) for i, b in st.features().items()]
    return cluster.StoryIndex(feats, st.story_map(), st.scales(), ann=ann, settings=settings)


def _same_report(stored: Document, doc: Document) -> bool:
    """Whether `doc` is the report stored as `stored` (by content hash; a store written before hashes were kept
    has none, and a report under its id counts as the one stored, as then)."""
    return stored.content_hash is None or doc.content_hash is None or stored.content_hash == doc.content_hash


def store_ids(st, documents: Sequence[Document]) -> tuple[list[Document], list[str], list[tuple[str, str]]]:
    """Which of `documents` (ids unique within this run) the store `st` lacks, and under which ids they go in.

    A document whose id the store holds for the same report (same content_hash) is already stored: skipped. One
    whose id the store holds for another report (a different index.html added later) is renamed to the first
    "ID-N" that neither the store nor this run uses; if the store already holds this very report under one of
    those names (the same add run again), it is skipped under that name.
    Returns (the documents to add, under their ids; the stored ids skipped; (given id, new id) of each renamed)."""
    ids = [d.id for d in documents]
    stored = {d.id: d for d in st.documents(ids)}
    # features without a stored document (a store written before documents were kept with them): known ids
    legacy = set(st.features([i for i in ids if i not in stored])) if len(stored) < len(ids) else set()
    taken = set(ids)
    new: list[Document] = []
    skipped: list[str] = []
    renamed: list[tuple[str, str]] = []
    for doc in documents:
        old = stored.get(doc.id)
        if old is None:
            (skipped.append(doc.id) if doc.id in legacy else new.append(doc))
            continue
        if _same_report(old, doc):
            skipped.append(doc.id)
            continue
        n = 2
        while True:
            candidate = f"{doc.id}-{n}"
            n += 1
            if candidate in taken:
                continue
            found = st.documents([candidate])
            if not found:
                taken.add(candidate)
                new.append(dataclasses.replace(doc, id=candidate))
                renamed.append((doc.id, candidate))
                break
            if found[0].content_hash is not None and _same_report(found[0], doc):
                skipped.append(candidate)
                break
    return new, skipped, renamed


def _reuse_vectors(st, documents: Sequence[Document], annotations: Mapping[str, Annotations], *,
                   settings: AlignSettings = DEFAULTS.align) -> set[str]:
    """Hand the stored sentence vectors of `documents` to the embedder's process cache, where they were made by
    this embedder (id and dimension) for exactly the texts alignment (with `settings`) embeds now; returns the ids
    reused (the others' sentences are embedded while weaving, and stored then)."""
    if not documents:
        return set()
    found = st.sentence_vectors([d.id for d in documents], resources.embedder_id(), dim=resources.EMBED_DIM)
    reused = set()
    for d in documents:
        stored = found.get(d.id)
        if stored is None:
            continue
        texts = embedding_texts(d, annotations[d.id], settings=settings)
        if stored.matches(texts):
            resources.remember(texts, stored.vectors)
            reused.add(d.id)
    return reused


def _vectors_to_keep(stories: Sequence[Story], documents: Sequence[Document], annotations: Mapping[str, Annotations],
                     reused: set[str], *, settings: AlignSettings = DEFAULTS.align
                     ) -> dict[str, tuple[list[str], Any]]:
    """The sentence vectors an add stores: those of each report of a woven story of two or more reports (the ones
    alignment embedded, so this embeds nothing new) that the store did not hold already. A report alone in its
    story is embedded only when a later add gives it company."""
    docmap = {d.id: d for d in documents}
    out: dict[str, tuple[list[str], Any]] = {}
    for story in stories:
        if len(story.documents) < 2:
            continue
        for doc_id in story.documents:
            if doc_id in reused or doc_id not in docmap or doc_id not in annotations:
                continue
            texts = embedding_texts(docmap[doc_id], annotations[doc_id], settings=settings)
            out[doc_id] = (texts, resources.embed(texts))
    return out


def add(inputs: Iterable[Input], store, *, progress: Progress = _noop, max_bytes: int | None = None,
        cache: IndexCache | None = None, strict: bool = False, settings: Settings = DEFAULTS) -> AddResult:
    """Add reports to a store: each joins a story or starts one; only changed stories are re-woven; everything is
    saved in one transaction. `store` is a storyweave.store.Store or a path/URL; `cache` keeps the grouping index
    warm between calls (see IndexCache). Ids: see store_ids (a different report under a stored id is renamed, the
    same report skipped). Errors: the module's policy. A new report whose analysis crashes is rejected before it
    is grouped; an older one whose stored analysis must be redone and crashes is rejected and its story re-woven
    without it; a story whose weaving crashes is rejected with the new reports it would have taken (they are not
    stored: a later add tries them again). `strict` raises each of these instead."""
    from storyweave.store import Store, open_store

    own = not isinstance(store, Store)
    st = open_store(store) if own else store
    try:
        documents, rejected = read_documents(inputs, progress=progress, max_bytes=max_bytes, strict=strict,
                                             settings=settings)
        new, skipped_ids, renamed = store_ids(st, documents)
        skipped = tuple(skipped_ids)
        if new:
            new, new_annotations, failed = annotate_or_reject(new, strict=strict, progress=progress,
                                                              n_process=_processes(settings), settings=settings)
            rejected += failed
        if not new:
            return AddResult(added=(), skipped=skipped, changed=(), created=(), rejected=tuple(rejected),
                             provenance=provenance(settings))
        index = cache.index(st, settings.cluster) if cache is not None else load_index(st, settings=settings.cluster)
        try:
            feats = cluster.compute_features(new, progress=progress, settings=settings.cluster)
            assignment = index.assign(feats)  # the index now holds the new reports: kept only if the save lands
            progress("assign", len(new), len(new))
            new_ids = {d.id for d in new}
            old_ids = [i for ids in assignment.changed.values() for i in ids if i not in new_ids]
            # older reports are re-woven from their stored analysis; only those without one under this version
            # (stores written before it was kept, or by other analysis code) are analysed again, and saved
            version = annotations_version(settings.annotate)
            stored = st.annotations(old_ids, version) if old_ids else {}
            old_docs = st.documents(old_ids)
            kept = [d for d in old_docs if d.id in stored]
            redone, annotations, failed = annotate_or_reject([d for d in old_docs if d.id not in stored],
                                                             strict=strict, progress=progress,
                                                             n_process=_processes(settings), settings=settings)
            rejected += failed
            annotations.update(new_annotations)
            fresh = dict(annotations)
            annotations.update(stored)
            reused = _reuse_vectors(st, kept + redone, annotations, settings=settings.align)  # not embedded again
            analysed = redone + new
            usable = set(annotations)
            groups = tuple(StoryGroup(id=sid, documents=tuple(i for i in ids if i in usable),
                                      copies=tuple(c for c in (tuple(i for i in cs if i in usable)
                                                               for cs in assignment.copies.get(sid, ())) if len(c) > 1))
                           for sid, ids in assignment.changed.items())
            stories, failed_stories = weave_or_reject(Grouping(groups=tuple(g for g in groups if g.documents)),
                                                      kept + analysed, annotations, strict=strict,
                                                      progress=progress, settings=settings)
            rejected += failed_stories
            woven = {d for s in stories for d in s.documents}
            lost = {d.id for d in new if d.id not in woven}  # in a story whose weaving crashed: not stored
            if lost:
                analysed = [d for d in analysed if d.id not in lost]
                new = [d for d in new if d.id not in lost]
                feats = [f for f in feats if f.id not in lost]
                fresh = {k: v for k, v in fresh.items() if k not in lost}
            progress("store", 0, len(new))
            seq = st.save(Report(documents=tuple(analysed), stories=tuple(stories)),
                          features={f.id: f.to_bytes() for f in feats},
                          scales={**{f.id: index.scale(f.id) for f in feats},
                                  **{k: v for k, v in assignment.scales.items() if k not in lost}},
                          annotations=fresh, annotations_version=version, removed=assignment.removed,
                          vectors=_vectors_to_keep(stories, kept + analysed, annotations, reused,
                                                   settings=settings.align),
                          vectors_version=resources.embedder_id())
        except BaseException:
            if cache is not None:
                cache.drop()
            raise
        if cache is not None:
            if lost:
                cache.drop()  # the index placed reports that were not stored
            else:
                cache.saved(seq)
        progress("store", len(new), len(new))
        created = set(assignment.created)
        new_ids = {d.id for d in new}
        listing = tuple(StoryChange(id=s.id, title=s.title, reports=len(s.documents), created=s.id in created,
                                    new_reports=sum(d in new_ids for d in s.documents)) for s in stories)
        woven_ids = {s.id for s in stories}
        return AddResult(added=tuple(d.id for d in new), skipped=skipped,
                         changed=tuple(sid for sid in assignment.changed if sid in woven_ids),
                         created=tuple(sid for sid in assignment.created if sid in woven_ids),
                         rejected=tuple(rejected), stories=listing, analysed=len(fresh),
                         renamed=tuple(r for r in renamed if r[1] in new_ids), provenance=provenance(settings))
    finally:
        if own:
            st.close()

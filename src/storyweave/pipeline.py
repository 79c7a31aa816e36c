"""The orchestrator: the only module that imports the stages. It wires them in order and owns the error policy.

    ingest.read -> clean.clean -> annotate.annotate -> cluster.cluster -> align.align -> synthesize.synthesize

A document that fails a stage becomes a `Rejected` in the Report; the others go on (`strict=True` raises a failure
of the analysis instead). `batch` runs the same functions (clean_document, unique_ids, annotate_or_reject,
group_and_weave), spread over workers.
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
from storyweave.errors import BadDocument
from storyweave.model import Annotations, Document, Grouping, RawDocument, Rejected, Report, Story

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _read(inputs: Iterable[str | RawDocument], kwargs: dict) -> Iterable[RawDocument | Rejected]:
    """Paths go through ingest.read; RawDocuments already read elsewhere (pages fetched by `watch`) pass as they are."""
    paths: list[str] = []
    for given in inputs:
        if isinstance(given, RawDocument):
            yield from ingest.read(paths, **kwargs) if paths else ()
            paths = []
            yield given
        else:
            paths.append(given)
    if paths:
        yield from ingest.read(paths, **kwargs)


def clean_document(raw: RawDocument) -> Document | Rejected:
    """The per-document cleaning step, the same under `weave` and `batch` (which runs it on its workers)."""
    return clean.clean(raw)


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


def read_documents(inputs: Iterable[str | RawDocument], *, progress: Progress = _noop, max_bytes: int | None = None
                   ) -> tuple[list[Document], list[Rejected]]:
    """Read and clean every input. Ids are made unique (see unique_ids) so citations stay unambiguous."""
    documents: list[Document] = []
    rejected: list[Rejected] = []
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    for item in _read(inputs, kwargs):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        result = clean_document(item)
        if isinstance(result, Rejected):
            rejected.append(result)
            continue
        documents.append(result)
        progress("read", len(documents), 0)
    return with_unique_ids(documents), rejected


ANNOTATE_CHUNK = 16  # documents per spaCy pass
PARALLEL_CHUNK = 256  # documents per spaCy pass when it runs in several processes (each pass forks them anew)
# n_process=None: two processes from this many documents. Not the default: on 200 Multi-News reports two processes
# took 32.1-32.5 s against 29.9-30.1 s for one (CPU +7 %) on this shared 2-core machine at load 5, and won (72 s
# against 154-163 s) only at load 9-13, by taking a bigger share of it; the parent's peak memory is lower (790 MB
# against 1,155 MB). bench/throughput.py --parts analyse --n 200 --n-process 1|2
PARALLEL_MIN = 64


def analysis_processes(n_documents: int) -> int:
    """How many processes spaCy runs in for `n_documents`: two (at most the CPU count) from PARALLEL_MIN on, when
    called from the main thread (not from a server's worker thread: forking there is not safe), else one."""
    if n_documents < PARALLEL_MIN or threading.current_thread() is not threading.main_thread():
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def annotate_or_reject(documents: Sequence[Document], *, strict: bool = False, progress: Progress = _noop,
                       n_process: int | None = 1) -> tuple[list[Document], dict[str, Annotations], list[Rejected]]:
    """Run the language analysis; copy each document's quantities onto it (the contract lists them per document).

    The error policy of the analysis, the same under `weave` and `batch`: a document whose analysis fails becomes a
    Rejected(stage="annotate") and the others go on (a chunk that fails is analysed again one document at a time,
    so only the culprit is dropped). With `strict`, the first failure is raised instead, as errors.BadDocument
    ("SOURCE: analysis failed: ...") from the analysis's own exception.
    `n_process` > 1 runs spaCy in that many processes (forked from this one, so the model is not loaded again) on
    passes of PARALLEL_CHUNK documents; the extractors after spaCy stay in this process. None: analysis_processes
    chooses (see PARALLEL_MIN for why one is the default).
    Returns (the documents analysed, their annotations by id, the documents rejected)."""
    annotations: dict[str, Annotations] = {}
    out: list[Document] = []
    rejected: list[Rejected] = []
    total = len(documents)
    n_process = analysis_processes(total) if n_process is None else n_process
    step = PARALLEL_CHUNK if n_process > 1 else ANNOTATE_CHUNK
    parallel = {"n_process": n_process} if n_process > 1 else {}
    for i in range(0, total, step):
        chunk = list(documents[i:i + step])
        try:
            done = list(zip(chunk, annotate.annotate(chunk, **parallel)))
        except Exception:
            done = []
            for doc in chunk:
                try:
                    done.extend(zip([doc], annotate.annotate([doc])))
                except Exception as exc:
                    failed = Rejected(source=doc.source or doc.id, stage="annotate",
                                      reason=f"analysis failed: {type(exc).__name__}: {exc}"[:300])
                    if strict:
                        raise BadDocument(failed.source, failed.reason) from exc
                    rejected.append(failed)
        for doc, ann in done:
            annotations[doc.id] = ann
            out.append(dataclasses.replace(doc, quantities=ann.quantities))
        progress("analyse", min(i + step, total), total)
    return out, annotations, rejected


def annotate_documents(documents: Sequence[Document], *, progress: Progress = _noop
                       ) -> tuple[list[Document], dict[str, Annotations]]:
    """annotate_or_reject with strict=True: every document analysed, or the first failure raised (BadDocument)."""
    out, annotations, _ = annotate_or_reject(documents, strict=True, progress=progress)
    return out, annotations


def weave_groups(grouping: Grouping, documents: Sequence[Document], annotations: dict[str, Annotations], *,
                 progress: Progress = _noop) -> list[Story]:
    docmap = {d.id: d for d in documents}
    stories = []
    total = len(grouping.groups)
    for i, group in enumerate(grouping.groups, 1):
        crosscheck = align.align(group, docmap, annotations)
        stories.append(synthesize.synthesize(group, crosscheck, docmap, annotations))
        progress("weave", i, total)
    return stories


def group_and_weave(documents: Sequence[Document], annotations: dict[str, Annotations], *,
                    known: Mapping[str, Any] | None = None, progress: Progress = _noop
                    ) -> tuple[Grouping, list[Story]]:
    """Group analysed documents into stories and weave each one: the end of `weave`, and of `batch` on its driver.
    `known` (doc id -> lead embedding) passes vectors already computed (batch's workers) so grouping embeds none."""
    if not documents:
        return Grouping(groups=()), []
    grouping = cluster.cluster(documents, progress=progress, known=known)
    return grouping, weave_groups(grouping, documents, annotations, progress=progress)


def extract(inputs: Iterable[str], *, progress: Progress = _noop, annotate_numbers: bool = True,
            max_bytes: int | None = None, strict: bool = False) -> Report:
    """Read and clean; with annotate_numbers also fill each document's quantities (a document whose analysis
    fails is rejected, or with `strict` the failure raised)."""
    documents, rejected = read_documents(inputs, progress=progress, max_bytes=max_bytes)
    if annotate_numbers and documents:
        documents, _, failed = annotate_or_reject(documents, strict=strict, progress=progress)
        rejected += failed
    return Report(documents=tuple(documents), rejected=tuple(rejected))


def group(inputs: Iterable[str], *, progress: Progress = _noop, max_bytes: int | None = None
          ) -> tuple[Report, Grouping]:
    """Read, clean and group into stories (no language analysis)."""
    documents, rejected = read_documents(inputs, progress=progress, max_bytes=max_bytes)
    grouping = cluster.cluster(documents, progress=progress) if documents else Grouping(groups=())
    return Report(documents=tuple(documents), rejected=tuple(rejected)), grouping


def weave_documents(documents: Sequence[Document], *, progress: Progress = _noop,
                    rejected: Sequence[Rejected] = (), strict: bool = False) -> Report:
    """Annotate, group and weave already-cleaned documents (see annotate_or_reject for `strict`)."""
    documents, annotations, failed = annotate_or_reject(documents, strict=strict, progress=progress)
    rejected = (*rejected, *failed)
    if not documents:
        return Report(rejected=tuple(rejected), provenance=schema.provenance())
    _, stories = group_and_weave(documents, annotations, progress=progress)
    return Report(documents=tuple(documents), stories=tuple(stories), rejected=tuple(rejected),
                  provenance=schema.provenance())


def weave(inputs: Iterable[str], *, progress: Progress = _noop, max_bytes: int | None = None,
          strict: bool = False) -> Report:
    """The main job: read, clean, analyse, group, cross-check and weave every story.

    A document that cannot be read, cleaned or analysed becomes a Rejected in the report and the others go on;
    with `strict=True` a failure of the analysis is raised instead (reading and cleaning always record and skip)."""
    documents, rejected = read_documents(inputs, progress=progress, max_bytes=max_bytes)
    return weave_documents(documents, progress=progress, rejected=rejected, strict=strict)


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


ANNOTATIONS_SCHEMA = 1  # the stored form of an analysis (storyweave.store.codec); bump when model.Annotations changes
# what an analysis depends on besides the spaCy model: the analysis code and its word lists, and the helpers it calls
_ANALYSIS_SOURCES = ("annotate", "textutil.py", "dateexpr.py", "resources.py", "model.py")


@functools.lru_cache(maxsize=1)
def annotations_version() -> str:
    """What produced an analysis, as the store keeps it beside each report's Annotations: the stored form's schema,
    the spaCy model and its version, and a digest of the analysis code and data. `add` reuses a stored analysis
    only under the version it would produce itself, and analyses the report again otherwise."""
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
    return f"{ANNOTATIONS_SCHEMA}:{resources.SPACY_MODEL}-{model_version}:{digest.hexdigest()[:16]}"


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

    def index(self, st) -> cluster.StoryIndex:
        """The index of `st` as it is now: the cached one when nobody has written since, else read afresh."""
        key, seq = str(st.engine.url), st.seq()
        if self._index is None or key != self._store_key or seq != self._seq:
            self._index = load_index(st, ann=True)
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


def load_index(st, *, ann: bool = False) -> cluster.StoryIndex:
    """A store's grouping index: every stored report's features, story and neighbour scale. `ann=True` also builds
    the approximate vector index at once (worth it for a process that will place many reports)."""
    feats = [cluster.DocFeatures.from_bytes(i, b) for i, b in st.features().items()]
    return cluster.StoryIndex(feats, st.story_map(), st.scales(), ann=ann)


def add(inputs: Iterable[str | RawDocument], store, *, progress: Progress = _noop, max_bytes: int | None = None,
        cache: IndexCache | None = None) -> AddResult:
    """Add reports to a store: each joins a story or starts one; only changed stories are re-woven; everything is
    saved in one transaction. `store` is a storyweave.store.Store or a path/URL; `cache` keeps the grouping index
    warm between calls (see IndexCache)."""
    from storyweave.model import StoryGroup
    from storyweave.store import Store, open_store

    own = not isinstance(store, Store)
    st = open_store(store) if own else store
    try:
        documents, rejected = read_documents(inputs, progress=progress, max_bytes=max_bytes)
        known = set(st.features([d.id for d in documents]))
        known |= {d.id for d in st.documents([d.id for d in documents if d.id not in known])}
        new = [d for d in documents if d.id not in known]
        skipped = tuple(d.id for d in documents if d.id in known)
        if not new:
            return AddResult(added=(), skipped=skipped, changed=(), created=(), rejected=tuple(rejected))
        index = cache.index(st) if cache is not None else load_index(st)
        try:
            feats = cluster.compute_features(new, progress=progress)
            assignment = index.assign(feats)  # the index now holds the new reports: kept only if the save lands
            progress("assign", len(new), len(new))
            new_ids = {d.id for d in new}
            old_ids = [i for ids in assignment.changed.values() for i in ids if i not in new_ids]
            # older reports are re-woven from their stored analysis; only those without one under this version
            # (stores written before it was kept, or by other analysis code) are analysed again, and saved
            version = annotations_version()
            stored = st.annotations(old_ids, version) if old_ids else {}
            old_docs = st.documents(old_ids)
            kept = [d for d in old_docs if d.id in stored]
            analysed, annotations = annotate_documents([d for d in old_docs if d.id not in stored] + new,
                                                       progress=progress)
            fresh = dict(annotations)
            annotations.update(stored)
            groups = tuple(StoryGroup(id=sid, documents=ids, copies=assignment.copies.get(sid, ()))
                           for sid, ids in assignment.changed.items())
            stories = weave_groups(Grouping(groups=groups), kept + analysed, annotations, progress=progress)
            progress("store", 0, len(new))
            seq = st.save(Report(documents=tuple(analysed), stories=tuple(stories)),
                          features={f.id: f.to_bytes() for f in feats},
                          scales={**{f.id: index.scale(f.id) for f in feats}, **assignment.scales},
                          annotations=fresh, annotations_version=version, removed=assignment.removed)
        except BaseException:
            if cache is not None:
                cache.drop()
            raise
        if cache is not None:
            cache.saved(seq)
        progress("store", len(new), len(new))
        created = set(assignment.created)
        listing = tuple(StoryChange(id=s.id, title=s.title, reports=len(s.documents), created=s.id in created,
                                    new_reports=sum(d in new_ids for d in s.documents)) for s in stories)
        return AddResult(added=tuple(d.id for d in new), skipped=skipped, changed=tuple(assignment.changed),
                         created=assignment.created, rejected=tuple(rejected), stories=listing,
                         analysed=len(fresh))
    finally:
        if own:
            st.close()

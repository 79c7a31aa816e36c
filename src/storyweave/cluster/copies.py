"""Near-duplicates: the same text on several sites (syndication), found with MinHash LSH over word shingles.

    signature(words)            MinHash of the 5-word shingles (datasketch, SIG_PERM permutations, uint32)
    copy_pairs(ids, signatures) pairs whose estimated shingle Jaccard >= settings cluster.copy_jaccard (LSH
                                candidates, verified)
    is_template(members, words) a short text repeated on many pages is page furniture, not a report

Copies count once as sources (StoryGroup.copies). Copies of a *short* text on TEMPLATE_MIN_COPIES or more pages
("Tweet with a location ...", archive crawl notices, cookie walls) are templates: each page stands alone, because
they say nothing about any event. trafilatura's deduplication makes the same call (a segment seen more than twice
is boilerplate); the length limit keeps a wire story syndicated on many sites a story.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from storyweave import graphs
from storyweave.cluster.features import SIG_PERM, ngram_hashes, word_hashes
from storyweave.settings import DEFAULTS

SHINGLE = 5  # words per shingle
SHINGLE_WORDS = 600  # only the first words: copies share their lead; cheap on long texts
TEMPLATE_MIN_COPIES = 3
TEMPLATE_MAX_WORDS = 150

_SEED = 1


@lru_cache(maxsize=1)
def _permutations():  # type: ignore[no-untyped-def]
    """datasketch's permutations for SIG_PERM and the seed, computed once (datasketch is imported on first use:
    it takes seconds, and `import storyweave.cli` should not)."""
    from datasketch import MinHash

    return MinHash(num_perm=SIG_PERM, seed=_SEED, scheme="affine32").permutations


def _identity(x: int) -> int:
    return x


def signature(words: Sequence[str]) -> np.ndarray:
    """MinHash signature (uint32, SIG_PERM values) of the word shingles of a text's first words."""
    ws = list(words[:SHINGLE_WORDS])
    from datasketch import MinHash

    m = MinHash(num_perm=SIG_PERM, seed=_SEED, hashfunc=_identity, permutations=_permutations(), scheme="affine32")
    if ws:
        shingles = np.unique(ngram_hashes(word_hashes(ws), SHINGLE) & np.uint64(0xFFFFFFFF))
        m.update_batch(shingles.tolist())
    return m.hashvalues.astype(np.uint32)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    if len(a) == 0 or len(a) != len(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def copy_pairs(ids: Sequence[str], signatures: Sequence[np.ndarray], *,
               threshold: float = DEFAULTS.cluster.copy_jaccard) -> list[tuple[int, int]]:
    """Index pairs (i < j) of texts that are copies (estimated Jaccard >= `threshold`), found through LSH buckets
    and verified on the signatures."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=SIG_PERM)
    empty = np.iinfo(np.uint32).max
    pairs = []
    for i, sig in enumerate(signatures):
        if np.all(sig == empty):  # no words at all
            continue
        mh = LeanMinHash(seed=_SEED, hashvalues=sig, scheme="affine32")
        for j in lsh.query(mh):
            if jaccard(sig, signatures[j]) >= threshold:
                pairs.append((j, i))
        lsh.insert(i, mh, check_duplication=False)
    return pairs


def components(n: int, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components (size >= 2) of a pair list over 0..n-1: members ascending, ordered by their smallest
    member (graphs.components)."""
    return [g for g in graphs.components(n, pairs) if len(g) > 1]


def is_template(n_words: Sequence[int]) -> bool:
    """A copy set of a short text on many pages: page furniture."""
    return len(n_words) >= TEMPLATE_MIN_COPIES and float(np.median(n_words)) < TEMPLATE_MAX_WORDS

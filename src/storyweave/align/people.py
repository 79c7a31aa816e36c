"""Person names for align.entities: a name as a set of name words plus initials, so "Ishiba Shigeru" =
"Shigeru Ishiba" and "Joseph R. Biden Jr." ~ "Joe Biden"; leading titles dropped; spans that swallowed other text.

    _person_name(surface) -> _Name | None      _Name.covered_by(other)      _looks_garbled(surface)
    _spelling_variants(a, b, ..., settings=...): one full name spelled two ways ("Arseniy Yatseniuk" / "Yatsenyuk")
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from storyweave.align.entity_text import (_INITIAL, _NAME_SUFFIXES, _NICKNAMES, _TITLE_MODIFIERS, _TITLES, _token_key,
                                          _TOKEN_SPLIT)
from storyweave.settings import AlignSettings


# ---------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class _Name:
    tokens: frozenset[str]  # name words, diminutives expanded, order ignored
    raw: frozenset[str]  # name words as written (folded)
    initials: tuple[str, ...]
    size: int  # number of distinct name words
    suffix: str = ""  # "jr", "sr", "ii", ...

    def covered_by(self, other: "_Name") -> bool:
        """Every word of self is in other, and self's initials fit other's extra words or initials.
        A lone word must match as written: "Will" is not "Prince William"; "Joe Biden" is "Joseph Biden".
        Father and son: "Donald Trump Jr." is not "Donald Trump" (same words, one suffix), while
        "Joseph R. Biden Jr." is "Joe Biden" (written differently: the suffix is a formality there)."""
        if self.size == 1 and not self.initials:
            return self.raw <= other.raw and (not self.suffix or self.suffix == other.suffix)
        if self.suffix != other.suffix and (
                (self.suffix and other.suffix) or self.raw <= other.raw or other.raw <= self.raw):
            return False
        if not self.tokens or not self.tokens <= other.tokens:
            return False
        if self.tokens == other.tokens:
            return not (self.initials and other.initials and self.initials != other.initials)
        spare = sorted(t[0] for t in other.tokens - self.tokens) + list(other.initials)
        for letter in self.initials:
            if letter in spare:
                spare.remove(letter)
            else:
                return False
        return True


def _strip_title(text: str) -> str:
    """Drop leading titles: "Mr. Biden" -> "Biden", "Prime Minister Shigeru Ishiba" -> "Shigeru Ishiba"."""
    words = text.split(" ")
    cut = 0
    for i, w in enumerate(words[:-1]):
        if _is_title(w):
            cut = i + 1
        elif _token_key(w) not in _TITLE_MODIFIERS:
            break
    return " ".join(words[cut:])


def _is_title(word: str) -> bool:
    parts = [_token_key(p) for p in _TOKEN_SPLIT.split(word) if p]
    return bool(parts) and any(p in _TITLES for p in parts)


@lru_cache(maxsize=1 << 15)
def _person_name(text: str) -> _Name | None:
    """Parse a cleaned person surface into name words and initials; None when nothing name-like is left."""
    words = [w for w in _TOKEN_SPLIT.split(_strip_title(text)) if w]
    tokens: list[str] = []
    raw: list[str] = []
    initials: list[str] = []
    suffix = ""
    shouting = text.isupper()
    if not any(w[:1].isupper() for w in words):
        return None  # "zijn zoektocht naar de verdwenen": no capitalised word, no name
    for w in words:
        w = w.strip(",")
        if w[:1].islower() and _token_key(w) not in _PARTICLES:
            continue  # a word the span swallowed: "Biden and", "Julia Roberts' half-sister"
        if not shouting and len(w) >= 3 and w.isupper() and w.isalpha():
            continue  # "CLOSE Yu Darvish" (but "JOE BIDEN" in a capitalised headline is a name)
        if _INITIAL.match(w) and len(words) > 1:
            initials.extend(c.lower() for c in w if c.isalpha())
            continue
        key = _token_key(w)
        if key in _NAME_SUFFIXES and tokens:
            suffix = key
            continue
        if not key:
            continue
        tokens.append(_NICKNAMES.get(key, key))
        raw.append(key)
    if not tokens:
        return None
    unique = frozenset(tokens)
    return _Name(unique, frozenset(raw), tuple(initials), len(unique), suffix)


_PARTICLES = frozenset("van von de da del della der den di du la le bin ibn al el y dos das do ter ten zu af".split())


def _looks_garbled(surface: str) -> bool:
    """A person span that swallowed other text: a lower-case word that is no name particle ("Julia Roberts'
    half-sister"), a word in capitals ("CLOSE Yu Darvish"), brackets, slashes or a spaced dash."""
    if re.search(r"[()/|\[\]]| [-–—] ", surface):
        return True
    for word in _strip_title(surface).split(" "):
        bare = word.strip(".,'’")
        if not bare:
            continue
        if bare[0].islower() and bare.lower() not in _PARTICLES:
            return True
        if len(bare) >= 3 and bare.isupper() and bare.isalpha():
            return True
    return False


def _edits(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (substitution, insertion, deletion, adjacent swap), up to limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _spelling_variants(a: _Name, b: _Name, first_a: str, first_b: str, *, settings: AlignSettings) -> bool:
    """One person's full name in two spellings, as transliterations and typos give them: the same words but one, and
    that one a surname (not the first word of either) that differs by one edit (two when eight letters or more):
    "Arseniy Yatseniuk" / "Arseniy Yatsenyuk", "John Jenkin" / "John Jenkins". A first name that differs is never
    enough ("Daniel Smith" / "Danielle Smith" are two people); neither is a different suffix or initials. Surnames
    shorter than settings.variant_min_len never count (Lee / Lea are two names)."""
    if a.size < 2 or a.size != b.size or a.suffix != b.suffix or a.initials != b.initials:
        return False
    only_a, only_b = a.raw - b.raw, b.raw - a.raw
    if len(only_a) != 1 or len(only_b) != 1:
        return False
    wa, wb = next(iter(only_a)), next(iter(only_b))
    if wa in (first_a, first_b) or wb in (first_a, first_b):
        return False
    if min(len(wa), len(wb)) < settings.variant_min_len or wa[0] != wb[0]:
        return False
    limit = 2 if min(len(wa), len(wb)) >= 8 else 1
    return _edits(wa, wb, limit) <= limit


def _first_word(surface: str) -> str:
    words = [w for w in _TOKEN_SPLIT.split(_strip_title(surface)) if w]
    return _token_key(words[0]) if words else ""

"""Pure text helpers shared by stages: normalisation for comparison, sentence lookup, ids."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00ab": '"', "\u00bb": '"'})
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_NONWORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def replace_surrogates(text: str, replacement: str = "\ufffd") -> str:
    """Lone surrogates (from JSON escapes such as "\\ud800") cannot be encoded and crash tokenizers: replace them.
    The default replacement keeps every character offset unchanged."""
    return _SURROGATE.sub(replacement, text)


def strip_invisible(text: str) -> str:
    """Remove zero-width and bidi control characters (they hide or reorder text)."""
    return _INVISIBLE.sub("", text)


def fold(text: str | None) -> str:
    """Normalise for comparison: NFKC, straight quotes, plain dashes, lower case, no punctuation, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    text = _DASHES.sub("-", text).lower()
    text = _NONWORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def straighten(text: str) -> str:
    """Straight quotes and plain dashes, otherwise unchanged."""
    return _DASHES.sub("-", (text or "").translate(_QUOTES))


def short_id(*parts: str, length: int = 12) -> str:
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return h[:length]


STOPWORDS = frozenset("""a an the of to in on at by for with from and or but as is are was were be been being has
have had it its this that these those their his her he she they we you i our your not no so than then there here
which who whom whose what when where why how also after before over under about into out up down said says say would
will can could may might must should do does did just more most other some such only own same too very s t""".split())


# A dateline opening a paragraph: "NEW YORK (AP) — ", "LIMA, Peru (AP) — ", "ROTTERDAM, Nov 12 (Reuters) - ",
# "WASHINGTON — ": an all-caps place, an optional region or date, an optional agency, a dash, then the sentence.
_DATELINE = re.compile(r"[A-Z][A-Z.'’\-]{2,}(?: [A-Z][A-Z.'’\-]+){0,3}(?:,\s*[A-Z][\w.]*(?: [A-Z\d][\w.]*){0,3})?"
                       r"\s*(?:\([A-Z][A-Za-z]{1,11}\))?\s*[-–—]{1,2}\s+(?=[A-Z\"“‘'])")


def dateline_length(text: str) -> int:
    """How many characters of `text` are a leading dateline (0 when there is none)."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


def content_words(text: str) -> set[str]:
    return {w for w in fold(text).split() if w not in STOPWORDS and len(w) > 1}


def stem(word: str) -> str:
    """A crude stem that lets inflections meet: plural endings off, then the first five letters ("elevators" and
    "elevator" -> "eleva", "residents" -> "resid", "cities" -> "city")."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    return w[:5]


# ---------------------------------------------------------------- word and sentence measures, any script

def _mark_class() -> str:
    """A regex character class body of the combining marks (Mn, Mc, Me) in the Basic Multilingual Plane: vowel signs
    and viramas are inside words in Devanagari, Bengali, Thai, Arabic (harakat) and more, but `\\w` does not match
    them."""
    import unicodedata as ud

    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if ud.category(chr(cp)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK ideographs (and their
# extensions), half-width katakana. A run of them is counted as one word per UNSPACED_CHARS_PER_WORD characters.
_UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
             "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f")
UNSPACED_CHARS_PER_WORD = 2  # Chinese words average 1.5-2 characters, Japanese about 2 (kana and kanji mixed)
_MARKS = _mark_class()
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*'?")
# Latin letters only (with Latin-1 and Latin Extended accents) and general punctuation: a cheaper pattern suffices
_LATIN_ONLY = re.compile(r"[^\x00-\u00d6\u00d8-\u00f6\u00f8-\u024f\u2000-\u206f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+"
                         r"(?:['’][A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+)*['’]?")
# one character class per step is much faster in Python's re than an alternation; digits are cut out afterwards
_WORD_RUN = re.compile(rf"[\w{_MARKS}]+(?:['’][\w{_MARKS}]+)*['’]?")
_NOT_LETTERS = re.compile(r"[\d_]+")
_UNSPACED_CHAR = re.compile(rf"[{_UNSPACED}]")
_UNSPACED_RUNS = re.compile(rf"[{_UNSPACED}{_MARKS}]+|[^{_UNSPACED}]+")
# Sentence ends of many scripts: Latin, CJK full-width and ideographic, Arabic and Urdu, Devanagari danda, Armenian,
# Ethiopic, Myanmar, Khmer, Tibetan shad is left out (it also ends phrases).
SENTENCE_END_CHARS = ".!?…。！？｡؟۔।॥։።፧။៕"
CLOSING_CHARS = "\"'”’»)\\]」』）》〉】"


def words(text: str) -> list[str]:
    """The words of `text` in any script: runs of letters (with their combining marks and inner apostrophes);
    digits and punctuation are not words. A run of a script written without spaces (Chinese, Japanese, Thai ...)
    is cut into pieces of UNSPACED_CHARS_PER_WORD characters, so a Japanese sentence counts about as many words as
    its translation would."""
    if text.isascii():
        return _ASCII_WORD.findall(text)
    if not _LATIN_ONLY.search(text):
        return _LATIN_WORD.findall(text)
    found: list[str] = []
    for tok in _WORD_RUN.findall(text):
        if _NOT_LETTERS.search(tok):  # "covid19", "3rd", "x_y": the letter runs only
            found.extend(p for p in _NOT_LETTERS.split(tok) if p and p[0] not in "'’")
        else:
            found.append(tok)
    if not _UNSPACED_CHAR.search(text):
        return found
    out: list[str] = []
    step = UNSPACED_CHARS_PER_WORD
    for tok in found:
        if not _UNSPACED_CHAR.search(tok):
            out.append(tok)
            continue
        for run in _UNSPACED_RUNS.findall(tok):  # "iPhone発売" -> "iPhone", "発売"
            if _UNSPACED_CHAR.match(run):
                out.extend(run[i:i + step] for i in range(0, len(run), step))
            else:
                out.append(run)
    return out


def word_count(text: str) -> int:
    return len(words(text))

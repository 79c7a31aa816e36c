"""Lexical knowledge for finding quotations and their speakers, read once from annotate/data/ at import.

CUE_LEMMAS      lemmas of cue verbs (said, told, demanded, interjected, called it ...): data/cue_verbs.txt
SPEECH_LEMMAS   the cue verbs of saying out loud (marked "speech" there): they make a one- or two-word quote next to
                them an utterance (“Never,” she said)
TITLES          words before a name that are a title or role, never the name: data/titles.txt
STATEMENT_NOUNS nouns for an issued text that can speak ("the statement reads"): data/statement_nouns.txt
"""
from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.split())
    return out


def _load_cues() -> tuple[frozenset[str], frozenset[str]]:
    rows = _rows("cue_verbs.txt")
    return (frozenset(r[0].lower() for r in rows),
            frozenset(r[0].lower() for r in rows if "speech" in r[1:]))


CUE_LEMMAS, SPEECH_LEMMAS = _load_cues()
TITLES = frozenset(r[0].lower() for r in _rows("titles.txt"))
STATEMENT_NOUNS = frozenset(r[0].lower() for r in _rows("statement_nouns.txt"))


def is_cue(tok) -> bool:
    """A spaCy token that is a cue verb (or the "according" of "according to")."""
    return (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and tok.lemma_.lower() in CUE_LEMMAS \
        or tok.lower_ == "according"

"""Lexical knowledge for finding quotations and their speakers, read once from annotate/data/ at import (titles from
storyweave.titles).

CUE_LEMMAS      lemmas of cue verbs (said, told, demanded, interjected, called it ...): data/cue_verbs.txt; a "+word"
                after a lemma makes it a cue only with that object, particle or preposition ("put +it": "as Ms.
                Simonyan put it"; "fire +back": "Clinton fired back that ...")
SPEECH_LEMMAS   the cue verbs of saying out loud (marked "speech" there): they make a one- or two-word quote next to
                them an utterance (“Never,” she said)
TITLES          words before a name that are a title or role, never the name (storyweave.titles, shared with
                align)
STATEMENT_NOUNS nouns for an issued text that can speak ("the statement reads"): data/statement_nouns.txt
"""
from __future__ import annotations

from pathlib import Path

from storyweave import titles

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.split())
    return out


def _load_cues() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    rows = _rows("cue_verbs.txt")
    objects = {r[0].lower(): frozenset(w[1:].lower() for w in r[1:] if w.startswith("+")) for r in rows}
    return (frozenset(r[0].lower() for r in rows),
            frozenset(r[0].lower() for r in rows if "speech" in r[1:]),
            {k: v for k, v in objects.items() if v})


CUE_LEMMAS, SPEECH_LEMMAS, _CUE_OBJECTS = _load_cues()
TITLES = titles.BEFORE_NAME
STATEMENT_NOUNS = frozenset(r[0].lower() for r in _rows("statement_nouns.txt"))


def _forms(word: str) -> tuple[str, ...]:
    """Base forms a regular inflected verb may have: rated -> rate, says -> say, blasting -> blast, noted -> note."""
    out = []
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[:-len(suffix)] + repl)
    return tuple(out)


def is_cue(tok) -> bool:
    """A spaCy token that is a cue verb (or the "according" of "according to")."""
    if tok.lower_ == "according":
        return True
    if not (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")):
        return False
    lemma = tok.lemma_.lower()
    if lemma not in CUE_LEMMAS:
        lemma = next((f for f in _forms(tok.lower_) if f in CUE_LEMMAS), "")  # the lemmatiser's "rated" -> "rat"
        if not lemma:
            return False
    need = _CUE_OBJECTS.get(lemma)
    return need is None or any(c.dep_ in ("dobj", "prt", "advmod", "prep") and c.lower_ in need for c in tok.children)

"""The clause a figure stands in: the smallest part of a sentence that states it as a claim of its own.

clause_spans(sdoc, start, end) -> ((start, end), ...)   character runs of the clause, in order
clause_text(body, spans) -> str                         the clause as written, runs joined by a space

A compound sentence holds several claims ("The attack killed 19 people and wounded 40 others, police said, adding
that the gunman fled"); the figure 40 belongs to "The attack wounded 40 others". The clause is the subtree of the
nearest clause head above the figure (the sentence root, or a verb joined as a conjunct, complement, adverbial or
relative clause), without the other clauses inside it (an adverbial clause stays: "As day broke on Tuesday, four
people were killed" is when the four died), and with the subject a conjoined verb shares with the verb
before it.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any

_CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "advcl", "relcl", "parataxis"})
_VERBS = frozenset({"VERB", "AUX"})


def _is_clause_head(tok: Any) -> bool:
    if tok.dep_ not in _CLAUSE_DEPS or (tok.pos_ not in _VERBS and tok.dep_ != "ROOT"):
        return False
    # a conjoined verb heads a clause; a conjoined noun ("5 critical and 12 minor") does not
    return tok.dep_ != "conj" or tok.head.pos_ in _VERBS


_last: tuple[Any, list[int]] = (None, [])  # the parsed text last asked about and its tokens' character offsets


def token_starts(sdoc: Any) -> list[int]:
    """The character offset of each token of the parsed text `sdoc` (increasing), kept for the text last asked
    about: the amounts of one text look their tokens up by offset without walking the whole text each time."""
    global _last
    doc, starts = _last
    if doc is not sdoc or len(starts) != len(sdoc):
        starts = sdoc.to_array("IDX").tolist()
        _last = (sdoc, starts)
    return starts


def token_from(sdoc: Any, char: int) -> int:
    """The index of the first token of `sdoc` starting at or after character offset `char` (len(sdoc) if none)."""
    return bisect_left(token_starts(sdoc), char)


def clause_spans(sdoc: Any, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The clause of the figure at character offsets [start, end) of the parsed text `sdoc`: its runs of
    consecutive tokens as character spans."""
    lo, hi = token_from(sdoc, start), token_from(sdoc, end)
    inside = list(sdoc[lo:hi]) if hi > lo else []
    if not inside:
        return ()
    figure = {t.i for t in inside}
    top = min(inside, key=lambda t: len(list(t.ancestors)))
    head = top
    while not _is_clause_head(head) and head.head is not head:
        head = head.head
    keep = {t.i for t in head.subtree}
    for tok in head.subtree:
        if tok.i != head.i and tok.i in keep and _is_clause_head(tok) and tok.dep_ != "advcl" \
                and not figure & {u.i for u in tok.subtree}:
            keep -= {u.i for u in tok.subtree}  # another claim inside this one
    if head.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in head.children):
        subject = next((c for c in head.head.children if c.dep_.startswith("nsubj")), None)
        if subject is not None:  # "The attack killed 19 and wounded 40": "The attack wounded 40"
            keep |= {u.i for u in subject.subtree}
    toks = [sdoc[i] for i in sorted(keep)]
    while toks and (toks[-1].dep_ == "cc" or toks[-1].is_punct):
        toks.pop()
    while toks and (toks[0].dep_ == "cc" or toks[0].is_punct):
        toks.pop(0)
    runs: list[list[int]] = []
    for t in toks:
        if runs and t.i == runs[-1][2] + 1:
            runs[-1][1], runs[-1][2] = t.idx + len(t.text), t.i
        else:
            runs.append([t.idx, t.idx + len(t.text), t.i])
    return tuple((a, b) for a, b, _ in runs)


def clause_text(body: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The clause as written: its runs joined by a space."""
    return " ".join(body[a:b] for a, b in spans)

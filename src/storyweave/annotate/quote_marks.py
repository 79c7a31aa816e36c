"""Quotation marks -> quoted spans (pass 1 of annotate.quotes; pure text, no parse).

Double marks (“ ” „ « » and straight ", with ``...'' and ''...'' as wire-service and NYT-archive doubles) are paired per
paragraph; single marks (‘ ’ ') are paired only outside double-quoted text, so a ‘...’ nested inside “...” stays part
of the outer quote and apostrophes (it’s, Biden’s, ’90s, Davis') are never taken for quote marks. An opening mark left
open at the end of a paragraph continues into the next paragraph when that paragraph opens with a mark again (the
newspaper convention for multi-paragraph quotes), and a paragraph whose first mark is a closing one finishes a quote
left open in the paragraph before (quoted verse, line breaks). Each paragraph piece is its own span, so
`body[span.start:span.end]` is always the quoted text. A single-quoted span is at most settings.AnnotateSettings'
max_single_quote characters long (longer: a run of apostrophes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from storyweave.settings import AnnotateSettings


_DOUBLE_OPEN = "\u201c\u201e\u00ab"  # “ „ «
_DOUBLE_CLOSE = "\u201d\u00bb"  # ” »
_SINGLE_OPEN = "\u2018\u201a"  # ‘ ‚
_SINGLE_CLOSE = "\u2019"  # ’
_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:;,") | {"\u00a0"}
_TRAIL = " \t\n\u00a0,;:"
_LEAD = " \t\n\u00a0"


@dataclass(slots=True)
class _Mark:
    pos: int
    length: int
    can_open: bool
    can_close: bool


@dataclass(slots=True)
class _Span:
    start: int  # inner text, trimmed
    end: int
    open_pos: int  # position of the opening mark (or paragraph start for a continuation)
    close_end: int  # just past the closing mark (or paragraph end when left open)
    para: int
    closed: bool
    chain: int = -1  # index of the first piece of a multi-paragraph quote
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    direct: bool = False  # attributed by its own cue (not inherited)
    utterance: bool = False  # stands as its own utterance next to an attribution
    cue: str = ""  # lemma of the cue verb that attributed it
    attributed: bool = False  # a cue verb attributes it, even where the speaker could not be named
    scoped: bool = False  # an argument in a cue verb's clause (called it a “disgrace”), for one- and two-word quotes
    split: bool = False  # the second half of a split quote (“A,” he said. “B.”): its speaker came from the first


def _paragraphs(body: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n", body):
        if body[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if body[pos:].strip():
        out.append((pos, len(body)))
    return out


def _double_marks(body: str, a: int, b: int) -> list[_Mark]:
    marks: list[_Mark] = []
    i = a
    while i < b:
        c = body[i]
        prev = body[i - 1] if i > a else " "
        nxt = body[i + 1] if i + 1 < b else " "
        if c in _DOUBLE_OPEN:
            # “ typed for ” after a word and before a space or the paragraph's end ("Mostly False.“) closes too
            marks.append(_Mark(i, 1, True, i > a and not prev.isspace() and nxt.isspace()))
        elif c in _DOUBLE_CLOSE:
            # ” typed for “ at the paragraph's start or after a space before a word (”Fear. I am ...) opens too
            marks.append(_Mark(i, 1, c == "\u201d" and (body[a:i].strip() == "" or prev.isspace()
                                                        and not nxt.isspace()), True))
        elif c == "`" and body.startswith("``", i):
            marks.append(_Mark(i, 2, True, False))
            i += 2
            continue
        elif c == "'" and body.startswith("''", i) and not body.startswith("'''", i):
            # '' closes after a word (``...'' wire style) and opens before one (''...'' NYT archive style)
            # (a spaced '' before a space or punctuation closes too: "coalitions, '' said Mr. Gunnels")
            nxt = body[i + 2] if i + 2 < b else " "
            after_word = not (i == a or prev in _OPEN_BEFORE or prev in _DOUBLE_OPEN or prev in "\"'")
            before_word = not (nxt.isspace() or nxt in ".,;:!?)]" or i + 2 >= b)
            opens = not after_word and before_word
            marks.append(_Mark(i, 2, opens, not opens))
            i += 2
            continue
        elif c == "\u2018" and body.startswith("\u2018\u2018", i):  # ‘‘ and ’’: double quotes typed as two singles
            marks.append(_Mark(i, 2, True, False))
            i += 2
            continue
        elif c == "\u2019" and body.startswith("\u2019\u2019", i) and not prev.isspace():
            marks.append(_Mark(i, 2, False, True))
            i += 2
            continue
        elif c == '"':
            if prev.isdigit() and not nxt.isalpha():
                marks.append(_Mark(i, 1, False, True))  # closes a quote if one is open, else inches (5'10")
            else:
                can_open = (prev in _OPEN_BEFORE or prev in _DOUBLE_OPEN or prev in _SINGLE_OPEN or prev == "'"
                            or i == a or prev in ".!?" and nxt.isupper()) and not nxt.isspace()
                can_close = not prev.isspace() or i + 1 >= b
                if not can_open and not can_close:
                    can_open = can_close = True
                marks.append(_Mark(i, 1, can_open, can_close))
        i += 1
    return marks


def _is_single_open(body: str, i: int, a: int, b: int) -> bool:
    c = body[i]
    prev = body[i - 1] if i > a else " "
    nxt = body[i + 1] if i + 1 < b else " "
    if c in _SINGLE_OPEN:
        if re.match(r"\d\ds\b", body[i + 1:i + 4]):  # ‘90s written with the wrong mark
            return False
        return not prev.isalnum() and not nxt.isspace()
    if c == "'":
        return (prev.isspace() or prev in "([{\u2014\u2013-/\"\u201c" or i == a) and nxt.isalpha()
    return False


def _single_close_strength(body: str, i: int, a: int, b: int) -> int:
    """0: not a closing mark; 1: weak (could be a plural possessive, Davis'); 2: strong."""
    c = body[i]
    if c not in (_SINGLE_CLOSE, "'"):
        return 0
    prev = body[i - 1] if i > a else " "
    nxt = body[i + 1] if i + 1 < b else " "
    if prev.isspace() or nxt.isalnum():
        return 0  # ’90s, it’s, Biden’s
    if prev in ".,!?;:\u2026\u2014-)]" or nxt in ".,;:!?)]\u2014\u201d\"" or i + 1 >= b:
        return 2
    if prev in "sz" and re.match(r"\s+[a-z]", body[i + 1:i + 3]):
        return 1  # "the workers' rights": a possessive more often than a closing mark
    return 2


def _single_spans(body: str, a: int, b: int, blocked: list[tuple[int, int]], *,
                  max_single: int) -> list[tuple[int, int, int, int]]:
    """Single-quoted (open_pos, inner_start, inner_end, close_end) in [a, b), outside `blocked` ranges, each closing
    within `max_single` characters of its opening mark."""
    def inside(i: int) -> bool:
        return any(s <= i < e for s, e in blocked)

    out = []
    i = a
    while i < b:
        if body[i] in _SINGLE_OPEN + "'" and not inside(i) and _is_single_open(body, i, a, b):
            best = weak = None
            j = i + 2
            limit = min(b, i + max_single)
            while j < limit:
                if inside(j):
                    break
                if body[j] in _SINGLE_OPEN and _is_single_open(body, j, a, b) and body[i] in _SINGLE_OPEN:
                    break  # a new opening curly mark before any close: this one was not a quote
                s = _single_close_strength(body, j, a, b)
                if s == 2:
                    best = j
                    break
                if s == 1 and weak is None:
                    weak = j
                j += 1
            close = best if best is not None else weak
            if close is not None and re.search(r"[A-Za-z]", body[i + 1:close]):
                out.append((i, i + 1, close, close + 1))
                i = close + 1
                continue
        i += 1
    return out


def _trim(body: str, s: int, e: int) -> tuple[int, int]:
    while s < e and body[s] in _LEAD:
        s += 1
    while e > s and body[e - 1] in _TRAIL:
        e -= 1
    return s, e


def _closers(marks: list[_Mark], i: int) -> int:
    """How many marks after marks[i] in its paragraph can only close."""
    return sum(1 for m in marks[i + 1:] if m.can_close and not m.can_open)


def _find_spans(body: str, *, settings: AnnotateSettings) -> list[_Span]:
    spans: list[_Span] = []
    paras = _paragraphs(body)
    pending: _Span | None = None  # a quote left open at the end of the previous paragraph
    for pi, (a, b) in enumerate(paras):
        marks = _double_marks(body, a, b)
        para_spans: list[_Span] = []
        open_mark: _Mark | None = None
        depth = 0  # curly quotes nested inside the open one (“...” inside "...")
        first = True
        for mi, m in enumerate(marks):
            if open_mark is not None and depth and m.can_close and body[m.pos] in _DOUBLE_CLOSE + _SINGLE_CLOSE:
                depth -= 1  # the nested quote closes; the outer one stays open
                first = False
                continue
            if open_mark is not None and m.can_open and not m.can_close and body[m.pos] in _DOUBLE_OPEN + "\u2018" \
                    and (body[open_mark.pos] in "\"`'" or _closers(marks, mi) >= depth + 2):
                depth += 1  # "... “As you know ...” ...": a quote inside the quote
                first = False
                continue
            if open_mark is None:
                if first and pending is not None and m.can_close and not m.can_open:
                    # the previous paragraph's quote closes here without reopening (quoted verse)
                    s, e = _trim(body, a, m.pos)
                    if e > s:
                        para_spans.append(_Span(s, e, a, m.pos + m.length, pi, True, chain=pending.chain))
                elif m.can_open:
                    open_mark = m
            else:
                if m.can_close and m.pos > open_mark.pos + open_mark.length:
                    s, e = _trim(body, open_mark.pos + open_mark.length, m.pos)
                    if e > s:
                        para_spans.append(_Span(s, e, open_mark.pos, m.pos + m.length, pi, True))
                    open_mark = None
                    depth = 0
                elif m.can_open and not m.can_close:
                    open_mark = m  # two openings in a row: the first was a stray mark
            first = False
        new_pending = None
        if open_mark is not None:
            s, e = _trim(body, open_mark.pos + open_mark.length, b)
            if e > s and re.search(r"[A-Za-z]", body[s:e]):
                sp = _Span(s, e, open_mark.pos, b, pi, False)
                if (pending is not None and open_mark.pos == a + len(body[a:b]) - len(body[a:b].lstrip())
                        and not para_spans):
                    sp.chain = pending.chain  # the continuation paragraph of a multi-paragraph quote
                para_spans.append(sp)
                new_pending = sp
        if pending is not None and para_spans and para_spans[0].chain < 0:
            first_open = para_spans[0].open_pos
            if body[a:first_open].strip() == "":
                para_spans[0].chain = pending.chain  # reopened at the start of this paragraph
        for sp in para_spans:
            idx = len(spans)
            if sp.chain < 0:
                sp.chain = idx
            spans.append(sp)
        pending = new_pending
        # single-quoted spans outside the double-quoted ones
        blocked = [(sp.open_pos, sp.close_end) for sp in para_spans]
        for o, s0, e0, ce in _single_spans(body, a, b, blocked, max_single=settings.max_single_quote):
            s, e = _trim(body, s0, e0)
            if e > s:
                sp = _Span(s, e, o, ce, pi, True)
                sp.chain = len(spans)
                spans.append(sp)
    spans.sort(key=lambda x: x.start)
    # chain ids must point at positions after sorting
    first_of: dict[int, int] = {}
    for i, sp in enumerate(spans):
        first_of.setdefault(sp.chain, i)
    for sp in spans:
        sp.chain = first_of[sp.chain]
    return spans

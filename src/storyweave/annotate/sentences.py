"""Sentence boundaries that know abbreviations, line breaks, quotations and datelines: rules set on the tokens
before spaCy's parser runs (the parser keeps a boundary set to True or False and decides the rest).

mark_sentences(doc) -> doc   (a spaCy pipeline component; resources.nlp() adds it before the parser)
dateline_length(text) -> int  (a leading "KIEV, April 7." dateline written with a full stop)

The rules, each from one general signal (the abbreviations are data: data/abbreviations.json):
- a title before a name never ends a sentence: "Quebec City police Insp. | Denis Turcotte" is one sentence;
  nor "Feb. 21", "No. 5" (before a number), nor "vs.", "e.g." (never final);
- a state after "City," ends one when a capitalised word follows: "Camp David, Md. | Biden nudged"; a state
  elsewhere, "Inc.", "U.S.", "a.m." end one when a capitalised function word follows ("Apple Inc. | The company");
- a word starting in lower case starts no sentence unless a bare . ! or ? stands before it: a quotation's
  attribution ('"We won!" | he said' is not split), a word after a closing bracket, a dash, "..." or "U.S.";
- a paragraph break ends a sentence; one line break does when the line ends with . ! ? or a closing quote, or is
  short (a headline, a byline, a dateline) and the next line starts with a capital or a digit; a wrapped line
  (long, no final stop) runs on;
- a dateline written as its own sentence ("KIEV, April 7.") joins the sentence it opens (annotate trims it off).
Measured on ECB+ dev by bench/sentences.py.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_LEX = json.loads((Path(__file__).with_name("data") / "abbreviations.json").read_text(encoding="utf-8"))
_TITLES = set(_LEX["titles"])
_BEFORE_NUMBER = set(_LEX["before_number"])
_NEVER_FINAL = set(_LEX["never_final"])
_STATES = set(_LEX["states"])
_MAY_END = set(_LEX["may_end"])

# tags of a capitalised word that opens a clause, not a name: The, He, It, But, In, When, There, ...
_OPENER_TAGS = frozenset({"DT", "PRP", "PRP$", "CC", "IN", "WRB", "WP", "WDT", "EX", "RB", "PDT", "MD"})
_FINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_STOPS = frozenset({".", "!", "?", "?!", "!?"})  # after these a lower-case word may start a sentence ("..." no)
_CLOSERS = frozenset({'"', "”", "’", "'", "''", ")", "]", "»"})
# a line shorter than this with no final stop is a headline, byline or dateline: the next line is a new sentence
# (ECB+ dev: headlines and date lines are 20-60 characters; wrapped text lines are 65-80)
SHORT_LINE = 60
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# "KIEV, April 7.", "WASHINGTON, Feb. 21.", "LIMA, Peru, Nov. 12, 2024." at a paragraph's start
_DATELINE_STOP = re.compile(rf"[A-Z][A-Z.'’\-]{{2,}}(?: [A-Z][A-Z.'’\-]+){{0,3}}(?:,\s*[A-Z][a-z]+\.?)?,\s*{_MONTH}"
                            rf"\s+\d{{1,2}}(?:,\s*\d{{4}})?\.\s+(?=[A-Z\"“‘'])")


def dateline_length(text: str) -> int:
    """How many characters of `text` are a leading dateline ending in a full stop ("KIEV, April 7. "), else 0."""
    m = _DATELINE_STOP.match(text)
    return m.end() if m else 0


def _abbreviation(doc: Any, i: int) -> tuple[str, int] | None:
    """The abbreviation ending with the full stop at token i ("Md." or "Insp" + "."), and its first token."""
    tok = doc[i]
    if tok.text == "." and i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].is_alpha:
        return doc[i - 1].text, i - 1
    if len(tok.text) > 1 and tok.text.endswith(".") and tok.text[0].isalpha():
        return tok.text[:-1], i
    return None


def _next_word(doc: Any, i: int) -> tuple[int, str] | None:
    """The next non-space token after i and the whitespace before it."""
    gap = doc[i].whitespace_
    j = i + 1
    while j < len(doc) and doc[j].is_space:
        gap += doc[j].text + doc[j].whitespace_
        j += 1
    return (j, gap) if j < len(doc) else None


def _capitalised(tok: Any) -> bool:
    return tok.text[:1].isupper()


def _opener(tok: Any) -> bool:
    """A capitalised word that opens a clause rather than continuing a name."""
    return _capitalised(tok) and tok.tag_ in _OPENER_TAGS


def _after_city(doc: Any, first: int) -> bool:
    """The abbreviation at token `first` follows "City," ("Camp David, Md.")."""
    return first >= 2 and doc[first - 1].text == "," and _capitalised(doc[first - 2])


def _line_of(doc: Any, i: int) -> str:
    """The text of the line that token i ends."""
    text = doc.text
    end = doc[i].idx + len(doc[i].text)
    start = text.rfind("\n", 0, doc[i].idx) + 1
    return text[start:end]


def _set(tok: Any, start: bool) -> None:
    tok.is_sent_start = start


def mark_sentences(doc: Any) -> Any:
    """Set sentence starts the parser then keeps (see the module docstring)."""
    n = len(doc)
    for i in range(n - 1):
        tok = doc[i]
        if tok.is_space:
            continue
        nw = _next_word(doc, i)
        if nw is None:
            break
        j, gap = nw
        nxt = doc[j]
        if "\n" in gap:
            line = _line_of(doc, i).strip()
            if "\n\n" in gap.replace(" ", "").replace("\t", "") or tok.text in _FINAL or tok.text in _CLOSERS \
                    and i > 0 and doc[i - 1].text in _FINAL:
                _set(nxt, True)
            elif len(line) < SHORT_LINE and (_capitalised(nxt) or nxt.text[:1].isdigit() or nxt.is_quote):
                _set(nxt, True)
            elif nxt.text[:1].islower():
                _set(nxt, False)  # a wrapped line runs on
            continue
        if nxt.is_alpha and nxt.text[:1].islower() and tok.text not in _STOPS:
            _set(nxt, False)  # '"We won!" he said', '(preceded his appearance) but she', 'the U.S. economy'
            continue
        ab = _abbreviation(doc, i)
        if ab is None:
            continue
        word, first = ab
        if tok.text == "." and i > first:
            _set(tok, False)  # the stop of "Insp" "." belongs to the abbreviation
        if word in _TITLES and not _opener(nxt):
            _set(nxt, False)
        elif word in _BEFORE_NUMBER and nxt.like_num:
            _set(nxt, False)
        elif word in _NEVER_FINAL:
            _set(nxt, False)
        elif word in _STATES and _after_city(doc, first) and _capitalised(nxt) and nxt.is_alpha \
                and nxt.text not in _TITLES | _STATES:
            _set(nxt, True)
        elif (word in _STATES or word in _MAY_END) and _opener(nxt):
            _set(nxt, True)
    _join_datelines(doc)
    return doc


def _join_datelines(doc: Any) -> None:
    """A paragraph-opening dateline ending in a stop ("KIEV, April 7.") is no sentence: it joins the next one."""
    text = doc.text
    for m in re.finditer(r"(?:^|\n)[ \t]*(?=[A-Z])", text):
        k = dateline_length(text[m.end():m.end() + 80])
        if not k:
            continue
        target = m.end() + k
        span = doc.char_span(target, target + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            _set(doc[span.start], False)

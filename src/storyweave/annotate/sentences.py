"""Sentence boundaries that know abbreviations, line breaks, quotations and datelines: rules set on the tokens
before spaCy's parser runs (it keeps a start set to True and decides the rest; where it still opens a sentence the
rules forbid, the component after it joins the two).

mark_sentences(doc, *, settings=DEFAULTS.annotate) -> doc   (a spaCy pipeline component; resources.nlp() adds it
                                                             before the parser)
merge_sentences(doc, *, settings=DEFAULTS.annotate) -> doc  (a component after the parser: joins what the parser
                                                             split against the rules)
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
Measured on ECB+ dev by bench/sentences.py. The components take their tuned value (short_line) from `settings`
(settings.AnnotateSettings), which annotate.annotate hands them through spaCy's component_cfg.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from storyweave.dateexpr import month_regex
from storyweave.settings import DEFAULTS, AnnotateSettings

_LEX = json.loads((Path(__file__).with_name("data") / "abbreviations.json").read_text(encoding="utf-8"))
_TITLES = set(_LEX["titles"])
_BEFORE_NUMBER = set(_LEX["before_number"])
_NEVER_FINAL = set(_LEX["never_final"])
_STATES = set(_LEX["states"])
_MAY_END = set(_LEX["may_end"]) | set(_LEX["streets"])
_TIME_SUFFIXES = set(_LEX["time_suffixes"])
_TIME_CONTINUERS = set(_LEX["time_continuers"])
_NO_START = "storyweave_no_sentence_start"
_KNOWN = _TITLES | _BEFORE_NUMBER | _NEVER_FINAL | _STATES | _MAY_END | _TIME_SUFFIXES

# tags of a capitalised word that opens a clause, not a name: The, He, It, But, In, When, There, ...
_OPENER_TAGS = frozenset({"DT", "PRP", "PRP$", "CC", "IN", "WRB", "WP", "WDT", "EX", "RB", "PDT", "MD"})
_FINAL = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_STOPS = frozenset({".", "!", "?", "?!", "!?"})  # after these a lower-case word may start a sentence ("..." no)
_CLOSERS = frozenset({'"', "”", "’", "'", "''", ")", "]", "»"})
_MONTH = month_regex(title=True) + r"\.?"  # "April", "Feb.", "Sept." (case-sensitive)
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


def _line_of(doc: Any, text: str, i: int) -> str:
    """The text of the line that token i ends (`text` is doc.text, which spaCy rebuilds on every access)."""
    end = doc[i].idx + len(doc[i].text)
    start = text.rfind("\n", 0, doc[i].idx) + 1
    return text[start:end]


def _decisions(doc: Any, settings: AnnotateSettings) -> dict[int, bool]:
    """{token index: starts a sentence or not} for the tokens the rules decide (see the module docstring). A line
    shorter than settings.short_line characters with no final stop is a headline, byline or dateline: the next line
    is a new sentence."""
    out: dict[int, bool] = {}
    text = doc.text
    toks = list(doc)  # Token objects made once (spaCy makes a new one on every doc[i])
    n = len(toks)
    for i in range(n - 1):
        tok = toks[i]
        if tok.is_space:
            continue
        nw = _next_word(toks, i)
        if nw is None:
            break
        j, gap = nw
        nxt = toks[j]
        if "\n" in gap:
            line = _line_of(toks, text, i).strip()
            if "\n\n" in gap.replace(" ", "").replace("\t", "") or tok.text in _FINAL or tok.text in _CLOSERS \
                    and i > 0 and toks[i - 1].text in _FINAL:
                out[j] = True
            elif len(line) < settings.short_line and (_capitalised(nxt) or nxt.text[:1].isdigit() or nxt.is_quote):
                out[j] = True
            elif nxt.text[:1].islower():
                out[j] = False  # a wrapped line runs on
            continue
        ab = _abbreviation(toks, i)
        word, first = ab if ab is not None else ("", i)
        known = word in _KNOWN
        if tok.text == "." and i > first and known:
            out[i] = False  # the stop of "Insp" "." belongs to the abbreviation
        if nxt.is_alpha and nxt.text[:1].islower() and (tok.text not in _STOPS or known):
            out[j] = False  # '"We won!" he said', '(his appearance) but she', 'the U.S. economy', 'Ave. at'
            continue
        if not known:
            continue
        if word in _TITLES and not _opener(nxt):
            out[j] = False
        elif word in _BEFORE_NUMBER and nxt.like_num:
            out[j] = False
        elif word in _NEVER_FINAL:
            out[j] = False
        elif word in _TIME_SUFFIXES and _capitalised(nxt) and nxt.is_alpha:
            # "at 4 p.m. | Police locked down"; not "4 p.m. Friday", "4 p.m. EST"
            out[j] = not (nxt.text in _TIME_CONTINUERS or nxt.text.isupper() and len(nxt.text) <= 4)
        elif word in _STATES and _after_city(toks, first) and _capitalised(nxt) and nxt.is_alpha \
                and nxt.text not in _TITLES | _STATES:
            out[j] = True
        elif (word in _STATES or word in _MAY_END) and _opener(nxt):
            out[j] = True
    for m in re.finditer(r"(?:^|\n)[ \t]*(?=[A-Z])", text):
        # a paragraph-opening dateline ending in a stop ("KIEV, April 7.") is no sentence: it joins the next one
        k = dateline_length(text[m.end():m.end() + 80])
        if k:
            span = doc.char_span(m.end() + k, m.end() + k + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                out[span.start] = False
    return out


_SENT_START_CODE = {True: 1, False: (1 << 64) - 1, None: 0}  # Token.sent_start values (-1 as uint64 for False)


def mark_sentences(doc: Any, *, settings: AnnotateSettings = DEFAULTS.annotate) -> Any:
    """Before the parser: set the starts the rules decide (the parser keeps a start set to True; one set to False
    it may still open, which `merge_sentences` then undoes)."""
    decided = _decisions(doc, settings)
    if decided:
        # what `doc[i].is_sent_start = start` does for each token, in one pass: that setter first checks that the
        # text is not parsed yet, a walk over the whole text each time (quadratic in the text's length)
        import numpy as np
        from spacy.attrs import SENT_START
        from spacy.errors import Errors

        if doc.has_annotation("DEP"):
            raise ValueError(Errors.E043)
        starts = doc.to_array([SENT_START])
        for i, start in decided.items():
            if start is not True and start is not False and start is not None:
                raise ValueError(Errors.E044.format(value=start))
            starts[i] = _SENT_START_CODE[start]
        doc.from_array([SENT_START], starts.astype(np.uint64))
    doc.user_data[_NO_START] = [i for i, start in decided.items() if not start]  # for merge_sentences; it pops it
    return doc


def merge_sentences(doc: Any, *, settings: AnnotateSettings = DEFAULTS.annotate) -> Any:
    """After the parser: a sentence the parser opened where the rules say none starts joins the one before (its
    root is attached to that sentence's root, so the tree and `doc.sents` agree)."""
    saved = doc.user_data.pop(_NO_START, None)
    if not doc.has_annotation("DEP"):
        return doc
    no_start = set(saved) if saved is not None else {i for i, start in _decisions(doc, settings).items() if not start}
    sents = list(doc.sents)
    if not no_start or not any(s.start in no_start for s in sents[1:]):
        return doc
    import numpy as np
    from spacy.attrs import DEP, HEAD

    arr = doc.to_array([HEAD, DEP]).astype(np.int64)
    dep = doc.vocab.strings.add("dep")
    group_root = sents[0].root.i
    for s in sents[1:]:
        root = s.root.i
        if s.start in no_start:
            arr[root, 0] = group_root - root
            arr[root, 1] = dep
        else:
            group_root = root
    doc.from_array([HEAD, DEP], arr.astype(np.uint64))
    return doc

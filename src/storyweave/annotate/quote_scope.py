"""Quotations or scare quotes and titles (annotate.quotes): which quoted spans are kept.

A quote of one or two words is kept when it stands as its own utterance with a speech verb next to it (“Never,” she
said.) or is an argument in a cue verb's clause in the same sentence (_in_cue_scope: called Clinton a “disgrace”);
one or two quoted words modifying a noun in running text (the “grassy knoll” theories) are terms. Three words need an
attribution and must not modify a noun (_modifies_noun). Quoted titles (every long word capitalised) are dropped
unless spoken as an utterance (_keep).
"""
from __future__ import annotations

import re

from storyweave.annotate.quote_attribution import _same_sentence
from storyweave.annotate.quote_coref import _Ctx, _tok_in_quote
from storyweave.annotate.quote_lexicon import SPEECH_LEMMAS as _SPEECH
from storyweave.annotate.quote_lexicon import is_cue as _is_cue
from storyweave.annotate.quote_marks import _Span


_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "nummod", "quantmod", "npadvmod", "det", "case"})


def _quote_root(sp: _Span, ctx: _Ctx):
    """The one token of the quote whose head lies outside it (None when there are several, or none)."""
    qspan = ctx.sdoc.char_span(sp.start, sp.end, alignment_mode="expand")
    if qspan is None:
        return None
    roots = [t for t in qspan if not t.is_punct and (t.head.i == t.i or not qspan.start <= t.head.i < qspan.end)]
    return roots[0] if len(roots) == 1 else None


def _modifies_noun(sp: _Span, ctx: _Ctx) -> bool:
    """The quote is a modifier of a noun outside the marks: the “stand your ground” element, an “awful” job."""
    tok = _quote_root(sp, ctx)
    return tok is not None and tok.head.i != tok.i and tok.dep_ in _MODIFIER_DEPS and tok.head.pos_ in (
        "NOUN", "PROPN") and not _tok_in_quote(ctx, tok.head)


def _in_cue_scope(sp: _Span, ctx: _Ctx) -> bool:
    """True when the quote is an argument of a cue verb's clause in the same sentence (called Clinton a “disgrace”,
    says Obama is “obsessed”, described it as “painstaking”), not a word modifying a noun outside the marks (“grassy
    knoll” theories, an “awful” job) nor a name or title."""
    tok = _quote_root(sp, ctx)
    if tok is None:
        return False
    for _ in range(7):
        head = tok.head
        if head.i == tok.i:
            return False
        if _tok_in_quote(ctx, head) and not _tok_in_quote(ctx, tok) or _tok_in_quote(ctx, tok) and tok.i != head.i \
                and _tok_in_quote(ctx, head) and ctx.quote_of_char[head.idx] != ctx.quote_of_char[tok.idx]:
            tok = head  # hangs on another quoted argument: a "pathological liar" who is "utterly amoral", a "bully"
            continue
        if tok.dep_ in _MODIFIER_DEPS and head.pos_ != "ADP" or tok.dep_ in ("appos", "acl", "relcl") \
                and head.pos_ in ("NOUN", "PROPN"):
            return False  # (an adjective "modifying" a preposition is the parser's pobj: rated them as “false”)
        if head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and tok.dep_ not in ("pobj", "conj") \
                and not (tok.dep_ == "prep" and head.dep_ in ("dobj", "pobj", "attr", "oprd")):
            # hangs on a noun outside the marks; a noun the cue verb takes as its object may carry it
            # ("decried the issue of “systemic racism”", "pointed to the case as the epitome of the “rigged system”")
            return False
        if _is_cue(head) and head.lower_ != "according":
            return _same_sentence(ctx, head, sp)
        tok = head
    return False


def _words(text: str) -> list[str]:
    return re.findall(r"[\w\u2019'-]+", text)


def _looks_like_title(text: str) -> bool:
    words = _words(text)
    if not words or len(words) > 16 or re.search(r"[.!?]\s+\S", text):
        return False
    long_words = [w for w in words if len(w) > 3 or w is words[0]]
    return all(w[:1].isupper() or w[:1].isdigit() for w in long_words)


def _keep(sp: _Span, text: str) -> bool:
    """Quotations, not scare quotes or titles (see the module docstring)."""
    words = _words(text)
    if not words or not re.search(r"[^\W\d_]", text):
        return False
    spoken = sp.attributed and sp.utterance and sp.cue in _SPEECH or sp.split
    if _looks_like_title(text):
        return spoken
    if len(words) <= 2:
        return spoken or sp.scoped
    if len(words) == 3:
        return sp.attributed or sp.split
    return True

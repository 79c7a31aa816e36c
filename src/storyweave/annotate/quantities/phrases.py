"""What an amount counts: the noun phrase it modifies, its "of" phrase, or what the sentence says it is of.
"""
from __future__ import annotations

from typing import Any

from storyweave.annotate.quantities.numbers import is_number
from storyweave.settings import DEFAULTS, AnnotateSettings


def np_text(body: str, head: Any, stop_before: int | None = None) -> tuple[str, int, int]:
    """A noun with its left modifiers (compound, amod, nmod, poss chain): "North Korean troops"."""
    left = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod", "punct", "case", "nummod", "quantmod"):
            sub = list(child.subtree)
            if stop_before is not None and sub[0].i <= stop_before:
                continue
            if any(is_number(t) for t in sub):
                continue
            left = min(left, sub[0].i)
    # keep the span contiguous: drop leading punctuation/possessive markers
    doc = head.doc
    while left < head.i and (doc[left].is_punct or doc[left].dep_ in ("case", "det")):
        left += 1
    start, end = doc[left].idx, head.idx + len(head.text)
    return body[start:end], start, end


def of_phrase(body: str, head: Any, preps: tuple[str, ...] = ("of",), *,
              settings: AnnotateSettings = DEFAULTS.annotate) -> tuple[str, int, int] | None:
    """The noun phrase of a prepositional child: "thousands of (troops)", at most settings.max_counts_tokens
    tokens after its noun."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = next((c for c in child.rights if c.dep_ == "pobj"), None)
            if pobj is None:
                return None
            sub = [t for t in pobj.subtree]
            # cut relative clauses and long appositions; keep coordinated nouns ("artillery, missiles and arms")
            keep_end = pobj.i
            for t in sub:
                if t.i > pobj.i and t.dep_ in ("relcl", "acl", "prep", "punct") and t.head.i == pobj.i \
                        and t.dep_ != "punct":
                    break
                if t.i > pobj.i:
                    keep_end = t.i
            keep_end = min(keep_end, pobj.i + settings.max_counts_tokens)
            doc = head.doc
            while keep_end > pobj.i and (doc[keep_end].is_punct or doc[keep_end].dep_ in ("cc", "det", "prep")):
                keep_end -= 1
            left = pobj.i
            for t in pobj.lefts:
                left = min(left, t.left_edge.i)
            while left < pobj.i and doc[left].dep_ in ("det", "predet") or (left < pobj.i and doc[left].is_punct):
                left += 1
            start = doc[left].idx
            end = doc[keep_end].idx + len(doc[keep_end].text)
            return body[start:end], start, end
    return None


def context_counts(body: str, anchor: Any) -> tuple[str, int, int] | None:
    """What an amount with a unit (money, a percentage, a duration, a distance) is of, when the sentence says it
    elsewhere: the subject of the verb it is the object of ("revenue rose 5%", "the deal was worth $3bn"), or the
    noun an "of"/"at" phrase hangs on ("a net profit of $100 million")."""
    tok = anchor
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ == "pobj" and head.pos_ == "ADP" and head.lower_ in ("of", "at", "to", "by", "for", "from",
                                                                         "around", "about", "near"):
            owner = head.head
            if owner.pos_ in ("NOUN", "PROPN") and head.lower_ in ("of", "at") and owner.i < tok.i:
                return np_text(body, owner)
            tok = head
            continue
        if head.pos_ in ("VERB", "AUX") or head.lower_ in ("up", "down", "worth"):
            verb = head if head.pos_ in ("VERB", "AUX") else head.head
            if verb.pos_ not in ("VERB", "AUX"):
                return None
            subj = next((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
                subj = next((c for c in verb.head.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ in ("NOUN", "PROPN") and subj.i < anchor.i:
                return np_text(body, subj)
            return None
        if tok.dep_ in ("prep", "npadvmod", "advmod", "dobj", "attr", "appos", "nummod", "quantmod"):
            tok = head
            continue
        return None
    return None

"""Who a cue verb's subject is (the speaker side of annotate.quotes, needs the spaCy parse).

_speaker_for_cue(cue, ctx, after) -> (speaker, start, end) | None

The subject of a cue verb, climbing through participles, conjuncts and "began by saying" (_subject_of), becomes a
speaker (_speaker_from_subject): a PERSON name in it wins, titles dropped and names resolved in the document
(quote_coref); pronouns resolved; "who"/"which" to the noun the clause hangs on; a statement noun to its issuer; a
description as written with the words after its noun that say who it is ("a person close to the Clintons"); never a
time, a number, a lone abbreviation or a party label. When the parse gives no subject, the nearest name or pronoun
next to the cue outside the quote is taken, never a place. A cue whose clause lies inside what a named person said
gives the quote to that person (_outer_speaker). _collect_context reads, once per document, the people and groups in
subject position and the statements named, for pronouns and later attributions.
"""
from __future__ import annotations

import re

from storyweave.annotate.quote_coref import (_Ctx, _NOT_PERSON, _build_names, _clean_name, _ents, _extend_name,
                                             _genders, _in_quote, _person_at, _plausible_person_ent, _resolve_name,
                                             _resolve_pronoun, _shared_surnames, _text, _tok_in_quote)
from storyweave.annotate.quote_lexicon import STATEMENT_NOUNS as _STATEMENT_NOUNS
from storyweave.annotate.quote_lexicon import TITLES as _TITLES
from storyweave.annotate.quote_lexicon import is_cue as _is_cue
from storyweave.annotate.quote_marks import _Span


_RELATIVE = frozenset({"which", "that", "who", "what", "whom", "this", "these", "those"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "him", "her", "them"})


def _subject_of(tok, depth: int = 0, passive_ok: bool = False):
    """The subject of a cue token, climbing through participles and conjuncts ("..., adding:", "and told")."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    if tok.tag_ == "VBG" and prev is not None and tok.dep_ in ("xcomp", "acl", "advcl") and prev.ent_type_ == "PERSON" \
            and prev.dep_ == "pobj" and prev.head.lower_ == "of" \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return prev  # "footage of Hillary Clinton asking, “...”": the person just before speaks
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj"):
            if c.lower_ in ("it", "there", "that", "this") and depth < 3 and tok.head.i != tok.i \
                    and tok.dep_ in ("ccomp", "conj", "advcl"):
                break  # "noting it would ...": climb to the clause that has the real speaker
            return c
        if c.dep_ == "nsubjpass":  # "was said to have been", "was described by X as": the agent speaks
            for a in tok.children:
                if a.dep_ == "agent":
                    return next((p for p in a.children if p.dep_ == "pobj"), None)
            # "After saying ..., she was whisked off": the participle's subject is the passive verb's
            return c if passive_ok else None
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.i != tok.head.i and depth < 3:
        # "began by saying", "After saying ..., she was whisked off": the verb the phrase hangs on has the speaker
        return _subject_of(tok.head.head, depth + 1, passive_ok=True)
    if tok.dep_ in ("advcl", "conj", "xcomp", "pcomp", "acl", "relcl", "ccomp", "parataxis") and depth < 3 \
            and tok.head.i != tok.i:
        if tok.dep_ in ("acl", "relcl"):
            if depth == 0:  # "a statement saying", "X, who said"
                return tok.head if tok.head.pos_ in ("NOUN", "PROPN") else None
            # "the message that ... laws send, telling": the clause hangs on a noun; its verb has the speaker
            noun = tok.head
            return _subject_of(noun.head, depth + 1) if noun.head.i != noun.i and noun.head.pos_ in (
                "VERB", "AUX") else None
        return _subject_of(tok.head, depth + 1)
    return None


def _person_ent(sdoc, a: int, b: int):
    """The last PERSON entity inside tokens [a, b)."""
    best = None
    for ent in _ents(sdoc):
        if ent.label_ == "PERSON" and ent.start >= a and ent.end <= b:
            best = ent
    return best


_NP_PREPS = frozenset({"of", "at", "for", "from", "to", "with", "in", "on", "by"})


_TAIL_DEPS = frozenset({"prep", "acl", "amod", "relcl", "npadvmod"})


def _description_tail(sdoc, head, right: int, ctx: _Ctx) -> int:
    """A description's modifiers after its noun, as the source is written ("a person close to the Clintons", "a
    source involved in the super PAC's creation", "the designer, who works for another brand"): the right edge."""
    for c in sorted((c for c in head.children if c.i > right and c.dep_ in _TAIL_DEPS), key=lambda c: c.i):
        gap = sdoc[right + 1:c.i]
        if any(t.text != "," for t in gap) or gap and c.dep_ != "relcl":
            break
        end = c.right_edge.i
        toks = sdoc[c.i:end + 1]
        if end - head.left_edge.i > 16 or any(_tok_in_quote(ctx, t) or t.text in ";:()\"" or t.is_quote
                                              or t.text in ".!?" for t in toks):
            break
        if c.dep_ == "relcl" and not (end + 1 < len(sdoc) and sdoc[end + 1].text == ","):
            break
        right = end
    return right


def _noun_phrase(sdoc, head, ctx: _Ctx) -> tuple[int, int] | None:
    """Token range of the subject phrase as written, without relative clauses, appositions or trailing commas."""
    left = head.left_edge.i
    right = head.i
    for c in head.children:
        if c.i > head.i and c.dep_ in ("compound", "flat", "nummod"):
            right = max(right, c.right_edge.i)
        elif c.i == right + 1 and c.dep_ == "prep" and c.lower_ in _NP_PREPS and head.pos_ == "NOUN":
            # "a demographer at Emory University", "a letter from the American Legion", "a longtime adviser to
            # Trump, who ...": the phrase up to a comma, without a clause
            toks = []
            for t in sdoc[c.i:c.right_edge.i + 1]:
                if t.text in ",;:()" or t.is_quote or _tok_in_quote(ctx, t) or t.pos_ in ("VERB", "AUX"):
                    break
                toks.append(t)
            whole = bool(toks) and toks[-1].i == c.right_edge.i
            if toks and len(toks) <= 7 and toks[-1].pos_ in ("PROPN", "NOUN") and (
                    whole or sdoc[toks[-1].i + 1].text == ","):
                right = toks[-1].i
    for c in head.children:
        if c.dep_ == "conj" and c.i > right and head.tag_ == "NN" and c.tag_ == "NN" \
                and any(d.dep_ == "det" for d in head.children) and not any(d.dep_ == "det" for d in c.children) \
                and all(sdoc[j].lower_ == "and" or sdoc[j].dep_ in ("amod", "compound") for j in range(right + 1, c.i)):
            right = c.i  # "the former first lady and U.S. senator": one person, one determiner
    if head.pos_ == "NOUN" and not any(c.dep_ == "poss" for c in head.children):
        right = _description_tail(sdoc, head, right, ctx)
    # stop the left side at a comma or another quote
    for i in range(head.i - 1, left - 1, -1):
        t = sdoc[i]
        if t.text in (",", ";", ":", "(", ")") or _tok_in_quote(ctx, t) or t.is_punct and t.text not in (
                ".", "-") and t.dep_ != "case":  # "Sanders’ campaign": the possessive mark stays
            left = i + 1
            break
    return left, right + 1


_NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"})
_JUNK = re.compile(r"[\W_]*|[A-Z]|[\W\d_]*\d[\W\d_]*(?:[ap]\.?m\.?)?|[A-Z][a-z]{1,4}\.|\S*\d\S*")


def _junk_speaker(text: str) -> bool:
    """A clock time, a number, a lone abbreviation ("5:45 p.m.", "2016", "Md."): never a speaker."""
    return _JUNK.fullmatch(text.strip()) is not None


def _speaker_from_subject(subj, ctx: _Ctx) -> tuple[str, int, int] | None:
    sdoc = ctx.sdoc
    if subj is None or _tok_in_quote(ctx, subj):
        return None
    low = subj.lower_
    if low in _PRONOUNS and subj.pos_ == "PRON":
        return _resolve_pronoun(subj, ctx)
    if low in ("who", "which", "that") and subj.head.dep_ == "relcl" and subj.head.head.i != subj.head.i:
        ante = subj.head.head  # "Lane, who said": the noun the clause hangs on
        if ante.pos_ in ("NOUN", "PROPN") and not _tok_in_quote(ctx, ante) and ante.lower_ not in _RELATIVE:
            return _speaker_from_subject(ante, ctx)
        return None
    if subj.dep_ == "csubj" or subj.pos_ in ("VERB", "AUX") or low in _RELATIVE:
        return None
    if subj.ent_type_ in _NOT_SPEAKER_ENTS and not (subj.pos_ == "NUM" and subj.ent_type_ == "CARDINAL") \
            or _junk_speaker(subj.text):
        return None  # "2:40 p.m.", "37 percent", "Md.": not a person, group or organisation ("One of X" may be)
    # a person's name in the subject (apposition, title before the name) wins
    got = _person_at(subj)
    if got is None:
        ent = _person_ent(sdoc, subj.left_edge.i, subj.right_edge.i + 1)
        titled = subj.pos_ == "PROPN" and subj.lower_ in _TITLES  # "Brand Manager at KFC Jocelyn Bynoe"
        if subj.pos_ in ("NUM", "PRON") and subj.lower_ not in _PRONOUNS:
            # "One of the founders of X, Brandy Wright, said": the name set off in apposition
            appos = [e for e in _ents(sdoc) if _plausible_person_ent(e) and e.root_dep == "appos"
                     and subj.left_edge.i <= e.start and e.end <= subj.right_edge.i + 1]
            ent = appos[-1] if appos else None
            titled = ent is not None
        if ent is not None and _plausible_person_ent(ent) and (ent.root_head_i == subj.i or titled) \
                and ent.root_dep != "poss":  # "Obama's former campaign strategist said": not Obama
            got = _extend_name(_text(sdoc), ent.start_char, ent.end_char)
    if got is None and subj.pos_ in ("NOUN", "PROPN"):
        # "his best friend at Lehigh, Bruce Turry": a name set off by a comma inside the subject describes it
        appos = [e for e in _ents(sdoc) if _plausible_person_ent(e) and subj.i < e.start <= subj.right_edge.i
                 and e.start > 0 and sdoc[e.start - 1].text == "," and e.root_dep in ("appos", "conj", "npadvmod")
                 and not _tok_in_quote(ctx, sdoc[e.start])]
        if appos:
            got = _extend_name(_text(sdoc), appos[0].start_char, appos[0].end_char)
    if got is not None and not _in_quote(ctx, got[0]):
        return _resolve_name(ctx.body[got[0]:got[1]], ctx, got[0]), got[0], got[1]
    rng = _noun_phrase(sdoc, subj, ctx)
    if rng is None:
        return None
    a, b = rng
    span = sdoc[a:b]
    if not span.text.strip():
        return None
    if subj.pos_ == "PROPN":
        for ent2 in _ents(sdoc):
            if ent2.start <= subj.i < ent2.end and ent2.label_ in _NOT_PERSON:
                if ent2.label_ in _NOT_SPEAKER_ENTS or _junk_speaker(ent2.text):
                    return None
                last = _clean_name(ent2.text).split()[-1:]
                full = ctx.surnames.get(last[0]) if last else None
                if full and len(full.split()) > 1 and ent2.label_ == "ORG":
                    return full, ent2.start_char, ent2.end_char  # "ACM Houston" tagged ORG
                return ent2.text, ent2.start_char, ent2.end_char
    if subj.lemma_.lower() in _STATEMENT_NOUNS:
        issuer = next((c for c in subj.head.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN", "PRON")
                       and not _tok_in_quote(ctx, c)), None) if subj.dep_ == "dobj" else None
        got = _speaker_from_subject(issuer, ctx) if issuer is not None and issuer.lemma_.lower() not in \
            _STATEMENT_NOUNS else None
        if got:
            return got  # "the Security Council issued a statement calling ...": the issuer speaks
        return _statement_name(subj, span, ctx), span.start_char, span.end_char
    text = span.text.strip()
    return text, span.start_char, span.start_char + len(text)


def _statement_name(head, span, ctx: _Ctx) -> str:
    if any(t.pos_ == "PROPN" for t in span if t.i != head.i) or any(c.lower_ == "by" for c in head.children):
        return span.text.strip()  # "a report by the nonprofit E3G", "Sanders’ fundraising email": as written
    mods = [c for c in head.children if c.i < head.i and c.dep_ in ("compound", "amod") and c.i == head.i - 1]
    if mods:
        return f"{mods[0].text} {head.text}"
    for pos, name in reversed(ctx.statements):
        if pos < head.idx and name.split()[-1].lower() == head.text.lower():
            return name
    return head.text


def _according_to(tok, ctx: _Ctx):
    if tok.lower_ == "according":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            for c in nxt.children:
                if c.dep_ == "pobj":
                    return c
            if nxt.i + 1 < len(tok.doc):
                return tok.doc[nxt.i + 1]
    return None


def _speaker_for_cue(cue, ctx: _Ctx, after: bool) -> tuple[str, int, int] | None:
    if cue.lower_ == "according":
        obj = _according_to(cue, ctx)
        if obj is None:
            return None
        return _speaker_from_subject(obj, ctx)
    subj = _subject_of(cue)
    if subj is not None and _tok_in_quote(ctx, subj):
        # "“One of the brightest ...,” Rep. Cummings said": the parse gave the cue a subject inside the quote too
        subj = next((c for c in cue.children if c.dep_ == "nsubj" and not _tok_in_quote(ctx, c)), None)
    if subj is not None and not _tok_in_quote(ctx, subj):
        got = _speaker_from_subject(subj, ctx)
        if got:
            return got
    # parse failed: the nearest name or pronoun next to the cue, outside quotes ("..., said Jake Sullivan")
    sdoc = ctx.sdoc
    rng = range(cue.i + 1, min(len(sdoc), cue.i + 8)) if after and cue.i > 0 and _prev_is_quote(cue, ctx) \
        else range(cue.i - 1, max(-1, cue.i - 13), -1)
    depth = 0
    for i in rng:
        t = sdoc[i]
        if _tok_in_quote(ctx, t) or t.text in (".", "!", "?", ";"):
            break
        if t.text in "()":
            depth += 1 if (t.text == ")") != (rng.step > 0) else -1
            continue
        if depth > 0:
            continue  # "(D-Md.)": a party and state label, not the speaker
        if t.pos_ == "PRON" and t.lower_ in _PRONOUNS and t.lower_ != "it":  # "noting it would": not a speaker
            return _resolve_pronoun(t, ctx)
        if t.pos_ not in ("PROPN", "PRON") and t.text[:1].isupper() and t.i > t.sent.start \
                and t.text in ctx.surnames and t.ent_type_ in ("", "PERSON"):
            # a surname of a person the report names, mis-tagged ("And Skelly called Braynard “...”")
            return _resolve_name(t.text, ctx, t.idx), t.idx, t.idx + len(t.text)
        if t.ent_type_ == "PERSON" or t.pos_ == "PROPN" and (t.ent_type_ in ("", "ORG") or t.ent_type_ == "NORP"
                                                              and t.dep_ not in ("amod", "compound")):
            # not a place ("his Orlando-based district", "in Salem, New Hampshire, Trump ...")
            got = _speaker_from_subject(t, ctx)
            if got:
                return got  # else a "(D-N.Y.)" or a date: look further for the name
    if not after and (cue.i == cue.sent.start or sdoc[cue.i - 1].is_quote or sdoc[cue.i - 1].text in ":;"):
        # an inverted lead-in opening its sentence: "Continued Stone: “...”", "Said Kate Smith, a teacher: “...”"
        for t in sdoc[cue.i + 1:min(len(sdoc), cue.i + 5)]:
            if _tok_in_quote(ctx, t) or t.is_punct:
                break
            if t.ent_type_ == "PERSON" or t.pos_ == "PROPN" and t.ent_type_ in ("", "ORG"):
                got = _speaker_from_subject(t, ctx)
                if got:
                    return got
    return None


def _prev_is_quote(tok, ctx: _Ctx) -> bool:
    """True when the cue comes right after the closing mark (inverted "..., said Jake Sullivan")."""
    j = tok.idx - 1
    while j >= 0 and ctx.body[j] in " \t,":
        j -= 1
    return j >= 0 and (ctx.body[j] in "\"\u201d\u2019'" or _in_quote(ctx, j))


def _tokens_between(sdoc, a: int, b: int) -> list:
    if b <= a:
        return []
    span = sdoc.char_span(a, b, alignment_mode="expand")
    return list(span) if span is not None else []


def _named_speaker(ctx: _Ctx, got: tuple[str, int, int]) -> bool:
    """True when the speaker as written is a name or a pronoun, not a description ("the advertisement")."""
    toks = _tokens_between(ctx.sdoc, got[1], got[2])
    return not toks or len(toks) == 1 and toks[0].pos_ == "PRON" or any(
        t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP") for t in toks)


_NESTED_DEPS = frozenset({"ccomp", "xcomp", "acl", "dobj", "pobj", "prep", "attr", "oprd"})


def _outer_speaker(cue, ctx: _Ctx, nested_only: bool) -> tuple[str, int, int] | None:
    """The named speaker of a cue verb whose clause holds `cue` ("Holm said that the advertisement suggests ...")."""
    anc = cue
    for _ in range(6):
        if anc.head.i == anc.i or nested_only and anc.dep_ not in _NESTED_DEPS:
            return None
        anc = anc.head
        if _tok_in_quote(ctx, anc):
            return None
        if _is_cue(anc) and anc.lower_ != "according":
            subj = _subject_of(anc)
            got = _speaker_from_subject(subj, ctx) if subj is not None else None
            if got and _named_speaker(ctx, got):
                return got
    return None


def _collect_context(body: str, sdoc, spans: list[_Span]) -> _Ctx:
    quote_of_char = [0] * (len(body) + 1)
    for i, sp in enumerate(spans):
        for c in range(sp.open_pos, min(sp.close_end, len(body))):
            quote_of_char[c] = i + 1
    surnames, firstnames = _build_names(body, sdoc)
    ctx = _Ctx(body, sdoc, quote_of_char, surnames, firstnames, [], [], [])
    ctx.shared = _shared_surnames(body, sdoc)
    for tok in sdoc:
        if _tok_in_quote(ctx, tok):
            continue
        if tok.dep_ in ("nsubj", "nsubjpass"):
            got = _person_at(tok)
            if got is None and tok.pos_ in ("NOUN", "ADJ", "ADV") and tok.text[:1].isupper() \
                    and len(surnames.get(tok.text, "").split()) > 1 and not any(c.dep_ == "det" for c in tok.children):
                got = tok.idx, tok.idx + len(tok.text)  # a surname tagged as a word ("Trump at the time said")
            if got is not None and not _in_quote(ctx, got[0]):
                ctx.person_subjects.append((tok.idx, _resolve_name(body[got[0]:got[1]], ctx, got[0])))
                if _is_cue(tok.head):
                    ctx.speaker_subjects.append(ctx.person_subjects[-1])
                continue
            full = surnames.get(tok.text)
            if tok.pos_ == "PROPN" and tok.ent_type_ == "ORG" and full and len(full.split()) > 1:
                ctx.person_subjects.append((tok.idx, full))  # "ACM Houston said", tagged ORG
                if _is_cue(tok.head):
                    ctx.speaker_subjects.append(ctx.person_subjects[-1])
                continue
            elif tok.tag_ in ("NNS", "NNPS") or (tok.pos_ == "PROPN" and tok.ent_type_ in ("ORG", "NORP")):
                rng = _noun_phrase(sdoc, tok, ctx)
                if rng:
                    span = sdoc[rng[0]:rng[1]]
                    ctx.plural_subjects.append((tok.idx, span.text, span.start_char, span.end_char))
        if tok.lemma_.lower() in _STATEMENT_NOUNS and tok.pos_ == "NOUN":
            mods = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
            if mods:
                ctx.statements.append((tok.idx, f"{mods[0].text} {tok.text}"))
    ctx.gender = _genders(ctx)
    return ctx

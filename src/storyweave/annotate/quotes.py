"""Direct quotations and who said them.

find_quotes(body, doc_id, sdoc) -> list[QuoteMention]

Two passes:

1. Marks -> spans (pure text, no parse). Double marks (“ ” „ « » and straight ", with `` and '' as wire-service
   doubles) are paired per paragraph; single marks (‘ ’ ') are paired only outside double-quoted text, so a ‘...’
   nested inside “...” stays part of the outer quote and apostrophes (it’s, Biden’s, ’90s, Davis') are never taken
   for quote marks. An opening mark left open at the end of a paragraph continues into the next paragraph when that
   paragraph opens with a mark again (the newspaper convention for multi-paragraph quotes), and a paragraph whose
   first mark is a closing one finishes a quote left open in the paragraph before (quoted verse, line breaks).
   A curly quote inside a straight one ("... “As you know ...” ...") nests instead of ending it; ” typed for “ at a
   paragraph's start or after a space opens, “ typed for ” after a word closes. Where the text uses double marks, the
   single-quoted spans of the first paragraph (a US headline's ‘...’) are not quotations.
   Each paragraph piece is its own QuoteMention, so `body[q.start:q.end] == q.text` always holds.

2. Speaker (needs the spaCy parse): a cue verb (said, told, added, wrote, according to, ...) outside the marks, in the
   text right after the quote (“...,” he said) or leading into it (Mr. Biden said only that “...”), or a cue verb
   governing a partial quote in the dependency tree. The cue's subject is the speaker: a PERSON name inside it wins
   ("the former adviser, Bryan Lanza" -> "Bryan Lanza"), titles are dropped and a surname or first name is resolved to
   the fullest PERSON name with it in the same document ("Mr. Sullivan" -> "Jake Sullivan"), pronouns go to the most
   recent PERSON subject, "the statement" goes to the fullest earlier mention of it ("joint statement"), groups stay as
   written ("the three leaders"); a document subject speaks for its issuer ("the Security Council issued a statement
   calling ..."), a possessor never speaks ("Obama's former strategist said"). A quote without its own attribution
   takes the speaker of the quote it continues: the other half of a split quote, the paragraph before in a
   multi-paragraph quote, the sentence's colon hand-over from the paragraph before ("The Times reports:"), the
   speaker of the sentence just before it in its paragraph ("..., Schiff said. “...”"), or the previous paragraph's
   speaker when the paragraph is nothing but the quote. People who share a surname stay apart: a bare "Murphy" is the
   Murphy a gendered title fits or the one named in full last in the same paragraph.

Scare quotes: a quote of one or two words is kept when it stands as its own utterance with a speech verb next to it
(“Never,” she said.) or is an argument in a cue verb's clause in the same sentence (called Clinton a “disgrace”, says
Obama is “obsessed”); one or two quoted words modifying a noun in running text (the “grassy knoll” theories, an
“America First” philosophy) are terms, not quotations. Three words need an attribution and must not modify a noun
(“stand your ground” element). Quoted titles (“Gone With the Wind”, “Meet the Press”), recognised by every long word
being capitalised, are dropped unless spoken as an utterance.
Other attributions: a sign-off (“...” ― Name: the whole capitalised name, initials included), a name standing as the
label before a colon (Clinton: “...”), an inverted lead-in ("Continued Stone: “...”").
A speaker is never a time, a number, a lone abbreviation or a party label ("5:45 p.m.", "Md.", the "D" of "(D-Md.)"),
nor, when the parse fails and the name is searched near the cue, a place.

Modules: quote_marks (pass 1), quote_coref (names, pronouns, gender), quote_lexicon (cue verbs, titles and statement
nouns, read from annotate/data/); this module attributes, filters and is the public entry point.

Pronouns: "he"/"she" after a quote go to the last person who was the subject of a speech verb in the last few
paragraphs, else the last person in subject position, else the last person named; a person the document shows to
take the other pronoun (a sentence naming only them and then "she", or "her" before any other proper noun, or
"Mr."/"Ms." before the name) is skipped.
"""
from __future__ import annotations

import re

from storyweave.annotate.quote_coref import (_NOT_PERSON, _Ctx, _build_names, _clean_name, _ents, _extend_name,
                                             _genders, _in_quote, _local, _person_at, _plausible_person_ent,
                                             _resolve_name, _resolve_pronoun, _shared_surnames, _text, _tok_in_quote)
from storyweave.annotate.quote_lexicon import CUE_LEMMAS  # noqa: F401  (re-exported)
from storyweave.annotate.quote_lexicon import SPEECH_LEMMAS as _SPEECH
from storyweave.annotate.quote_lexicon import STATEMENT_NOUNS as _STATEMENT_NOUNS
from storyweave.annotate.quote_lexicon import TITLES as _TITLES
from storyweave.annotate.quote_lexicon import is_cue as _is_cue
from storyweave.annotate.quote_marks import _paragraphs, _find_spans, _Span
from storyweave.model import QuoteMention

# ---------------------------------------------------------------- pass 2: speakers

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


_SUBORDINATORS = frozenset({"when", "after", "before", "while", "because", "if", "until", "since"})  # not "as X put it"

_CUE_FORMS = frozenset("""said says told tells added adds asked asks wrote writes replied replies stated states
explained explains noted notes continued continues insisted insists declared declares tweeted tweets recalled recalls
answered answers warned warns""".split())


def _is_cue_after(tok) -> bool:
    """Right after a closing mark the tagger sometimes takes "asks", "notes" for nouns: trust the word."""
    return _is_cue(tok) or tok.lower_ in _CUE_FORMS


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


def _after_window(sp: _Span, spans: list[_Span], k: int, ctx: _Ctx, para_end: int) -> tuple[int, int]:
    a = sp.close_end
    b = para_end
    if k + 1 < len(spans) and spans[k + 1].para == sp.para:
        b = min(b, spans[k + 1].open_pos)
    inner = ctx.body[sp.start:sp.end].rstrip()
    if inner[-1:] == ".":
        # the sentence ended inside the marks ("?" and "!" may go on: “Really?” Ida asks.), unless a short
        # attribution stands alone after it (“... missing.” Trump said.)
        m = re.match(r"[ \t\u00a0]*((?:[\w.'\u2019-]+[ \t\u00a0]+){0,4}[\w'\u2019-]+)\.(?=\s|$)", ctx.body[a:b])
        if m and any(w.lower() in _CUE_FORMS for w in m.group(1).split()) and m.group(1)[:1].isalpha():
            return a, a + m.end()
        return a, a
    ends = _sentence_ends(ctx.body[a:b], r"(?=[\s\"\u201d\u2019']|$)")
    if ends:
        b = a + ends[0]
    return a, b


def _before_window(sp: _Span, spans: list[_Span], k: int, ctx: _Ctx, para_start: int) -> tuple[int, int]:
    b = sp.open_pos
    a = para_start
    if k > 0 and spans[k - 1].para == sp.para:
        a = max(a, spans[k - 1].close_end)
    text = ctx.body[a:b]
    ends = _sentence_ends(text)
    if ends:
        a = a + ends[-1]
    return a, b


def _sentence_ends(text: str, after: str = r"(?=\s)") -> list[int]:
    """Offsets just past each sentence end in `text`: not the full stop of an initial or a title ("Mr.", "Sen.")."""
    out = []
    for m in re.finditer(r"[.!?]" + after, text):
        if text[m.start()] == ".":
            word = re.search(r"(\S+)$", text[:m.start() + 1])
            w = word.group(1).lower() if word else ""
            if w in _TITLES or re.fullmatch(r"[a-z]\.", w) or re.fullmatch(r"(?:[a-z]\.){2,}", w):
                continue
        out.append(m.end())
    return out


def _same_sentence(ctx: _Ctx, tok, sp: _Span) -> bool:
    """True when no paragraph break or sentence end (outside quotes) lies between `tok` and the quote: the parser
    sometimes runs a sentence on into the quote after it ("... he said.\n\n''Can we win Illinois?''")."""
    a, b = (tok.idx + len(tok.text), sp.open_pos) if tok.idx < sp.open_pos else (sp.close_end, tok.idx)
    gap = "".join(" " if _in_quote(ctx, i) else ctx.body[i] for i in range(a, b))
    return "\n" not in gap and not _sentence_ends(gap)


def _governing_cue(sp: _Span, ctx: _Ctx):
    """(cue token, speaker) for the nearest cue verb above the quote in the dependency tree, outside the marks."""
    qspan = ctx.sdoc.char_span(sp.start, sp.end, alignment_mode="expand")
    if qspan is None:
        return None
    for tok in qspan:
        anc = tok.head
        steps = 0
        seen_outside = False
        while steps <= 5:
            if not _tok_in_quote(ctx, anc):
                seen_outside = True
                if _is_cue(anc) and anc.lower_ != "according" and anc.lemma_ != "continue" \
                        and _same_sentence(ctx, anc, sp):
                    got = _speaker_for_cue(anc, ctx, after=False)
                    if got:
                        return anc, got
            if anc.i == anc.head.i:
                break
            anc = anc.head
            steps += 1
        if seen_outside:
            break
    return None


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


def _sentence_start(ctx: _Ctx, bw: tuple[int, int]) -> bool:
    """True when the quote opens its own sentence or clause: nothing before it, or a cue/colon/comma lead-in."""
    lead = ctx.body[bw[0]:bw[1]].rstrip()
    return not lead.strip() or lead[-1:] in (":", ",", "\u2014")


_DASHES = "\u2015\u2014\u2013-"


def _name_in(ctx: _Ctx, a: int, b: int) -> tuple[str, int, int] | None:
    """The person, group or organisation that text [a, b) consists of (a name and at most a title before it)."""
    toks = [t for t in _tokens_between(ctx.sdoc, a, b) if not t.is_space]
    if not toks or len(toks) > 8 or any(_tok_in_quote(ctx, t) for t in toks):
        return None
    ents = [e for e in _ents(ctx.sdoc) if toks[0].i <= e.start and e.end <= toks[-1].i + 1
            and e.label_ in ("PERSON", "ORG", "NORP")]
    if len(ents) != 1 or ents[0].end != toks[-1].i + 1:
        return None
    e = ents[0]
    lead = [t for t in toks if t.i < e.start]
    if any(not (t.lower_.strip(".") in _TITLES or t.lower_ in _TITLES or t.is_title) for t in lead):
        return None
    s0, e0 = _extend_name(ctx.body, e.start_char, e.end_char)
    name = _resolve_name(ctx.body[s0:e0], ctx) if e.label_ == "PERSON" else ctx.body[s0:e0]
    return (name, s0, e0) if not _junk_speaker(name) else None


_NAME_WORD = re.compile(r"[A-Z][\w\u2019'.-]*|[A-Z]\.?|(?:de|da|del|van|von|der|la|le|bin|al)")


def _sign_off(sp: _Span, ctx: _Ctx, para_end: int) -> tuple[str, int, int] | None:
    """“...” ― Name, “...” — Name, Title: the name after a dash that follows the closing mark ends the paragraph or
    sentence. The name is the run of capitalised words there ("Nell Carden Grey", "Julie A. Diaz Martinez."), whether
    or not the entity recogniser found all of it."""
    body = ctx.body
    m = re.match(r"[ \t\u00a0]*[" + _DASHES + r"]+[ \t\u00a0]*", body[sp.close_end:para_end])
    if not m or not sp.closed:
        return None
    a = sp.close_end + m.end()
    seg = body[a:para_end]
    cut = re.search(r"[,;:!?()\n]", seg)
    seg = seg[:cut.start()] if cut else seg
    ends = _sentence_ends(seg, r"(?=\s|$)")
    if ends:
        seg = seg[:ends[0]]
    name = seg.rstrip(" \t\u00a0.")
    b = a + len(name)
    got = _name_in(ctx, a, b)
    words = name.split()
    if 1 <= len(words) <= 5 and all(_NAME_WORD.fullmatch(w) for w in words) and words[0][:1].isupper() \
            and not _junk_speaker(name) and not any(w.lower().strip(".") in _TITLES for w in words[-1:]):
        if got is None or len(got[0]) < len(name) and got[2] == b:
            return _resolve_name(name, ctx), a, b  # "Nell Carden Grey" where the recogniser saw "Carden Grey"
    return got


_CAPS_LABEL = re.compile(r"[A-Z][A-Z.\u2019'-]+(?: [A-Z][A-Z.\u2019'-]+){0,2}(?=:\s)")


def _inner_label(sp: _Span, ctx: _Ctx) -> tuple[str, int, int] | None:
    """The speaker label a transcript puts at the start of the quoted text: a name in capitals ("PENCE:") or a
    person's name alone ("Chris Matthews:") before a colon and the words spoken (not a quotation in the quote)."""
    body = ctx.body
    head = body[sp.start:min(sp.end, sp.start + 40)]
    if re.match(r"[^:]*:\s*[\"'\u2018\u201c]", head):
        return None  # "Clinton: ‘I come from the 60s’" inside a tweet: the writer quotes Clinton
    m = _CAPS_LABEL.match(head)
    if m and not _junk_speaker(m.group()) and m.group().lower().strip(".") not in _TITLES:
        return m.group(), sp.start, sp.start + m.end()
    colon = head.find(":")
    if colon <= 0 or not head[colon + 1:colon + 2].isspace():
        return None
    a, b = sp.start, sp.start + colon
    toks = [t for t in _tokens_between(ctx.sdoc, a, b) if not t.is_space]
    ents = [e for e in _ents(ctx.sdoc) if _plausible_person_ent(e) and toks and e.start == toks[0].i
            and e.end == toks[-1].i + 1]
    if not ents or len(toks) > 4:
        return None
    return _resolve_name(body[a:b], ctx), a, b


def _label(ctx: _Ctx, a: int, colon: int) -> tuple[str, int, int] | None:
    """A name standing alone before a colon as the label of what follows ("Clinton: “...”"), after the start of
    the sentence or a dash."""
    text = ctx.body[a:colon]
    m = re.search(r"[" + _DASHES + r"]\s+(?=[^" + _DASHES + r"]*$)", text)
    start = a + (m.end() if m else len(text) - len(text.lstrip()))
    got = _name_in(ctx, start, colon)
    if got is None and m is not None:
        # after a dash, names the recogniser missed, one or two ("- Philip Bump:", "- Frank Newport and Jim Harter:")
        toks = [t for t in _tokens_between(ctx.sdoc, start, colon) if not t.is_space]
        if 1 <= len(toks) <= 7 and toks[0].pos_ == toks[-1].pos_ == "PROPN" and all(
                t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ in ("", "PERSON")
                or t.lower_ in ("and", "&") for t in toks) and not any(_tok_in_quote(ctx, t) for t in toks):
            name = ctx.body[toks[0].idx:colon].strip()
            if not _junk_speaker(name):
                return (_resolve_name(name, ctx) if " and " not in name else name), toks[0].idx, \
                    toks[0].idx + len(name)
    return got


def _colon_lead(sp: _Span, ctx: _Ctx, paras: list[tuple[int, int]]):
    """(cue token, speaker) when the quote opens its paragraph and the paragraph before ends with a colon: the cue
    of that sentence, else its subject, else a name standing alone before the colon."""
    pa, _ = paras[sp.para]
    if sp.para == 0 or ctx.body[pa:sp.open_pos].strip():
        return None
    qa, qb = paras[sp.para - 1]
    lead = ctx.body[qa:qb].rstrip()
    colon = qa + len(lead) - 1
    if lead[-1:] != ":" or _in_quote(ctx, colon):
        return None
    toks = _tokens_between(ctx.sdoc, colon, colon + 1)
    if not toks:
        return None
    sent = toks[0].sent
    cues = [t for t in sent if _is_cue(t) and not _tok_in_quote(ctx, t) and t.idx < colon]
    for t in reversed(cues):
        got = _speaker_for_cue(t, ctx, after=False)
        if got:
            return t, got
    root = sent.root
    subj = _subject_of(root) if not _tok_in_quote(ctx, root) else None
    if subj is not None:
        got = _speaker_from_subject(subj, ctx)
        if got:
            return root, got
    got = _label(ctx, max(qa, sent.start_char), colon)
    return (root, got) if got else None


def _outside_parens(toks: list) -> list:
    """Tokens not inside (...): "Sen. Chuck Schumer (D-N.Y.) said" counts as four words before the cue."""
    out, depth = [], 0
    for t in toks:
        if t.text == "(":
            depth += 1
        elif t.text == ")" and depth:
            depth -= 1
        elif depth == 0:
            out.append(t)
    return out


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


def _attribute(sp: _Span, spans: list[_Span], k: int, ctx: _Ctx, paras: list[tuple[int, int]]
               ) -> tuple[str, int, int] | None:
    body = ctx.body
    pa, pb = paras[sp.para]
    inner = body[sp.start:sp.close_end].rstrip()
    if sp.closed:
        inner = inner.rstrip("\"\u201d\u201c\u2019'\u00bb")  # the closing mark, one character or two ('' and ’’)
    ends_open = inner.rstrip()[-1:] in (",", "?", "!", "\u2014", "-", ":") or \
        body[sp.close_end:sp.close_end + 2].lstrip()[:1] == ","
    aw = _after_window(sp, spans, k, ctx, pb)
    bw = _before_window(sp, spans, k, ctx, pa)
    after_toks = _outside_parens([t for t in _tokens_between(ctx.sdoc, *aw) if not _tok_in_quote(ctx, t)])
    before_toks = [t for t in _tokens_between(ctx.sdoc, *bw) if not _tok_in_quote(ctx, t)]
    starts = _sentence_start(ctx, bw)

    def found(cue, got, utterance: bool):
        sp.cue = cue.lemma_.lower() if cue.lower_ != "according" else "according"
        sp.utterance = utterance
        sp.attributed = True
        named = got is not None and _named_speaker(ctx, got)
        if got and not (named and cue.idx > sp.open_pos):
            outer = _outer_speaker(cue, ctx, nested_only=named)
            if outer is not None:
                return outer
        return got

    # 0. a transcript's speaker label opening the quote ("PENCE: Well, look, ...", "Chris Matthews: Seriously ...")
    got = _inner_label(sp, ctx)
    if got:
        sp.cue, sp.utterance, sp.attributed = "say", True, True
        return got
    # 0b. a sign-off: “...” ― Name (a name and nothing else after a dash that follows the closing mark)
    got = _sign_off(sp, ctx, pb)
    if got:
        sp.cue, sp.utterance, sp.attributed = "say", True, True
        return got
    # 1. “...,” he said / “...,” said X / “...?” asked X: the cue right after the closing mark
    if ends_open:
        for n, t in enumerate(after_toks[:8]):
            if t.text in (".", "!", "?", ";"):
                break
            if (_is_cue_after(t) if n <= 4 else _is_cue(t)) and not any(
                    c.dep_ in ("mark", "advmod") and c.lower_ in _SUBORDINATORS and c.i < t.i for c in t.children):
                # (not "“...,” when Clinton blasted him": a clause of its own about something else)
                got = _speaker_for_cue(t, ctx, after=True)
                if got and t.lower_ == "according":
                    other = _governing_cue(sp, ctx)  # "X said ... “...,” according to CCTV": X spoke
                    if other is not None:
                        return found(other[0], other[1], False)
                if got:
                    return found(t, got, ends_open and n <= 5 and starts)
                if n <= 5 and starts:  # “Never,” she said. -- spoken, though "she" is nobody we know
                    found(t, None, True)
    # 2. a cue governing the quote in the parse (partial quotes, "said that “...”")
    gov = _governing_cue(sp, ctx)
    if gov is not None:
        return found(gov[0], gov[1], False)
    # 3. a cue leading into the quote: "Biden said: “...”", "according to X, “...”"
    for t in reversed(before_toks):
        if _is_cue(t):
            got = _speaker_for_cue(t, ctx, after=False)
            if got:
                lead = body[bw[0]:bw[1]].rstrip()
                return found(t, got, lead[-1:] in (":", ",") and t.i >= before_toks[-1].i - 2)
    # 3b. the paragraph before ends with a colon that hands over to this one ("The Times reports:", "Caddell
    #     continued:", "Transcript as follows:")
    lead_in = _colon_lead(sp, ctx, paras)
    if lead_in is not None:
        return found(lead_in[0], lead_in[1], False)
    # 4. any cue in the rest of the sentence after the quote
    for t in after_toks:
        if t.text in (".", "!", "?"):
            break
        if _is_cue(t):
            got = _speaker_for_cue(t, ctx, after=True)
            if got:
                return found(t, got, False)
    # 5. no cue, but a colon or comma hands the sentence over to the quote: "Dunn ... told inmates, “...”"
    lead = body[bw[0]:bw[1]].rstrip()
    if lead[-1:] == ":":
        got = _label(ctx, bw[0], bw[0] + len(lead) - 1)  # "Michael P. McDonald: “...”", "Clinton: “...”"
        if got:
            sp.attributed = True
            return got
    if before_toks and lead[-1:] in (":", ",") and body[sp.start:sp.start + 1].isupper():
        root = before_toks[-1].sent.root
        if _tok_in_quote(ctx, root):
            # the parser hung the lead on the quote's verb ("Sanders delivered a snappy retort: “No one is ...”"):
            # the lead's own verb, the one whose head lies inside the quote
            root = next((t for t in reversed(before_toks) if t.pos_ in ("VERB", "AUX") and _tok_in_quote(ctx, t.head)),
                        root)
        subj = _subject_of(root)
        if subj is not None and subj.i < before_toks[-1].i:
            got = _speaker_from_subject(subj, ctx)
            if got:
                return found(root, got, False)
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



# ---------------------------------------------------------------- filtering


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


# ---------------------------------------------------------------- regex-only speakers (no parse)

_RX_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:said|says|added|told|wrote|asked|stated)\s+((?:[A-Z][\w.'\u2019-]*\s*){1,4})"
    r"|((?:[A-Z][\w.'\u2019-]*\s*){1,4})\s+(?:said|says|added|told|wrote|asked|stated)\b)")


def _regex_speaker(body: str, sp: _Span) -> tuple[str, int, int] | None:
    tail = body[sp.close_end:sp.close_end + 80]
    m = _RX_AFTER.match(tail)
    if not m:
        return None
    g = 1 if m.group(1) else 2
    name = m.group(g).strip()
    if name.lower() in ("he", "she", "they", "it", "the"):
        return None
    s = sp.close_end + m.start(g)
    return _clean_name(name), s, s + len(name)


# ---------------------------------------------------------------- public


def find_quotes(body: str, doc_id: str, sdoc=None) -> list[QuoteMention]:
    """Every direct quotation in `body`, with its speaker where one can be found.

    `sdoc` is the spaCy Doc of `body` (None: marks only, speakers from a simple "X said" pattern).
    """
    try:
        return _find_quotes(body, doc_id, sdoc)
    finally:
        _local.ents = _local.persons = _local.text = None  # keep no Doc alive between calls


def _is_single(body: str, sp: _Span) -> bool:
    c = body[sp.open_pos:sp.open_pos + 2]
    return c[:1] in "\u2018\u201a" and c != "\u2018\u2018" or c[:1] == "'" and c != "''"


def _headline_singles_dropped(body: str, spans: list[_Span]) -> list[_Span]:
    """A headline line quotes with single marks where the text below uses double ones (US style: "Sanders declares
    ‘revolution’"): in such a document the single-quoted spans of the first paragraph are a headline's echo of a
    quotation in the text, not quotations of their own."""
    below = [sp for sp in spans if sp.para > 0]
    if not below or any(_is_single(body, sp) for sp in below):
        return spans
    return [sp for sp in spans if sp.para > 0 or not _is_single(body, sp)]


def _find_quotes(body: str, doc_id: str, sdoc) -> list[QuoteMention]:
    if not body:
        return []
    spans = _headline_singles_dropped(body, _find_spans(body))
    if not spans:
        return []
    paras = _paragraphs(body)
    if sdoc is not None and _text(sdoc) == body:
        ctx = _collect_context(body, sdoc, spans)
        for k, sp in enumerate(spans):
            try:
                got = _attribute(sp, spans, k, ctx, paras)
            except (IndexError, ValueError):  # odd parses of odd text: leave the quote without a speaker
                got = None
            if got and got[0]:
                sp.speaker, sp.speaker_start, sp.speaker_end = got
                lead = re.match(r"[^\w(]+", got[0])  # '">Sanders' after tweet markup
                if lead and lead.end() < len(got[0]):
                    sp.speaker = got[0][lead.end():]
                    if body[got[1]:got[1] + lead.end()] == lead.group():
                        sp.speaker_start = got[1] + lead.end()
                sp.direct = True
            n = len(_words(body[sp.start:sp.end]))
            if n <= 2:
                sp.scoped = _in_cue_scope(sp, ctx)
            elif n == 3 and not sp.utterance and _modifies_noun(sp, ctx):
                sp.attributed = False  # a term in running text, whatever cue the sentence has
    else:
        for sp in spans:
            got = _regex_speaker(body, sp)
            if got:
                sp.speaker, sp.speaker_start, sp.speaker_end = got
                sp.direct = sp.utterance = sp.attributed = True
                sp.cue = "say"
    _inherit(body, spans, paras, ctx if sdoc is not None and _text(sdoc) == body else None)
    out = []
    for sp in spans:
        text = body[sp.start:sp.end]
        if not _keep(sp, text):
            continue
        out.append(QuoteMention(doc_id=doc_id, text=text, start=sp.start, end=sp.end, speaker=sp.speaker,
                                speaker_start=sp.speaker_start, speaker_end=sp.speaker_end))
    return out


def _previous_sentence_speaker(ctx: _Ctx, pa: int, pos: int) -> tuple[str, int, int] | None:
    """The speaker of the cue verb in the sentence that ends right before `pos` in its paragraph (outside quotes)."""
    end = len(ctx.body[pa:pos].rstrip()) + pa
    toks = _tokens_between(ctx.sdoc, max(pa, end - 1), end)
    if not toks:
        return None
    sent = toks[-1].sent
    if sent.start_char < pa:
        return None
    for t in reversed([t for t in sent if t.idx < end and not _tok_in_quote(ctx, t)]):
        if _is_cue(t) and t.lower_ != "according":
            got = _speaker_for_cue(t, ctx, after=False)
            if got:
                return got
    return None


def _inherit(body: str, spans: list[_Span], paras: list[tuple[int, int]], ctx: _Ctx | None) -> None:
    """Give unattributed quotes the speaker of the quote they continue."""
    # multi-paragraph chains share one speaker (the first found, in either direction)
    chains: dict[int, list[_Span]] = {}
    for sp in spans:
        chains.setdefault(sp.chain, []).append(sp)
    for members in chains.values():
        src = next((m for m in members if m.speaker), None)
        if src is None:
            continue
        for m in members:
            if not m.speaker:
                m.speaker, m.speaker_start, m.speaker_end = src.speaker, src.speaker_start, src.speaker_end
    for k, sp in enumerate(spans):
        if sp.speaker:
            continue
        prev = spans[k - 1] if k > 0 else None
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        pa, pb = paras[sp.para]
        starts_para = body[pa:sp.open_pos].strip() == ""
        if prev is not None and prev.para == sp.para and prev.speaker:
            between = body[prev.close_end:sp.open_pos]
            if len(between) < 200:
                sp.speaker, sp.speaker_start, sp.speaker_end = prev.speaker, prev.speaker_start, prev.speaker_end
                sp.split = prev.direct and re.search(r"[.!?]\s*$", between) is not None
                continue
        if nxt is not None and nxt.para == sp.para and nxt.speaker and starts_para and nxt.direct:
            sp.speaker, sp.speaker_start, sp.speaker_end = nxt.speaker, nxt.speaker_start, nxt.speaker_end
            continue
        if ctx is not None and not starts_para and re.search(r"[.!?][\"\u201d\u2019']?\s*$", body[pa:sp.open_pos]):
            # a quote opening a sentence after one that reports a person's words ("..., Schiff said. “...”")
            got = _previous_sentence_speaker(ctx, pa, sp.open_pos)
            if got:
                sp.speaker, sp.speaker_start, sp.speaker_end = got
                continue
        if not starts_para or sp.para == 0:
            continue
        if prev is not None and prev.speaker and prev.para == sp.para - 1:
            sp.speaker, sp.speaker_start, sp.speaker_end = prev.speaker, prev.speaker_start, prev.speaker_end
            continue
        said = [x for x in spans[:k] if x.para == sp.para - 1 and x.speaker and x.direct]
        if said and ctx is not None:
            # the paragraph before quoted someone and ended on an unattributed term: the quoted person goes on,
            # unless a later sentence there reports another person's words
            qa, qb = paras[sp.para - 1]
            later = [n for p, n in ctx.speaker_subjects if said[-1].close_end <= p < qb]
            if not later or later[-1] == said[-1].speaker:
                sp.speaker, sp.speaker_start, sp.speaker_end = said[-1].speaker, said[-1].speaker_start, \
                    said[-1].speaker_end
                continue
        if ctx is not None:
            # the paragraph before introduces the speaker ("Dunn makes the connection ...", "He said:")
            qa, qb = paras[sp.para - 1]
            names = [(p, n) for p, n in ctx.person_subjects if qa <= p < qb]
            if names:
                sp.speaker = names[-1][1]

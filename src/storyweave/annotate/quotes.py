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

Modules: quote_marks (pass 1), quote_attribution (where the attribution is: the steps of pass 2), quote_subjects (who
a cue's subject is), quote_coref (names, pronouns, gender), quote_scope (quotations or scare quotes and titles),
quote_lexicon (cue verbs and statement nouns, read from annotate/data/; titles from storyweave.titles); this
module is the public entry point and gives unattributed quotes the speaker of the quote they continue.

Pronouns: "he"/"she" after a quote go to the last person who was the subject of a speech verb in the last few
paragraphs, else the last person in subject position, else the last person named; a person the document shows to
take the other pronoun (a sentence naming only them and then "she", or "her" before any other proper noun, or
"Mr."/"Ms." before the name) is skipped.
"""
from __future__ import annotations

import re

from storyweave.annotate.quote_attribution import _attribute
from storyweave.annotate.quote_coref import _Ctx, _clean_name, _local, _text, _tok_in_quote
from storyweave.annotate.quote_lexicon import CUE_LEMMAS  # noqa: F401  (re-exported)
from storyweave.annotate.quote_lexicon import is_cue as _is_cue
from storyweave.annotate.quote_marks import _Span, _find_spans, _paragraphs
from storyweave.annotate.quote_scope import _in_cue_scope, _keep, _modifies_noun, _words
from storyweave.annotate.quote_subjects import _collect_context, _speaker_for_cue, _tokens_between
from storyweave.model import QuoteMention
from storyweave.settings import DEFAULTS, AnnotateSettings


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


def find_quotes(body: str, doc_id: str, sdoc=None, *,
                settings: AnnotateSettings = DEFAULTS.annotate) -> list[QuoteMention]:
    """Every direct quotation in `body`, with its speaker where one can be found.

    `sdoc` is the spaCy Doc of `body` (None: marks only, speakers from a simple "X said" pattern); `settings`
    (settings.AnnotateSettings) gives max_single_quote.
    """
    try:
        return _find_quotes(body, doc_id, sdoc, settings=settings)
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


def _find_quotes(body: str, doc_id: str, sdoc, *, settings: AnnotateSettings) -> list[QuoteMention]:
    if not body:
        return []
    spans = _headline_singles_dropped(body, _find_spans(body, settings=settings))
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

"""Where a quotation's attribution is (annotate.quotes, pass 2): the cue after or before the marks, the cue that
governs the quote in the parse, sign-offs, labels and colon lead-ins.

_attribute(sp, spans, k, ctx, paras) -> (speaker, start, end) | None

The steps, first found wins: a transcript's label opening the quoted text ("PENCE: ..."); a sign-off (“...” ― Name);
the cue right after the closing mark (“...,” he said); a cue governing the quote in the parse (partial quotes); a cue
leading into it ("Biden said: “...”"); the colon that ends the paragraph before ("The Times reports:"); any cue later
in the sentence; a name standing as the label before a colon ("Clinton: “...”", "- Philip Bump:"); the subject of a
lead-in clause handed over by a colon or comma. Each step records on the span whether the quote stands as an
utterance and which cue attributed it, which quote_scope reads to tell quotations from scare quotes.
"""
from __future__ import annotations

import re

from storyweave.annotate.quote_coref import (_Ctx, _ents, _extend_name, _in_quote, _plausible_person_ent,
                                             _resolve_name, _tok_in_quote)
from storyweave.annotate.quote_lexicon import TITLES as _TITLES
from storyweave.annotate.quote_lexicon import is_cue as _is_cue
from storyweave.annotate.quote_marks import _Span
from storyweave.annotate.quote_subjects import (_junk_speaker, _named_speaker, _outer_speaker, _speaker_for_cue,
                                                _speaker_from_subject, _subject_of, _tokens_between)


_SUBORDINATORS = frozenset({"when", "after", "before", "while", "because", "if", "until", "since"})  # not "as X put it"

_CUE_FORMS = frozenset("""said says told tells added adds asked asks wrote writes replied replies stated states
explained explains noted notes continued continues insisted insists declared declares tweeted tweets recalled recalls
answered answers warned warns""".split())


def _is_cue_after(tok) -> bool:
    """Right after a closing mark the tagger sometimes takes "asks", "notes" for nouns: trust the word."""
    return _is_cue(tok) or tok.lower_ in _CUE_FORMS


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
    if before_toks and lead[-1:] in (":", ",") and body[sp.start:sp.start + 2].lstrip("[")[:1].isupper():
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

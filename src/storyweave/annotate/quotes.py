"""Direct quotations and who said them.

find_quotes(body, doc_id, sdoc) -> list[QuoteMention]

Two passes:

1. Marks -> spans (pure text, no parse). Double marks (“ ” „ « » and straight ", with `` and '' as wire-service
   doubles) are paired per paragraph; single marks (‘ ’ ') are paired only outside double-quoted text, so a ‘...’
   nested inside “...” stays part of the outer quote and apostrophes (it’s, Biden’s, ’90s, Davis') are never taken
   for quote marks. An opening mark left open at the end of a paragraph continues into the next paragraph when that
   paragraph opens with a mark again (the newspaper convention for multi-paragraph quotes), and a paragraph whose
   first mark is a closing one finishes a quote left open in the paragraph before (quoted verse, line breaks).
   Each paragraph piece is its own QuoteMention, so `body[q.start:q.end] == q.text` always holds.

2. Speaker (needs the spaCy parse): a cue verb (said, told, added, wrote, according to, ...) outside the marks, in the
   text right after the quote (“...,” he said) or leading into it (Mr. Biden said only that “...”), or a cue verb
   governing a partial quote in the dependency tree. The cue's subject is the speaker: a PERSON name inside it wins
   ("the former adviser, Bryan Lanza" -> "Bryan Lanza"), titles are dropped and a surname or first name is resolved to
   the fullest PERSON name with it in the same document ("Mr. Sullivan" -> "Jake Sullivan"), pronouns go to the most
   recent PERSON subject, "the statement" goes to the fullest earlier mention of it ("joint statement"), groups stay as
   written ("the three leaders"). A quote without its own attribution takes the speaker of the quote it continues:
   the other half of a split quote, the paragraph before in a multi-paragraph quote, or the previous paragraph's
   speaker when the paragraph is nothing but the quote.

Scare quotes: a quote of one or two words is kept only when it stands as its own utterance with a speech verb next
to it (“Never,” she said. / “That,” he said, “includes me.”); one or two quoted words inside running text
(“secretariat”, the “grassy knoll”) are terms, not quotations. Three words need an attribution (“stand your ground”
is a term; “beyond reasonable doubt”, the PM says, is a quote). Quoted titles (“Gone With the Wind”, “Rush to
Judgment”), recognised by every long word being capitalised, are dropped unless spoken as an utterance.

Pronouns: "he"/"she" after a quote go to the last person who was the subject of a speech verb in the last few
paragraphs, else the last person in subject position, else the last person named; a person the document shows to
take the other pronoun (a sentence naming only them and then "her", or "Mr."/"Ms." before the name) is skipped.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from storyweave.model import QuoteMention

# ---------------------------------------------------------------- pass 1: marks and spans

_DOUBLE_OPEN = "\u201c\u201e\u00ab"  # “ „ «
_DOUBLE_CLOSE = "\u201d\u00bb"  # ” »
_SINGLE_OPEN = "\u2018\u201a"  # ‘ ‚
_SINGLE_CLOSE = "\u2019"  # ’
_OPEN_BEFORE = set(" \t\n([{\u2014\u2013-/:;,") | {"\u00a0"}
_MAX_SINGLE = 600  # a single-quoted span longer than this is more likely a run of apostrophes
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
        if c in _DOUBLE_OPEN:
            marks.append(_Mark(i, 1, True, False))
        elif c in _DOUBLE_CLOSE:
            marks.append(_Mark(i, 1, False, True))
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
            nxt = body[i + 1] if i + 1 < b else " "
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


def _single_spans(body: str, a: int, b: int, blocked: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Single-quoted (open_pos, inner_start, inner_end, close_end) in [a, b), outside `blocked` ranges."""
    def inside(i: int) -> bool:
        return any(s <= i < e for s, e in blocked)

    out = []
    i = a
    while i < b:
        if body[i] in _SINGLE_OPEN + "'" and not inside(i) and _is_single_open(body, i, a, b):
            best = weak = None
            j = i + 2
            limit = min(b, i + _MAX_SINGLE)
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


def _find_spans(body: str) -> list[_Span]:
    spans: list[_Span] = []
    paras = _paragraphs(body)
    pending: _Span | None = None  # a quote left open at the end of the previous paragraph
    for pi, (a, b) in enumerate(paras):
        marks = _double_marks(body, a, b)
        para_spans: list[_Span] = []
        open_mark: _Mark | None = None
        first = True
        for m in marks:
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
        for o, s0, e0, ce in _single_spans(body, a, b, blocked):
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


# ---------------------------------------------------------------- pass 2: speakers

CUE_LEMMAS = frozenset("""say tell add note write ask state read explain continue argue claim insist warn declare
announce respond reply tweet post describe acknowledge admit emphasize emphasise stress suggest urge vow pledge promise
predict recall remark comment complain concede conclude confirm deny observe report reveal joke quip testify maintain
contend assert allege mention shout yell scream whisper lament recount characterize characterise quote agree caution
boast counter echo muse plead concur exclaim recount reiterate affirm assure inform remind proclaim pronounce
recommend summarize summarise tout hail praise criticize criticise accuse charge blast slam decry condemn threaten
call dub term label brand express pen""".split())
_RELATIVE = frozenset({"which", "that", "who", "what", "whom", "this", "these", "those"})
_SPEECH = frozenset("say tell add ask reply respond write state explain continue shout yell scream whisper exclaim "
                    "answer insist declare tweet post joke quip muse".split())
_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "him", "her", "them"})
_TITLES = frozenset("""mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor president vice sen sen. senator rep rep.
representative gov gov. governor mayor minister prime secretary chancellor judge justice gen gen. general col col.
colonel lt lt. lieutenant maj maj. major capt capt. captain cmdr cmdr. commander adm adm. admiral sgt sgt. sergeant
cpl cpl. officer det det. detective chief king queen prince princess pope rev rev. reverend father sister sir dame
lord lady pm acm air marshal commissioner chairman chairwoman chair ceo coach dr. st st. saint attorney ambassador
president-elect speaker leader deputy foreign defense defence interior finance health state former then u.s. us
house senate white national security adviser advisor spokesman spokeswoman spokesperson director manager""".split())
_STATEMENT_NOUNS = frozenset("""statement communique communiqué declaration letter release report directive memo
memorandum note post tweet message filing complaint ruling order document tribute editorial notice announcement
affidavit lawsuit suit indictment transcript email e-mail text petition resolution verdict warning""".split())


@dataclass(slots=True)
class _Ctx:
    body: str
    sdoc: object
    quote_of_char: list[int]  # char -> index of span + 1 (0 = outside any quote)
    surnames: dict[str, str]
    firstnames: dict[str, str]
    person_subjects: list[tuple[int, str]]  # (char position, resolved name), document order
    plural_subjects: list[tuple[int, str, int, int]]
    statements: list[tuple[int, str]]
    speaker_subjects: list[tuple[int, str]] = field(default_factory=list)  # persons as subjects of cue verbs
    gender: dict[str, str] = field(default_factory=dict)  # resolved name -> "m" / "f" where the text shows it


def _clean_name(text: str) -> str:
    text = re.sub(r"[\u2019']s$", "", text.strip())
    words = [w for w in text.split() if w]
    while len(words) > 1 and words[0].lower().strip(",") in _TITLES:
        words.pop(0)
    return " ".join(words).strip(" ,")


def _name_ok(name: str) -> bool:
    words = name.split()
    return (1 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and " and " not in f" {name} "
            and not any(ch.isdigit() for ch in name))


_NOT_PERSON = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE",
                         "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL", "LANGUAGE"})


@dataclass(frozen=True, slots=True)
class _Ent:
    """An entity span copied out of the Doc once (Doc.ents rebuilds every span on each access)."""

    start: int
    end: int
    start_char: int
    end_char: int
    label_: str
    text: str
    root_i: int
    root_head_i: int
    root_dep: str
    plural_single: bool


_local = threading.local()


def _ents(sdoc) -> tuple[_Ent, ...]:
    cached = getattr(_local, "ents", None)
    if cached is not None and cached[0] is sdoc:
        return cached[1]
    out = tuple(_Ent(e.start, e.end, e.start_char, e.end_char, e.label_, e.text, e.root.i, e.root.head.i, e.root.dep_,
                     len(e) == 1 and (e[0].tag_ in ("NNS", "NNPS") or not e.text[:1].isupper()))
                for e in sdoc.ents)
    by_tok: dict[int, _Ent] = {}
    by_appos_head: dict[int, _Ent] = {}
    for e in out:
        if _plausible_person_ent(e):
            for i in range(e.start, e.end):
                by_tok[i] = e
            if e.root_dep == "appos":
                by_appos_head.setdefault(e.root_head_i, e)
    _local.ents = (sdoc, out)
    _local.persons = (sdoc, by_tok, by_appos_head)
    return out


def _persons(sdoc) -> tuple[dict[int, _Ent], dict[int, _Ent]]:
    """Plausible PERSON entities by token index, and by the token they stand in apposition to."""
    _ents(sdoc)
    return _local.persons[1], _local.persons[2]


def _text(sdoc) -> str:
    cached = getattr(_local, "text", None)
    if cached is not None and cached[0] is sdoc:
        return cached[1]
    _local.text = (sdoc, sdoc.text)  # Doc.text joins every token on each access
    return _local.text[1]


def _plausible_person_ent(ent: _Ent) -> bool:
    # a single plural or lower-case token ("Teams searching for ...") is a noun the small model took for a name
    return ent.label_ == "PERSON" and not ent.plural_single


def _extend_name(text: str, s: int, e: int) -> tuple[int, int]:
    """Take in a hyphenated tail the entity left out ("Yoon Suk" + "-yeol")."""
    m = re.match(r"(?:-[A-Za-z]+)+", text[e:e + 30])
    return (s, e + m.end()) if m else (s, e)


def _person_at(tok):
    """(start_char, end_char) of the person name that subject token `tok` stands for, or None."""
    sdoc = tok.doc
    has_det = any(c.dep_ == "det" for c in tok.children)
    by_tok, by_appos = _persons(sdoc)
    ent = by_tok.get(tok.i)
    if ent is not None:
        return None if has_det else _extend_name(_text(sdoc), ent.start_char, ent.end_char)
    ent = by_appos.get(tok.i)
    if ent is not None:
        if tok.pos_ in ("NOUN", "NUM", "PRON", "PROPN"):  # "One of the founders, Brandy Wright, said"
            # "the former adviser, Bryan Lanza" (not "the Biden administration")
            return _extend_name(_text(sdoc), ent.start_char, ent.end_char)
    if tok.pos_ == "PROPN" and tok.tag_ == "NNP" and not has_det and tok.ent_type_ not in _NOT_PERSON \
            and tok.text[:1].isupper():
        i = tok.i
        while i - 1 >= 0 and sdoc[i - 1].pos_ == "PROPN" and sdoc[i - 1].dep_ in ("compound", "flat") \
                and sdoc[i - 1].ent_type_ not in _NOT_PERSON:
            i -= 1
        if tok.lower_ in _TITLES:
            return None  # "the PM says", "Brand Manager at KFC Jocelyn Bynoe": a title, not a name
        return sdoc[i].idx, tok.idx + len(tok.text)  # a name the NER missed ("Pasztor said")
    return None


def _build_names(body: str, sdoc) -> tuple[dict[str, str], dict[str, str]]:
    """surname -> fullest person name with it; first name -> the one multi-word name starting with it."""
    names: list[str] = []
    for ent in _ents(sdoc):
        if _plausible_person_ent(ent):
            names.append(body[slice(*_extend_name(body, ent.start_char, ent.end_char))])
    for tok in sdoc:
        if tok.dep_ in ("nsubj", "nsubjpass", "appos") and tok.pos_ == "PROPN":
            got = _person_at(tok)
            if got:
                names.append(body[got[0]:got[1]])
    fullest: dict[str, str] = {}
    first: dict[str, set[str]] = {}
    for raw in names:
        name = _clean_name(raw)
        if not _name_ok(name):
            continue
        words = name.split()
        cur = fullest.get(words[-1])
        if cur is None or len(words) > len(cur.split()):
            fullest[words[-1]] = name
        if len(words) >= 2:
            first.setdefault(words[0], set()).add(name)
    # "Chris and Dana White": two people with one surname
    for m in re.finditer(r"\b([A-Z][a-z]+) (?:and|&) ([A-Z][a-z]+) ([A-Z][a-z][\w'-]*)\b", body):
        if m.group(3) in fullest or f"{m.group(2)} {m.group(3)}" in names:
            for given in m.group(1, 2):
                first.setdefault(given, set()).add(f"{given} {m.group(3)}")
    firstnames = {}
    for k, group in first.items():
        lasts = {n.split()[-1] for n in group}
        if len(lasts) == 1:
            full = fullest.get(next(iter(lasts)), "")
            firstnames[k] = full if full.startswith(k + " ") else max(group, key=len)
    return fullest, firstnames


def _resolve_name(name: str, ctx: _Ctx) -> str:
    name = _clean_name(name)
    words = name.split()
    if not words:
        return name
    if len(words) == 1:
        w = words[0]
        if w in ctx.surnames and len(ctx.surnames[w].split()) > 1:
            return ctx.surnames[w]
        if w in ctx.firstnames:
            return ctx.firstnames[w]
        return w
    full = ctx.surnames.get(words[-1])
    if full and len(full.split()) > len(words) and full.endswith(name):
        return full
    return name


def _in_quote(ctx: _Ctx, i: int) -> bool:
    return 0 <= i < len(ctx.quote_of_char) and ctx.quote_of_char[i] != 0


def _tok_in_quote(ctx: _Ctx, tok) -> bool:
    return _in_quote(ctx, tok.idx)


def _subject_of(tok, depth: int = 0):
    """The subject of a cue token, climbing through participles and conjuncts ("..., adding:", "and told")."""
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
            return None
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


def _noun_phrase(sdoc, head, ctx: _Ctx) -> tuple[int, int] | None:
    """Token range of the subject phrase as written, without relative clauses, appositions or trailing commas."""
    left = head.left_edge.i
    right = head.i
    for c in head.children:
        if c.i > head.i and c.dep_ in ("compound", "flat", "nummod", "prep") and c.dep_ != "prep":
            right = max(right, c.right_edge.i)
    # stop the left side at a comma or another quote
    for i in range(head.i - 1, left - 1, -1):
        t = sdoc[i]
        if t.text in (",", ";", ":", "(", ")") or _tok_in_quote(ctx, t) or t.is_punct and t.text not in (".", "-"):
            left = i + 1
            break
    return left, right + 1


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
        if ent is not None and _plausible_person_ent(ent) and (ent.root_head_i == subj.i or titled):
            got = _extend_name(_text(sdoc), ent.start_char, ent.end_char)
    if got is not None and not _in_quote(ctx, got[0]):
        return _resolve_name(ctx.body[got[0]:got[1]], ctx), got[0], got[1]
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
                last = _clean_name(ent2.text).split()[-1:]
                full = ctx.surnames.get(last[0]) if last else None
                if full and len(full.split()) > 1 and ent2.label_ == "ORG":
                    return full, ent2.start_char, ent2.end_char  # "ACM Houston" tagged ORG
                return ent2.text, ent2.start_char, ent2.end_char
    if subj.lemma_.lower() in _STATEMENT_NOUNS:
        return _statement_name(subj, span, ctx), span.start_char, span.end_char
    text = span.text.strip()
    return text, span.start_char, span.start_char + len(text)


def _statement_name(head, span, ctx: _Ctx) -> str:
    mods = [c for c in head.children if c.i < head.i and c.dep_ in ("compound", "amod") and c.i == head.i - 1]
    if mods:
        return f"{mods[0].text} {head.text}"
    for pos, name in reversed(ctx.statements):
        if pos < head.idx and name.split()[-1].lower() == head.text.lower():
            return name
    return head.text


def _resolve_pronoun(tok, ctx: _Ctx) -> tuple[str, int, int] | None:
    low = tok.lower_
    pos = tok.idx
    if low in ("he", "she", "him", "her"):
        want = "m" if low in ("he", "him") else "f"

        def fits(name: str) -> bool:  # a person known to be the other gender is not "he"/"she"
            return ctx.gender.get(name, want) == want

        subj = next(((p, name) for p, name in reversed(ctx.person_subjects) if p < pos and fits(name)), None)
        if _is_cue(tok.head):
            # "he said" goes back to the last person who said something, if that was in the last paragraphs
            spk = next(((p, name) for p, name in reversed(ctx.speaker_subjects) if p < pos and fits(name)), None)
            if spk is not None and subj is not None and spk[0] < subj[0] and ctx.body.count("\n", spk[0], pos) <= 4:
                subj = spk
        mention = None
        for ent in reversed(_ents(ctx.sdoc)):
            if ent.end_char <= pos and _plausible_person_ent(ent) and not _in_quote(ctx, ent.start_char):
                name = _resolve_name(ctx.body[slice(*_extend_name(ctx.body, ent.start_char, ent.end_char))], ctx)
                if fits(name):
                    mention = (ent.start_char, name)
                    break
        # the latest person in subject position, unless a later paragraph names someone else since
        if subj is not None and (mention is None or ctx.body.count("\n", subj[0], mention[0]) == 0
                                 or mention[0] <= subj[0]):
            return subj[1], tok.idx, tok.idx + len(tok.text)
        if mention is not None:
            return mention[1], tok.idx, tok.idx + len(tok.text)
        return None
    if low in ("they", "them", "it"):
        for p, name, _, _ in reversed(ctx.plural_subjects if low != "it" else []):
            if p < pos:
                return name, tok.idx, tok.idx + len(tok.text)
        if low == "it":
            for p, name in reversed(ctx.statements):
                if p < pos:
                    return name, tok.idx, tok.idx + len(tok.text)
        return None
    return None


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


_CUE_FORMS = frozenset("""said says told tells added adds asked asks wrote writes replied replies stated states explained
explains noted notes continued continues insisted insists declared declares tweeted tweets recalled recalls
answered answers warned warns""".split())


def _is_cue_after(tok) -> bool:
    """Right after a closing mark the tagger sometimes takes "asks", "notes" for nouns: trust the word."""
    return _is_cue(tok) or tok.lower_ in _CUE_FORMS


def _is_cue(tok) -> bool:
    return (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and tok.lemma_.lower() in CUE_LEMMAS \
        or tok.lower_ == "according"


def _speaker_for_cue(cue, ctx: _Ctx, after: bool) -> tuple[str, int, int] | None:
    if cue.lower_ == "according":
        obj = _according_to(cue, ctx)
        if obj is None:
            return None
        return _speaker_from_subject(obj, ctx)
    subj = _subject_of(cue)
    if subj is not None and not _tok_in_quote(ctx, subj):
        got = _speaker_from_subject(subj, ctx)
        if got:
            return got
    # parse failed: the nearest name or pronoun next to the cue, outside quotes ("..., said Jake Sullivan")
    sdoc = ctx.sdoc
    rng = range(cue.i + 1, min(len(sdoc), cue.i + 8)) if after and cue.i > 0 and _prev_is_quote(cue, ctx) \
        else range(cue.i - 1, max(-1, cue.i - 8), -1)
    for i in rng:
        t = sdoc[i]
        if _tok_in_quote(ctx, t) or t.text in (".", "!", "?", ";"):
            break
        if t.pos_ == "PRON" and t.lower_ in _PRONOUNS:
            return _resolve_pronoun(t, ctx)
        if t.ent_type_ == "PERSON" or t.pos_ == "PROPN" and t.ent_type_ in ("", "ORG", "NORP"):
            return _speaker_from_subject(t, ctx)
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
        return a, a  # the sentence ended inside the marks ("?" and "!" may go on: “Really?” Ida asks.)
    m = re.search(r"[.!?](?=[\s\"\u201d\u2019']|$)", ctx.body[a:b])
    if m:
        b = a + m.end()
    return a, b


def _before_window(sp: _Span, spans: list[_Span], k: int, ctx: _Ctx, para_start: int) -> tuple[int, int]:
    b = sp.open_pos
    a = para_start
    if k > 0 and spans[k - 1].para == sp.para:
        a = max(a, spans[k - 1].close_end)
    text = ctx.body[a:b]
    ends = [m.end() for m in re.finditer(r"(?<!\b[A-Z])(?<!\bMr|\bMs|\bDr|\bSt)(?<!\bMrs)[.!?](?=\s)", text)]
    if ends:
        a = a + ends[-1]
    return a, b


_SENT_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr|\bMs|\bDr|\bSt)(?<!\bMrs)[.!?](?=\s)|\n")


def _same_sentence(ctx: _Ctx, tok, sp: _Span) -> bool:
    """True when no paragraph break or sentence end (outside quotes) lies between `tok` and the quote: the parser
    sometimes runs a sentence on into the quote after it ("... he said.\n\n''Can we win Illinois?''")."""
    a, b = (tok.idx + len(tok.text), sp.open_pos) if tok.idx < sp.open_pos else (sp.close_end, tok.idx)
    gap = "".join(" " if _in_quote(ctx, i) else ctx.body[i] for i in range(a, b))
    return _SENT_END.search(gap) is None


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
    roots = [t for t in qspan if t.head.i == t.i or not (qspan.start <= t.head.i < qspan.end)]
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
        if tok.dep_ in _MODIFIER_DEPS or tok.dep_ in ("appos", "acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            return False
        if head.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and tok.dep_ not in ("pobj", "conj"):
            return False  # hangs on a noun outside the marks
        if _is_cue(head) and head.lower_ != "according":
            return _same_sentence(ctx, head, sp)
        tok = head
    return False


def _sentence_start(ctx: _Ctx, bw: tuple[int, int]) -> bool:
    """True when the quote opens its own sentence or clause: nothing before it, or a cue/colon/comma lead-in."""
    lead = ctx.body[bw[0]:bw[1]].rstrip()
    return not lead.strip() or lead[-1:] in (":", ",", "\u2014")


def _attribute(sp: _Span, spans: list[_Span], k: int, ctx: _Ctx, paras: list[tuple[int, int]]
               ) -> tuple[str, int, int] | None:
    body = ctx.body
    pa, pb = paras[sp.para]
    inner = body[sp.start:sp.close_end].rstrip()
    if sp.closed:
        inner = inner.rstrip("\"\u201d\u2019'\u00bb")  # the closing mark, one character or two ('' and ’’)
    ends_open = inner.rstrip()[-1:] in (",", "?", "!", "\u2014", "-", ":") or \
        body[sp.close_end:sp.close_end + 2].lstrip()[:1] == ","
    aw = _after_window(sp, spans, k, ctx, pb)
    bw = _before_window(sp, spans, k, ctx, pa)
    after_toks = [t for t in _tokens_between(ctx.sdoc, *aw) if not _tok_in_quote(ctx, t)]
    before_toks = [t for t in _tokens_between(ctx.sdoc, *bw) if not _tok_in_quote(ctx, t)]
    starts = _sentence_start(ctx, bw)

    def found(cue, got, utterance: bool):
        sp.cue = cue.lemma_.lower() if cue.lower_ != "according" else "according"
        sp.utterance = utterance
        sp.attributed = True
        return got

    # 1. “...,” he said / “...,” said X / “...?” asked X: the cue right after the closing mark
    if ends_open:
        for n, t in enumerate(after_toks[:8]):
            if t.text in (".", "!", "?", ";"):
                break
            if _is_cue_after(t) if n <= 4 else _is_cue(t):
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
    if before_toks and lead[-1:] in (":", ",") and body[sp.start:sp.start + 1].isupper():
        root = before_toks[-1].sent.root
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
    for tok in sdoc:
        if _tok_in_quote(ctx, tok):
            continue
        if tok.dep_ in ("nsubj", "nsubjpass"):
            got = _person_at(tok)
            if got is not None and not _in_quote(ctx, got[0]):
                ctx.person_subjects.append((tok.idx, _resolve_name(body[got[0]:got[1]], ctx)))
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


_MALE = frozenset({"he", "him", "his", "himself", "mr", "mr."})
_FEMALE = frozenset({"she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss"})


def _genders(ctx: _Ctx) -> dict[str, str]:
    """Which pronoun a person takes, read from the document: a sentence (outside quotes) that names exactly one person
    and then uses only he/his or only she/her votes for that person; "Mr."/"Ms." before a name votes twice."""
    votes: dict[str, list[int]] = {}
    sdoc = ctx.sdoc
    by_tok, _ = _persons(sdoc)
    for sent in sdoc.sents:
        names: set[str] = set()
        m = f = 0
        for tok in sent:
            if _tok_in_quote(ctx, tok):
                continue
            ent = by_tok.get(tok.i)
            got = (ent.start_char, ent.end_char) if ent is not None else (
                _person_at(tok) if tok.dep_ in ("nsubj", "nsubjpass") else None)
            if got is not None:
                name = _resolve_name(ctx.body[slice(*_extend_name(ctx.body, *got))], ctx)
                names.add(name)
                if tok.idx == got[0] and tok.i > 0:
                    before = sdoc[tok.i - 1].lower_
                    v = votes.setdefault(name, [0, 0])
                    v[0] += 2 * (before in _MALE)
                    v[1] += 2 * (before in _FEMALE)
            elif names and (tok.pos_ == "PRON" or tok.tag_ == "PRP$"):  # only pronouns after the name
                m += tok.lower_ in _MALE
                f += tok.lower_ in _FEMALE
        if len(names) == 1 and (m == 0) != (f == 0):
            v = votes.setdefault(next(iter(names)), [0, 0])
            v[0] += m > 0
            v[1] += f > 0
    return {n: ("m" if a > b else "f") for n, (a, b) in votes.items() if a != b}


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


def _find_quotes(body: str, doc_id: str, sdoc) -> list[QuoteMention]:
    if not body:
        return []
    spans = _find_spans(body)
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
        if not starts_para or sp.para == 0:
            continue
        if prev is not None and prev.speaker and prev.para == sp.para - 1:
            sp.speaker, sp.speaker_start, sp.speaker_end = prev.speaker, prev.speaker_start, prev.speaker_end
            continue
        if ctx is not None:
            # the paragraph before introduces the speaker ("Dunn makes the connection ...", "He said:")
            qa, qb = paras[sp.para - 1]
            names = [(p, n) for p, n in ctx.person_subjects if qa <= p < qb]
            if names:
                sp.speaker = names[-1][1]

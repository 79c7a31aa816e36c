"""Who a name or pronoun in a report stands for (the person side of annotate.quotes).

Names: a surname or first name resolves to the fullest PERSON name with it in the document ("Mr. Sullivan" ->
"Jake Sullivan"), titles are dropped.
Pronouns: see _resolve_pronoun.
Gender: which pronoun a person takes, read from the document (_genders).
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from storyweave.annotate.quote_lexicon import TITLES as _TITLES
from storyweave.annotate.quote_lexicon import is_cue as _is_cue


@dataclass(slots=True)
class _Ctx:
    body: str
    sdoc: Any  # the spaCy Doc of `body`
    quote_of_char: list[int]  # char -> index of span + 1 (0 = outside any quote)
    surnames: dict[str, str]
    firstnames: dict[str, str]
    person_subjects: list[tuple[int, str]]  # (char position, resolved name), document order
    plural_subjects: list[tuple[int, str, int, int]]
    statements: list[tuple[int, str]]
    speaker_subjects: list[tuple[int, str]] = field(default_factory=list)  # persons as subjects of cue verbs
    gender: dict[str, str] = field(default_factory=dict)  # resolved name -> "m" / "f" where the text shows it
    shared: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # surname of several people -> mentions


_CUE_WORDS = frozenset({"said", "says", "added", "adds", "asked", "asks", "told", "tells", "wrote", "writes"})


def _clean_name(text: str) -> str:
    text = re.sub(r"[\u2019']s$", "", re.sub(r"^[^\w(]+", "", text.strip()))  # '">Sanders' after tweet markup
    words = [w for w in text.split() if w]
    while len(words) > 1 and (words[0].lower().strip(",") in _TITLES or words[0].lower() in _CUE_WORDS):
        words.pop(0)  # "Sen. Tom Hardy"; "Said Kate": a sentence-initial cue verb tagged as part of the name
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


def _shared_surnames(body: str, sdoc) -> dict[str, list[tuple[int, str]]]:
    """Surnames that two or more people named in full share ("John Murphy" and "Mary Murphy"), with the position of
    each full mention: a bare "Murphy" is then one of them, not the longest name."""
    mentions: dict[str, list[tuple[int, str]]] = {}
    for ent in _ents(sdoc):
        if _plausible_person_ent(ent):
            name = _clean_name(body[slice(*_extend_name(body, ent.start_char, ent.end_char))])
            words = name.split()
            if len(words) >= 2 and _name_ok(name):
                mentions.setdefault(words[-1], []).append((ent.start_char, name))
    return {last: ms for last, ms in mentions.items() if len({n.split()[0] for _, n in ms}) >= 2}


def _which_of(w: str, ctx: _Ctx, pos: int) -> str | None:
    """Which of the people sharing surname `w` a bare mention at `pos` names: the only one a gendered title before it
    ("Ms. Murphy") fits; without a title, the one named in full last before it in the same paragraph ("Jeb Bush
    told ... Bush said", not George W. Bush); else None (the fullest name, as before)."""
    cands = ctx.shared[w]
    before = ctx.body[max(0, pos - 6):pos].lower().split()
    title = before[-1] if before else ""
    sex = "m" if title in ("mr.", "mr") else "f" if title in ("ms.", "mrs.", "ms", "mrs", "miss") else None
    if sex is not None:
        # a titled surname ("Mrs. Clinton", "Mr. Bush") is the established person: the one the text shows to take
        # the title's gender, else the fullest name as before
        fit = {n for _, n in cands if ctx.gender.get(n) == sex}
        return fit.pop() if len(fit) == 1 else None
    para = ctx.body.rfind("\n", 0, pos) + 1
    near = [(p, n) for p, n in cands if para <= p < pos]
    return near[-1][1] if near else None


def _resolve_name(name: str, ctx: _Ctx, pos: int | None = None) -> str:
    name = _clean_name(name)
    words = name.split()
    if not words:
        return name
    if len(words) == 1:
        w = words[0]
        if pos is not None and w in ctx.shared:
            got = _which_of(w, ctx, pos)
            if got:
                return got
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
                name = _resolve_name(ctx.body[slice(*_extend_name(ctx.body, ent.start_char, ent.end_char))], ctx,
                                     ent.start_char)
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



_MALE = frozenset({"he", "him", "his", "himself", "mr", "mr."})
_FEMALE = frozenset({"she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "miss"})


def _genders(ctx: _Ctx) -> dict[str, str]:
    """Which pronoun a person takes, read from the document: a sentence (outside quotes) that names exactly one person
    and then uses only he/his or only she/her (a possessive or object only before any other proper noun) votes for that
    person; "Mr."/"Ms." before a name votes twice."""
    votes: dict[str, list[int]] = {}
    sdoc = ctx.sdoc
    by_tok, _ = _persons(sdoc)
    for sent in sdoc.sents:
        names: set[str] = set()
        m = f = 0
        other = False  # a proper noun after the name that is not it: a possessive may be that one's
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
            elif names and (tok.pos_ == "PRON" or tok.tag_ == "PRP$") and (
                    tok.dep_ in ("nsubj", "nsubjpass") or not other):
                # "his"/"her"/"him" after another proper noun may stand for that one, a name the recogniser missed
                # ("Clinton congratulated Sanders' on his campaign"); a subject pronoun still counts
                m += tok.lower_ in _MALE
                f += tok.lower_ in _FEMALE
            elif names and tok.pos_ == "PROPN":
                other = True
        if len(names) == 1 and (m == 0) != (f == 0):
            v = votes.setdefault(next(iter(names)), [0, 0])
            v[0] += m > 0
            v[1] += f > 0
    return {n: ("m" if a > b else "f") for n, (a, b) in votes.items() if a != b}

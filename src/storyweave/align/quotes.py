"""The same quotation across reports.

merge_quotes(mentions, canonical, *, settings=DEFAULTS.align) -> list[Quote]

Two quote mentions are the same quotation when their speakers are compatible and their wordings match:

- speakers: the same story-wide name after `canonical` (or the same name as written when `canonical` does not know
  it; a name written short becomes the one fuller person name among the speakers that ends with it, "Biden" ->
  "Joe Biden"); one name contained in the other ("Sullivan" / "Jake Sullivan"); or both collective, neither a
  person's name ("the three leaders" / "joint statement"). An unknown speaker is compatible with anyone. Quotes
  shorter than long_quote (6) words of two different people are never merged; a longer quotation is one quote
  whoever the reports credit, and the differing speakers are listed as `attributions`.
- wordings, compared after `textutil.fold` (case, quote marks, dashes and punctuation folded, so "ever-present" equals
  "ever present"): one contains the other (a partial quote of a longer one); or rapidfuzz `partial_ratio` >=
  quote_partial (90) with the shorter at least 4 words (small wording changes, "the transitions" / "transitions");
  or `token_set_ratio` >= quote_token_set (92); or a run of at least quote_min_run (8) words in common (the same
  quotation cut differently by two reports); or, for two reports quoting one named person, a run of
  quote_speaker_run (6) words in common that is half the shorter quotation (one remark translated or heard apart:
  "It's not the time to ease pressure towards North Korea" / "It is not the time to ease pressure, or to reward North
  Korea"). The names are settings.AlignSettings' fields, the numbers their defaults.

Matching is transitive (union-find), so a long quote in one report can join two shorter quotes of another.
A collective speaker as written ("the Trump transition team") keeps its words even where `canonical` maps it to a
person. The merged Quote has the fullest wording as `text` (in a chain of differently cut quotes, the one that
overlaps the most others), every document carrying any wording as `sources`, one
`Variant` per distinct wording (all wordings, each with its sources; none when every report has the same words) and
one `Evidence` per mention. Quotes are ordered by number of sources, then by first appearance.
"""
from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from typing import Callable, Sequence

from rapidfuzz import fuzz

from storyweave import graphs
from storyweave.model import Attribution, Evidence, Quote, QuoteMention, Variant
from storyweave.settings import DEFAULTS, AlignSettings
from storyweave.textutil import fold


def _is_person(name: str) -> bool:
    """A person's name is all capitalised words ("Jake Sullivan"); "the three leaders" is collective."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return bool(words) and all(w[:1].isupper() for w in words)


def _speakers_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    pa, pb = _is_person(a), _is_person(b)
    if pa and pb:
        wa, wb = fa.split(), fb.split()
        return wa[-1] == wb[-1] and (set(wa) <= set(wb) or set(wb) <= set(wa))
    return not pa and not pb


def _one_persons(a: str | None, b: str | None) -> bool:
    """Both quotations credited to one named person ("Taro Kono" / "Kono")."""
    return bool(a and b and _is_person(a) and _is_person(b) and _speakers_compatible(a, b))


def _long_run(a: str, b: str, floor: int) -> bool:
    """a, b folded: a run of `floor` words or more in common that is half the shorter one at least ("it's not the
    time to ease pressure towards north korea" / "it is not the time to ease pressure or to reward north korea")."""
    wa, wb = a.split(), b.split()
    m = SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb))
    return m.size >= floor and 2 * m.size >= min(len(wa), len(wb))


def _same_words(a: str, b: str, *, settings: AlignSettings) -> bool:
    """a, b folded; True when they are one quotation (see the module docstring)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    ws, wl = short.split(), long_.split()
    if not ws:
        return False
    if f" {short} " in f" {long_} " and (len(ws) >= 3 or len(ws) == len(wl)):
        return True
    if len(ws) >= 4 and fuzz.partial_ratio(short, long_) >= settings.quote_partial:
        return True
    if len(ws) >= 4 and fuzz.token_set_ratio(short, long_) >= settings.quote_token_set and len(ws) >= len(wl) * 0.5:
        return True
    if len(ws) >= settings.quote_min_run:
        m = SequenceMatcher(None, ws, wl, autojunk=False).find_longest_match(0, len(ws), 0, len(wl))
        if m.size >= settings.quote_min_run:
            return True
    return False


def _speaker_name(m: QuoteMention, canonical: Callable[[str], str | None]) -> str | None:
    if not m.speaker:
        return None
    try:
        name = canonical(m.speaker)
    except (KeyError, ValueError, TypeError):
        name = None
    if name and _is_person(name) and not _is_person(m.speaker):
        return m.speaker  # "the Trump transition team" is not Donald Trump
    return name or m.speaker


def _fullest_names(names: list[str | None]) -> list[str | None]:
    """Names `canonical` left as written: "Biden" -> "Joe Biden" when one fuller person name ends with it."""
    persons = {n for n in names if n and _is_person(n)}
    by_last: dict[str, set[str]] = {}
    for person in persons:
        by_last.setdefault(fold(person).split()[-1], set()).add(person)
    out: list[str | None] = []
    for n in names:
        if n and n in persons:
            fuller = [f for f in by_last.get(fold(n).split()[-1], ()) if len(f.split()) > len(n.split())
                      and set(fold(n).split()) <= set(fold(f).split())]
            if len({fold(f) for f in fuller}) == 1:
                n = fuller[0]
        out.append(n)
    return out


def _pick_speaker(names: list[str]) -> str | None:
    if not names:
        return None
    counts = Counter(names)
    persons = [n for n in counts if _is_person(n)]
    pool = persons or list(counts)
    return max(pool, key=lambda n: (counts[n], len(n.split()), len(n)))


def _one_quotation(members: list[int], folded: list[str], items: Sequence[QuoteMention], *,
                   settings: AlignSettings) -> bool:
    """A group whose wordings are long and come from different reports, one mention each: one quotation, even if
    the reports credit different people."""
    docs = [items[i].doc_id for i in members]
    return len(set(docs)) == len(docs) and all(len(folded[i].split()) >= settings.long_quote for i in members)


def _attributions(named: list[tuple[str | None, str]]) -> tuple[Attribution, ...]:
    """Each speaker the reports name, with its reports, when they name different people (else nothing)."""
    groups: list[tuple[str, list[str]]] = []
    for speaker, doc_id in named:
        if not speaker:
            continue
        home = next((g for g in groups if _speakers_compatible(g[0], speaker)), None)
        if home is None:
            groups.append((speaker, [doc_id]))
        else:
            home[1].append(doc_id)
    if len(groups) < 2:
        return ()
    return tuple(Attribution(speaker=s, sources=tuple(dict.fromkeys(d))) for s, d in groups)


def merge_quotes(mentions: Sequence[QuoteMention], canonical: Callable[[str], str | None], *,
                 settings: AlignSettings = DEFAULTS.align) -> list[Quote]:
    """One Quote per quotation across the reports; `canonical` maps a speaker as written to the story-wide name;
    `settings` (settings.AlignSettings) holds the wording thresholds."""
    items = [m for m in mentions if m.text and m.text.strip()]
    if not items:
        return []
    speakers = _fullest_names([_speaker_name(m, canonical) for m in items])
    folded = [fold(m.text) for m in items]
    words = [set(f.split()) for f in folded]
    links: list[tuple[int, int]] = []
    degree = [0] * len(items)
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if not words[i] & words[j]:
                continue
            # a short quotation needs compatible speakers; a long one is one quotation whoever the reports credit
            # (a misattribution or a spelling variant is shown as a disagreement, not as two quotes)
            if not _speakers_compatible(speakers[i], speakers[j]) and (
                    items[i].doc_id == items[j].doc_id
                    or min(len(folded[i].split()), len(folded[j].split())) < settings.long_quote):
                continue
            if _same_words(folded[i], folded[j], settings=settings) or (
                    items[i].doc_id != items[j].doc_id and _one_persons(speakers[i], speakers[j])
                    and _long_run(folded[i], folded[j], settings.quote_speaker_run)):
                links.append((i, j))
                degree[i] += 1
                degree[j] += 1
    groups = graphs.components(len(items), links)  # by first member, members in order (as the reports give them)
    # a group must not hold two different people (A~unknown~B): split it by person, unknowns go to the largest
    final: list[list[int]] = []
    for members in groups:
        people = Counter(s for s in (speakers[i] for i in members) if s and _is_person(s))
        distinct: list[str] = []
        for name, _ in people.most_common():
            if not any(_speakers_compatible(name, d) for d in distinct):
                distinct.append(name)
        if len(distinct) <= 1 or _one_quotation(members, folded, items, settings=settings):
            final.append(members)
            continue
        buckets: dict[str, list[int]] = {d: [] for d in distinct}
        for i in members:
            s = speakers[i]
            home = next((d for d in distinct if s and _is_person(s) and _speakers_compatible(s, d)), distinct[0])
            buckets[home].append(i)
        final.extend(b for b in buckets.values() if b)
    doc_order: dict[str, int] = {}
    for m in items:
        doc_order.setdefault(m.doc_id, len(doc_order))
    out: list[tuple[tuple, Quote]] = []
    for members in final:
        members.sort(key=lambda i: (doc_order[items[i].doc_id], items[i].start))
        sources = tuple(dict.fromkeys(items[i].doc_id for i in members))
        # the fullest wording; in a chain of overlapping cuts, the one that overlaps the most others
        best = max(members, key=lambda i: (degree[i], len(folded[i].split()), len(items[i].text), -members.index(i)))
        wordings: dict[str, list[int]] = {}
        for i in members:
            wordings.setdefault(folded[i], []).append(i)
        variants: tuple[Variant, ...] = ()
        if len(wordings) > 1:
            variants = tuple(
                Variant(text=items[idx[0]].text,
                        sources=tuple(dict.fromkeys(items[i].doc_id for i in idx)),
                        evidence=tuple(Evidence(doc_id=items[i].doc_id, start=items[i].start, end=items[i].end)
                                       for i in idx))
                for idx in wordings.values())
        named = [s for s in (speakers[i] for i in members) if s]
        quote = Quote(
            speaker=_pick_speaker(named),
            attributions=_attributions([(speakers[i], items[i].doc_id) for i in members]),
            text=items[best].text,
            sources=sources,
            variants=variants,
            evidence=tuple(Evidence(doc_id=items[i].doc_id, start=items[i].start, end=items[i].end) for i in members),
        )
        first = members[0]
        out.append(((-len(sources), doc_order[items[first].doc_id], items[first].start), quote))
    out.sort(key=lambda x: x[0])
    return [q for _, q in out]

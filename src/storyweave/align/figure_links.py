"""Which figures of different reports tell one thing (align.figures' Figure values).

link_figures(items, aligned, *, settings) -> list[tuple[int, int]]

Two figures are linked when
  - what they count has the same head noun ("North Korean troops" / "troops") and the same unit, their modifiers
    agree (when both have some, they share one; when one has none, the other's modifiers stand in its sentence), the
    verb class around them matches (killed/wounded vs. sent), and their sentences say the same thing about them
    (shared words near the number, or one in sentences close in meaning);
  - or they fill the same slot of two sentences aligned as one claim, even when what is counted is worded
    differently ("58 million LinkedIn members" / "117 million LinkedIn users") or not named at all;
  - or they are the ages given for one person;
  - or their own clauses are the two reports' mutual closest among figures of one unit and kind.
Never when the two name different days, places, people, events or moods (what happened against what was planned).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from storyweave import resources
from storyweave.align.figures import (PLACE_LABELS, Figure, Span, beside_words, is_measure, same_number,
                                      slot_kind)
from storyweave.model import DocId
from storyweave.settings import AlignSettings
from storyweave.textutil import fold
from storyweave.textutil import stem as _stem


def link_figures(items: list[Figure], aligned: Sequence[tuple[Span, Span, bool]], *, settings: AlignSettings
                 ) -> list[tuple[int, int]]:
    """Pairs of figures (indexes into `items`, i < j) of different reports that tell one thing: by what they count and
    the words around them, slot by slot in aligned sentences (`aligned`, as find_conflicts takes it), by whose age
    they are, and by their own clauses."""
    # candidate pairs: different reports, same head noun and unit, modifiers, verb class and movement agree
    pairs = []
    for i, a in enumerate(items):
        if not a.counted:
            continue
        for j in range(i + 1, len(items)):
            b = items[j]
            if not b.counted or a.doc_id == b.doc_id or not a.head or a.head != b.head or a.q.unit != b.q.unit \
                    or a.q.per != b.q.per:
                continue
            if a.events != b.events or a.nearest_event != b.nearest_event or not _mods_agree(a, b) \
                    or slot_kind(a)[2] != slot_kind(b)[2]:
                continue  # a fall by 17 points is not a win by 75; houses that collapsed are not those evacuated
            pairs.append((i, j))
    slot_links = _slot_pairs(items, aligned, settings=settings) | _age_pairs(items)
    slot_links |= _clause_pairs(items, slot_links, settings)
    pairs = [p for p in pairs if p not in slot_links]
    if not pairs and not slot_links:
        return []
    _local_contexts(items, {k for p in pairs for k in p}, settings=settings)
    sims = _similarities(items, pairs, settings=settings)
    return [(i, j) for i, j in pairs if _context_similar(items[i], items[j], sims, i, j, settings=settings)] \
        + sorted(slot_links)


_GENERIC_HEADS = frozenset(_w[:5] for _w in """people person men man women woman children child kids kid others
times time points point percent percentage cases case members member residents resident individuals individual
things thing ones units unit""".split())
_PERSON_GROUPS = {_stem(fold(_w)): _g for _w, _g in
                  (line.split("\t") for line in (Path(__file__).with_name("data") / "person_groups.tsv")
                   .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))}


def _mods_agree(a: Figure, b: Figure) -> bool:
    if a.mods and b.mods:
        return bool(a.mods & b.mods)
    lone, rich = (a, b) if not a.mods else (b, a)
    if not rich.mods:
        return True
    sentence_stems = {_stem(w) for w in fold(lone.sentence).split()}
    return len(rich.mods & sentence_stems) * 2 >= len(rich.mods)


def _local_contexts(items: list[Figure], wanted: set[int], *, settings: AlignSettings) -> None:
    """What the sentence says around each number: content lemmas within settings.local_window tokens of it and its
    governing verb
    ("Up to 12,000 troops have been sent to Russia" -> {send, russia}); what is counted is left out."""
    idx = sorted(wanted)
    nlp = resources.nlp()
    for k, sdoc in zip(idx, nlp.pipe([items[k].sentence for k in idx], batch_size=64)):
        it = items[k]
        q_start = it.q.start - it.sent_span[0]
        q_end = it.q.end - it.sent_span[0]
        inside = [t for t in sdoc if q_start <= t.idx < q_end]
        if not inside:
            continue
        first, last = inside[0].i, inside[-1].i
        counted = {t.lemma_.lower() for t in inside}
        reach = settings.local_window
        near = list(sdoc[max(0, first - reach):first]) + list(sdoc[last + 1:last + 1 + reach])
        root = min(inside, key=lambda t: len(list(t.ancestors)))
        verb = next((a for a in root.ancestors if a.pos_ in ("VERB", "AUX") and a.lemma_.lower() != "be"), None)
        if verb is not None:
            near.append(verb)
        it.context = {t.lemma_.lower() for t in near
                      if t.is_alpha and not t.is_stop and len(t.text) > 2 and not t.like_num} - counted
        lo, hi = max(0, first - reach), last + 1 + reach
        it.places = {_stem(fold(e.text).split()[-1]) for e in sdoc.ents
                     if e.label_ in PLACE_LABELS and e.start < hi and e.end > lo and fold(e.text)}


def _context_similar(a: Figure, b: Figure, sims: dict[tuple[int, int], float], ia: int, ib: int, *,
                     settings: AlignSettings) -> bool:
    """Do the two sentences say the same thing about the number? Shared words near it (same_context_words, or one
    in sentences that are close in meaning; generic_words for a generic counted noun)."""
    if a.places and b.places and not (a.places & b.places):
        return False  # "300 homes in Ohio" and "500 homes in Texas" are different homes
    if _different_times(a, b) or _different_moods(a, b):
        return False
    shared = len(a.context & b.context)
    if a.head in _GENERIC_HEADS and shared < settings.generic_words:
        return False
    if shared >= settings.same_context_words:
        return True
    return shared >= 1 and sims.get((min(ia, ib), max(ia, ib)), 0.0) >= settings.same_context


def _slot_pairs(items: list[Figure], aligned: Sequence[tuple[Span, Span, bool]], *, settings: AlignSettings
                ) -> set[tuple[int, int]]:
    """Figures in the same place of two sentences that state one claim: same unit and kind, no different days or
    places named, and the same counted thing (or one worded alike: "members" / "users"); in two strongly aligned
    sentences also the only figure of that unit and kind in each when the counted thing is not named on one side.
    Equal values pair first (one to one)."""
    by_sentence: dict[Span, list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        by_sentence[(it.doc_id, it.sent_span[0], it.sent_span[1])].append(k)
    # only the counted things of figures in aligned sentences that both hold a figure are ever compared
    compared = {k for sa, sb, _ in aligned if sa in by_sentence and sb in by_sentence
                for k in by_sentence[sa] + by_sentence[sb]}
    heads = sorted({fold(items[k].q.counts or "") for k in compared} - {""})
    vecs = dict(zip(heads, resources.embed(heads))) if heads else {}

    def alike(a: Figure, b: Figure) -> bool:
        return _counted_alike(a, b, vecs, same_counted=settings.same_counted)

    out: set[tuple[int, int]] = set()
    for sa, sb, strong in aligned:
        xs, ys = by_sentence.get(sa, []), by_sentence.get(sb, [])
        if not xs or not ys:
            continue
        free_x, free_y = list(xs), list(ys)
        for x in xs:  # the same value on both sides is the same slot
            y = next((y for y in free_y if same_number(items[x].q, items[y].q, settings=settings)), None)
            if y is not None and x in free_x:
                free_x.remove(x)
                free_y.remove(y)
                out.add((min(x, y), max(x, y)))
        for x in free_x:
            a = items[x]
            same_kind = [y for y in free_y if slot_kind(items[y]) == slot_kind(a) and _same_events(a, items[y])
                         and not _different_times(a, items[y]) and not _different_places(a, items[y])
                         and not _different_moods(a, items[y]) and not _different_people(a, items[y])
                         and not _other_kind(a, items[y]) and not _other_kind(items[y], a)]
            match = [y for y in same_kind if alike(a, items[y])]
            lone = len(same_kind) == 1 and sum(slot_kind(items[k]) == slot_kind(a) for k in free_x) == 1
            b = items[same_kind[0]] if lone else None
            shared = len(beside_words(a) & beside_words(b)) if b is not None else 0
            if not match and b is not None and (not (a.q.counts and b.q.counts) or a.age and b.age
                                                or strong and is_measure(a) and is_measure(b)) \
                    and (shared >= settings.lone_window if strong else shared >= settings.clause_beside and not a.age):
                # the only figure of its kind on each side, with words beside it in common (in sentences only each
                # other's closest, as many as clause-paired figures need, and not an age: whose it is decides that)
                match = same_kind
            if len(match) > 1:  # several of the counted thing: the one its modifiers name ("tax revenue", not "sales")
                match = _by_modifiers(a, [items[y] for y in match], match) or match
            if len(match) != 1 and strong:
                # the words beside the figures decide among the candidates whose counted things do not differ
                open_ = match or [y for y in same_kind if not (a.q.counts and items[y].q.counts)
                                  or (a.age and items[y].age)]
                match = _by_window(a, [items[y] for y in open_], open_)
            if len(match) == 1:
                y = match[0]
                free_y.remove(y)
                out.add((min(x, y), max(x, y)))
    return out


def _clause_pairs(items: list[Figure], linked: set[tuple[int, int]], settings: AlignSettings
                  ) -> set[tuple[int, int]]:
    """Figures whose own clauses state one claim, wherever their sentences stand: the two reports' mutual closest
    clauses among the figures of one slot kind (embeddings of the clauses with their figures masked, at
    settings.same_clause), with settings.clause_beside words beside the figures in common (one where the clauses are
    worded alike, settings.clause_alike), the same events named beside them (none, or the same: "sent" is not
    "killed"), no different day, place or mood, and the same
    counted thing (one head noun, modifiers that agree) where both name it. A long sentence restating one figure
    among others is not aligned as a whole with the other report's sentence; the figure's clause is ("he earned $7.4
    million since last year from his ownership stake" / "earned $4.9 million from his ownership stake"). Figures
    already paired between the two reports are left as they are."""
    partnered: set[tuple[int, DocId]] = set()
    for i, j in linked:
        partnered.add((i, items[j].doc_id))
        partnered.add((j, items[i].doc_id))
    groups: dict[tuple[str, str, str, str], dict[DocId, list[int]]] = defaultdict(lambda: defaultdict(list))
    for k, it in enumerate(items):
        if it.q.value is not None:
            groups[slot_kind(it)][it.doc_id].append(k)
    # the blocks (one slot kind, two reports) where some pair could pass the tests that need no embedding: only
    # their clauses are embedded (the outcome is the same as embedding every clause; the tests are cheap)
    blocks: list[tuple[list[int], list[int]]] = []
    fewest = min(1, settings.clause_beside)  # words beside them that clauses worded alike need in common
    for by_doc in groups.values():
        docs = sorted(by_doc)
        for x, da in enumerate(docs):
            for db in docs[x + 1:]:
                xs = [k for k in by_doc[da] if (k, db) not in partnered]
                ys = [k for k in by_doc[db] if (k, da) not in partnered]
                if any(_clause_compatible(items[a], items[b], fewest) for a in xs for b in ys):
                    blocks.append((xs, ys))
    wanted = sorted({k for xs, ys in blocks for k in xs + ys})
    if not wanted:
        return set()
    vecs = dict(zip(wanted, resources.embed([items[k].clause for k in wanted])))
    out: set[tuple[int, int]] = set()
    for xs, ys in blocks:
        sim = np.array([[vecs[a] @ vecs[b] for b in ys] for a in xs], dtype=float)
        best_col, best_row = sim.argmax(axis=1), sim.argmax(axis=0)
        for r, a in enumerate(xs):
            c = int(best_col[r])
            beside = settings.clause_beside if sim[r, c] < settings.clause_alike else fewest
            if sim[r, c] >= settings.same_clause and best_row[c] == r \
                    and _clause_compatible(items[a], items[ys[c]], beside):
                out.add((min(a, ys[c]), max(a, ys[c])))
    return out


def _clause_compatible(a: Figure, b: Figure, beside: int) -> bool:
    """What two clause-paired figures must share besides their clauses' meaning: the same events (and the same one
    named closest to each), agreeing modifiers, no different day, place or mood, `beside` words beside them, and
    the same counted thing where both name one (the same head noun: "leaked passwords" are not "LinkedIn
    members", "tanks" not "soldiers"; worded-alike things pair only in aligned sentences, _slot_pairs)."""
    if a.events != b.events or a.nearest_event != b.nearest_event or not _mods_agree(a, b) \
            or _different_times(a, b) or _different_places(a, b) \
            or _different_moods(a, b) or len(beside_words(a) & beside_words(b)) < beside:
        return False
    return not (a.q.counts and b.q.counts) or a.head == b.head


def _counted_alike(a: Figure, b: Figure, vecs: Mapping[str, "np.ndarray"], *, same_counted: float) -> bool:
    """The same counted thing, by its head noun or worded alike ("members" / "users": cosine at `same_counted`;
    never two nouns that count different groups of people, data/person_groups.tsv); `vecs` holds the folded
    counted phrases' embeddings."""
    if a.head and a.head == b.head:
        return True
    groups = _PERSON_GROUPS.get(a.head), _PERSON_GROUPS.get(b.head)
    if groups[0] and groups[1] and groups[0] != groups[1]:  # "men" are a part of "people", not another word for them
        return False
    ka, kb = fold(a.q.counts or ""), fold(b.q.counts or "")
    return bool(ka and kb) and float(vecs[ka] @ vecs[kb]) >= same_counted


def _by_modifiers(a: Figure, candidates: list[Figure], ids: list[int]) -> list[int]:
    """The one candidate sharing the most modifiers of what is counted with a (at least one)."""
    return _clear_best([len(a.mods & c.mods) for c in candidates], ids, floor=1)


def _by_window(a: Figure, candidates: list[Figure], ids: list[int]) -> list[int]:
    """The one candidate whose neighbouring words are clearly a's ("at a height of 5,900 meters" / "at an altitude
    of 8,850 m", against "the 8,013 m peak"): most shared words, at least two, and more than any other candidate."""
    return _clear_best([len(a.window & c.window) for c in candidates], ids, floor=2)


def _clear_best(scores: list[int], ids: list[int], *, floor: int) -> list[int]:
    """The id with the highest score when it reaches floor and no other id ties it; else none."""
    ranked = sorted(zip(scores, ids), reverse=True)
    if not ranked or ranked[0][0] < floor or (len(ranked) > 1 and ranked[1][0] >= ranked[0][0]):
        return []
    return [ranked[0][1]]


def _age_pairs(items: list[Figure]) -> set[tuple[int, int]]:
    """Ages of the same person given by two reports, both now or both at an earlier time ("then 22")."""
    by_person: dict[str, list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        if it.person:
            by_person[it.person].append(k)
    return {(i, j) for ks in by_person.values() for i in ks for j in ks
            if i < j and items[i].doc_id != items[j].doc_id and items[i].then == items[j].then}


def _same_events(a: Figure, b: Figure) -> bool:
    """What happened to what is counted agrees, where both say: "18 troops were wounded" is not "four were killed";
    in aligned sentences one naming more events beside the figure agrees with one naming some of them ("two killed
    and seven injured in a 25-vehicle pileup" / "a 38-vehicle pileup killed two")."""
    return not (a.events and b.events) or bool(a.events & b.events)


def _other_kind(a: Figure, b: Figure) -> bool:
    """a counts one kind of the things b counts, and b's sentence names none of that kind: "three charges of
    attempted murder" are not the "four of five charges" of a sentence that names no murder."""
    return bool(a.kind_of) and b.head == a.head and not a.kind_of & {_stem(w) for w in fold(b.sentence).split()}


def _different_places(a: Figure, b: Figure) -> bool:
    """Both figures have places beside them, and none in common: "125 people across Syria" / "104 in Homs" (a place
    elsewhere in the sentence, "according to the Las Vegas Sun", says nothing of the figure)."""
    return bool(a.sent_places and b.sent_places and not (a.sent_places & b.sent_places))


def _different_people(a: Figure, b: Figure) -> bool:
    """Ages of two people the story names apart ("Smith, 34" / "Hayes, 28"): by the story's names for them, else by
    the names the ages follow (a surname is never "worded alike" with another)."""
    if a.person and b.person:
        return a.person != b.person
    named = a.age and b.age and (a.q.counts or "")[:1].isupper() and (b.q.counts or "")[:1].isupper()
    return bool(named and a.head != b.head)


def _different_moods(a: Figure, b: Figure) -> bool:
    """One figure is what happened, the other what was asked for, faced, planned or expected."""
    return a.unrealised != b.unrealised


def _different_times(a: Figure, b: Figure) -> bool:
    """Both clauses name days, and no day in common: "shed 1,175 points Monday" / "666 points on Friday". (An
    undated figure is not given its report's news day: a report led by Tuesday's news restates Monday's donation
    undated as often as it reports a new figure.) An age at an earlier time ("then 22") is not one given now."""
    return bool(a.times and b.times and not a.times & b.times) or a.then != b.then


def _similarities(items: list[Figure], pairs: list[tuple[int, int]], *, settings: AlignSettings
                  ) -> dict[tuple[int, int], float]:
    """Cosine of sentence embeddings for the candidate pairs whose words alone do not settle it."""
    need = [(i, j) for i, j in pairs if len(items[i].context & items[j].context) == settings.same_context_words - 1]
    if not need:
        return {}
    idx = sorted({k for p in need for k in p})
    vecs = resources.embed([items[k].sentence for k in idx])
    row = {k: r for r, k in enumerate(idx)}
    return {(i, j): float(vecs[row[i]] @ vecs[row[j]]) for i, j in need}

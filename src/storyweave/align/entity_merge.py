"""Joining the mentions of one story into groups, one per real-world thing (steps 1-4 of align.entities):
countries through the table, people through their name words, organisations and the rest by key, acronym and
definition.

    _collect(mentions, settings=...) -> items      _merge(items, settings=...) -> groups

`settings` is settings.AlignSettings (max_surface, state_list_min, dominant_ratio, dominant_min, variant_min_len).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from storyweave.align.countries import _Countries, _countries, _country_by_name
from storyweave.align.entity_text import (_acronym_form, _clean, _COMPANY_WORDS, _DEFINITION, _initials_of, _is_acronym,
                                          _key, _PLACE_LABELS, _SKIP_LABELS, _strip_corp)
from storyweave.align.people import _edits, _first_word, _looks_garbled, _Name, _person_name, _spelling_variants
from storyweave.model import Mention
from storyweave.settings import AlignSettings


# ---------------------------------------------------------------- merging


@dataclass(slots=True)
class _Group:
    """Mentions that are one thing, while merging."""

    kind: str  # "country", "person", "other"
    key: str
    labels: dict[str, int] = field(default_factory=dict)
    surfaces: dict[str, int] = field(default_factory=dict)  # cleaned surface -> mentions
    first_seen: dict[str, int] = field(default_factory=dict)
    docs: dict[str, None] = field(default_factory=dict)
    count: int = 0
    names: list[_Name] = field(default_factory=list)  # people: the name forms in the group
    display: str | None = None  # countries: the table's name
    merged_into: "_Group | None" = None

    def add(self, it: "_Item") -> None:
        self.labels[it.label] = self.labels.get(it.label, 0) + it.count
        self.surfaces[it.surface] = self.surfaces.get(it.surface, 0) + it.count
        self.first_seen.setdefault(it.surface, it.order)
        for d in it.docs:
            self.docs.setdefault(d, None)
        self.count += it.count

    def absorb(self, other: "_Group") -> None:
        for lab, n in other.labels.items():
            self.labels[lab] = self.labels.get(lab, 0) + n
        for surface, n in other.surfaces.items():
            self.surfaces[surface] = self.surfaces.get(surface, 0) + n
        for s, o in other.first_seen.items():
            self.first_seen[s] = min(o, self.first_seen.get(s, o))
        for d in other.docs:
            self.docs.setdefault(d, None)
        self.count += other.count
        self.names.extend(other.names)
        other.merged_into = self


def _root(group: _Group) -> _Group:
    while group.merged_into is not None:
        group = group.merged_into
    return group


@dataclass(slots=True)
class _Item:
    """One distinct (cleaned surface, label) with its mentions."""

    surface: str
    label: str
    docs: dict[str, None] = field(default_factory=dict)  # doc ids in order of first mention
    order: int = 0
    count: int = 0


def _collect(mentions: Iterable[Mention], *, settings: AlignSettings) -> list[_Item]:
    items: dict[tuple[str, str], _Item] = {}
    cleaned: dict[str, str] = {}
    for order, m in enumerate(mentions):
        if m.label in _SKIP_LABELS:
            continue
        if len(m.text) > settings.max_surface:
            continue  # no name is this long: a span gone wrong
        surface = cleaned.get(m.text)
        if surface is None:
            surface = cleaned[m.text] = _clean(m.text)
        if not surface or not any(c.isalpha() for c in surface) or "\n" in surface:
            continue
        item = items.get((surface, m.label))
        if item is None:
            item = items[(surface, m.label)] = _Item(surface, m.label, order=order)
        item.docs.setdefault(m.doc_id, None)
        item.count += 1
    return list(items.values())


def _merge(items: list[_Item], *, settings: AlignSettings) -> list[_Group]:
    table = _countries()
    votes: dict[str, Counter] = defaultdict(Counter)  # surface key -> label votes over all its mentions
    for it in items:
        votes[_key(it.surface)][it.label] += it.count

    # Words of the full person names in the story ("jordan" from "Michael Jordan"), garbled spans left out.
    person_words = {w for it in items if it.label == "PERSON" and not _looks_garbled(it.surface)
                    for n in [_person_name(it.surface)] if n is not None and n.size >= 2 for w in n.raw}

    # The same from every PERSON span, garbled ones too ("Justin Sink - Tweet Jon Huntsman" vouches for "Huntsman").
    any_name_words = {w for it in items if it.label == "PERSON"
                      for n in [_person_name(it.surface)] if n is not None and (n.size >= 2 or n.initials)
                      for w in n.raw}

    def person_vote(surface: str) -> bool:
        v = votes[_key(surface)]
        return v["PERSON"] > sum(c for lab, c in v.items() if lab in _PLACE_LABELS or lab == "ORG")

    named_countries: set[str] = set()
    country_of: dict[int, str] = {}
    contested: dict[int, str] = {}  # "Jordan" where a person of that name is in the story
    for idx, it in enumerate(items):
        iso = _country_reading(it, table)
        if not iso:
            continue
        word = _key(it.surface)
        if " " not in word and not _is_acronym(it.surface) and (
                person_vote(it.surface) or (it.label == "PERSON" and word in person_words)):
            contested[idx] = iso
            continue
        country_of[idx] = iso
        named_countries.add(iso)
    states_named = Counter(table.subdivisions[k] for k in {_key(it.surface) for it in items if it.label == "GPE"}
                           if k in table.subdivisions)
    for idx, it in enumerate(items):  # capitals; those that often mean something else need their country named
        if idx in country_of or idx in contested:
            continue
        iso = _capital_reading(it, table, person_words, person_vote, named_countries, states_named,
                               state_list_min=settings.state_list_min)
        if iso:
            country_of[idx] = iso
    evidence = set(country_of.values())
    for idx, iso in contested.items():
        # A person when labelled so; otherwise the country when the story names it in another way too
        # ("Amman", "Hashemite Kingdom of Jordan"); otherwise the word goes with the people (label noise).
        if items[idx].label != "PERSON" and iso in evidence:
            country_of[idx] = iso

    groups: list[_Group] = []
    countries: dict[str, _Group] = {}
    rest: list[tuple[_Item, _Name | None]] = []
    for idx, it in enumerate(items):
        iso = country_of.get(idx)
        if iso:
            g = countries.get(iso)
            if g is None:
                g = countries[iso] = _Group("country", iso, display=table.display.get(iso) or it.surface)
                groups.append(g)
            g.add(it)
        else:
            name = _person_name(it.surface) if it.label == "PERSON" else None
            if (name is not None and name.size == 1 and not name.initials and not person_vote(it.surface)
                    and not name.raw & any_name_words):
                name = None  # "Instagram" labelled PERSON once and ORG five times, no such person: label noise
            rest.append((it, name))

    people = _merge_people([(it, n) for it, n in rest if n is not None], settings=settings)
    others = _merge_others([it for it, n in rest if n is None], people, votes, settings=settings)
    groups.extend(people.groups)
    groups.extend(others)
    return [g for g in groups if g.merged_into is None]


def _country_reading(it: _Item, table: _Countries) -> str | None:
    """The country this mention names by name or code (not by its capital), if any."""
    text = it.surface
    defined = _DEFINITION.match(text)
    if defined:
        text = defined.group("long")
    iso = _country_by_name(text)
    if iso is None and it.label == "GPE" and text.isupper() and len(text) == 3:
        iso = table.alpha3.get(text)
    if iso is None:
        return None
    if it.label == "NORP" and _is_acronym(text):
        return None
    return iso


def _capital_reading(it: _Item, table: _Countries, person_words: set[str], person_vote: Callable[[str], bool],
                     named: set[str], states_named: Counter, *, state_list_min: int) -> str | None:
    """The country a capital stands for, if it does here (an unsure one that is also a state is the state in a
    story naming `state_list_min` other states of its country)."""
    if it.label not in ("GPE", "ORG", "LOC"):
        return None
    hit = table.capitals.get(_key(it.surface))
    if hit is None:
        return None
    iso, unsure = hit
    key = _key(it.surface)
    if any(w in person_words for w in key.split()) and (unsure or person_vote(it.surface)):
        return None  # "Washington" beside George Washington
    if iso not in named:
        return None  # "talks in Moscow" in a story that never names Russia: the city, not an entity it never names
    home = table.subdivisions.get(key)
    if unsure and home and states_named[home] - 1 >= state_list_min:
        return None  # "Colorado, Oregon, Washington and Alaska": the state
    return iso


class _People:
    """Person groups indexed by name word: which people can a (partial) name be?"""

    def __init__(self, groups: list[_Group]) -> None:
        self.groups = groups
        self.by_word: dict[str, list[tuple[_Group, _Name]]] = defaultdict(list)
        for g in groups:
            self.add(g)

    def add(self, group: _Group) -> None:
        for n in group.names:
            for w in n.tokens | n.raw:
                self.by_word[w].append((group, n))

    def homes(self, name: _Name) -> list[_Group]:
        words = name.raw if name.size == 1 and not name.initials else name.tokens
        rarest = min(words, key=lambda w: len(self.by_word.get(w, ())))
        found: dict[int, _Group] = {}
        for g, n in self.by_word.get(rarest, ()):
            if name.covered_by(n):
                root = _root(g)
                found[id(root)] = root
        return list(found.values())


def _merge_people(forms: list[tuple[_Item, _Name]], *, settings: AlignSettings) -> _People:
    """Group person surfaces: same word set (any order) is one person; a partial name joins its only container."""
    by_name: dict[_Name, _Group] = {}
    for it, name in forms:
        g = by_name.get(name)
        if g is None:
            g = by_name[name] = _Group("person", it.surface, names=[name])
        g.add(it)
    names = sorted(by_name, key=lambda n: (-n.size, -len(n.initials)))
    index = _People(list(by_name.values()))
    # Maximal names (contained in no larger compatible name) each start a person; equal word sets share one.
    clusters: list[_Group] = []
    same_words: dict[frozenset[str], list[_Group]] = defaultdict(list)
    pending: list[_Name] = []
    for name in names:
        words = name.raw if name.size == 1 and not name.initials else name.tokens
        rarest = min(words, key=lambda w: len(index.by_word.get(w, ())))
        if any(o.size > name.size and name.covered_by(o) for _, o in index.by_word[rarest]):
            pending.append(name)
            continue
        home = next((c for c in same_words[name.tokens]
                     if any(name.covered_by(o) or o.covered_by(name) for o in c.names)), None)
        if home is None:
            clusters.append(by_name[name])
            same_words[name.tokens].append(by_name[name])
        else:
            home.absorb(by_name[name])
    # One person's name in two spellings (transliterations, typos): "Arseniy Yatseniuk" and "Arseniy Yatsenyuk".
    _join_spellings(clusters, settings=settings)
    clusters = [c for c in clusters if c.merged_into is None]
    # Partial names: join the one person whose names cover them, or the one the story is about when the others are
    # named in passing (a relative, a coach: "Hansbrough" is Tyler Hansbrough, 17 times named, not Gene, named twice);
    # two people named as often -> ambiguous, stays apart ("Kim" beside Kim Jong Un and Kim Yo Jong).
    people = _People(clusters)
    ambiguous = []
    for name in pending:
        homes = people.homes(name)
        if len(homes) > 1:
            homes = _dominant(homes, settings=settings)
        if len(homes) == 1:
            homes[0].absorb(by_name[name])
        else:
            ambiguous.append(by_name[name])
    for g in ambiguous:
        people.add(g)
    people.groups = [c for c in clusters + ambiguous if c.merged_into is None]
    return people


def _join_spellings(clusters: list[_Group], *, settings: AlignSettings) -> None:
    """Join person groups whose full names are spelling variants of each other (people._spelling_variants)."""
    by_size: dict[int, list[tuple[_Group, _Name, str]]] = defaultdict(list)
    for c in clusters:
        for n in c.names:
            if n.size >= 2:
                by_size[n.size].append((c, n, _first_word(c.key)))
    for forms in by_size.values():
        by_word: dict[str, list[int]] = defaultdict(list)  # candidates share all words but one: bucket by each word
        for i, (_, n, _first) in enumerate(forms):
            for w in n.raw:
                by_word[w].append(i)
        for i, (ci, ni, fi) in enumerate(forms):
            seen: set[int] = set()
            for w in ni.raw:
                for j in by_word[w]:
                    if j <= i or j in seen:
                        continue
                    seen.add(j)
                    cj, nj, fj = forms[j]
                    if _root(ci) is not _root(cj) and _spelling_variants(ni, nj, fi, fj, settings=settings):
                        _root(ci).absorb(_root(cj))


def _dominant(homes: list[_Group], *, settings: AlignSettings) -> list[_Group]:
    """The one home named far more often than every other (by full-name mentions): at least settings.dominant_min
    times and settings.dominant_ratio times as often as each of the others; else all of them."""
    ranked = sorted(homes, key=lambda g: -g.count)
    top, rest = ranked[0], ranked[1:]
    if top.count >= settings.dominant_min and all(top.count >= settings.dominant_ratio * g.count for g in rest):
        return [top]
    return homes


def _merge_others(items: list[_Item], people: _People, votes: dict[str, Counter], *,
                  settings: AlignSettings) -> list[_Group]:
    """Organisations, places, groups, events: one key, corporate suffixes, acronyms; name-like mentions of a
    person that spaCy labelled ORG/GPE join that person."""
    groups: dict[str, _Group] = {}
    links: list[tuple[str, str]] = []  # ("X (ACR)" definitions): long key, acronym
    norp_keys = {_key(it.surface) for it in items if it.label == "NORP"}
    for it in items:
        surface = it.surface
        defined = _DEFINITION.match(surface)
        if defined:
            links.append((_strip_corp(_key(defined.group("long"))), _acronym_form(defined.group("short"))))
        key = _acronym_form(surface) if _is_acronym(surface) else _strip_corp(_key(surface))
        if it.label == "NORP" and key.endswith("s") and key[:-1] in norp_keys:
            key = key[:-1]  # "Republicans" with "Republican"
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group("other", key)
        g.add(it)

    # One name of three words or more spelled two ways: "Promises Treatment Center" / "... Centre", "Academy of
    # Motion Picture Arts" / "... Pictures Arts": the same words but one, that one a spelling of the other.
    _join_name_spellings(groups, settings=settings)

    # Acronyms: an all-capitals key joins the one multi-word group whose initials it is.
    by_initials: dict[str, list[_Group]] = defaultdict(list)
    for key, g in groups.items():
        if " " not in key:
            continue
        for s in g.surfaces:
            ini = _initials_of(dm.group("long") if (dm := _DEFINITION.match(s)) else s)
            if ini and g not in by_initials[ini]:
                by_initials[ini].append(g)
    for long_key, acr in links:
        if long_key in groups and acr in groups and groups[long_key] is not groups[acr]:
            _root(groups[long_key]).absorb(_root(groups[acr]))
    for key, g in groups.items():
        if g.merged_into is not None or " " in key:
            continue
        if key.isupper():
            acronym = key
        elif len(key) >= 3 and all(s[:1].isupper() and s[1:].islower() and s.isalpha() for s in g.surfaces):
            acronym = key.upper()  # "Nato", "Nasa": acronyms written as words
            written = groups.get(acronym)
            if written is not None and _root(written) is not g:
                _root(written).absorb(g)  # "Nasa" and "NASA"
                continue
            if len(key) < 4:
                continue
        else:
            continue
        owners = {id(_root(o)): _root(o) for o in by_initials.get(acronym, [])}
        if len(owners) == 1:
            owner = next(iter(owners.values()))
            if owner is not g:
                owner.absorb(g)

    # Company short names: "Ford" is "Ford Motor Co." when that is the one company whose name it starts and
    # whose other words only say what it does.
    by_first: dict[str, list[_Group]] = defaultdict(list)
    for key, g in groups.items():
        words = key.split()
        if len(words) > 1 and g.merged_into is None and _majority(g) == "ORG" and set(words[1:]) <= _COMPANY_WORDS:
            by_first[words[0]].append(g)
    for key, g in groups.items():
        if g.merged_into is None and " " not in key and _majority(g) == "ORG" and len(by_first.get(key, ())) == 1:
            by_first[key][0].absorb(g)

    # Person names that spaCy labelled something else: "Ishiba" (ORG), "Biden" (GPE), "Biden and Ishiba" (ORG).
    org_first_words = {k.split()[0] for k, g in groups.items()
                       if " " in k and g.labels.get("ORG", 0) > 0
                       and not re.search(r"\band\b", k) and not _looks_like_person_of(k, people)}
    for key, g in list(groups.items()):
        if g.merged_into is not None or g.kind != "other":
            continue
        if any(lab not in ("ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART") for lab in g.labels):
            continue
        if " " not in key and key in org_first_words:
            continue  # "Ford" beside "Ford Motor": the company
        # "Victoria" the state beside Victoria Beckham stays a place; spaCy labels many surnames GPE ("Bloomberg"),
        # so only places the tables know, and never labelled PERSON in the story, stay places.
        if (_majority(g) in _PLACE_LABELS and _known_place(key)
                and not any(votes[_key(s)]["PERSON"] for s in g.surfaces)):
            continue
        target = _person_for(g, people, settings=settings)
        if target is not None:
            target.absorb(g)
            continue
        parts = _conjoined(g, people)
        if parts:
            for person in parts:
                for lab, n in g.labels.items():
                    person.labels[lab] = person.labels.get(lab, 0) + n
                for d in g.docs:
                    person.docs.setdefault(d, None)
                person.count += g.count
            g.merged_into = parts[0]
    return [g for g in groups.values() if g.merged_into is None]


def _join_name_spellings(groups: dict[str, _Group], *, settings: AlignSettings) -> None:
    slots: dict[tuple[str, ...], list[tuple[str, _Group]]] = defaultdict(list)
    for key, g in groups.items():
        words = key.split()
        if len(words) < 3:
            continue
        for i, w in enumerate(words):
            if len(w) >= settings.variant_min_len:
                slots[(*words[:i], "", *words[i + 1:])].append((w, g))
    for forms in slots.values():
        for a in range(len(forms)):
            for b in range(a + 1, len(forms)):
                (wa, ga), (wb, gb) = forms[a], forms[b]
                if _root(ga) is _root(gb) or wa[0] != wb[0] or wa == wb:
                    continue
                limit = 2 if min(len(wa), len(wb)) >= 8 else 1
                if _edits(wa, wb, limit) <= limit:
                    _root(ga).absorb(_root(gb))


def _known_place(key: str) -> bool:
    table = _countries()
    return key in table.capitals or key in table.subdivisions or key in table.names


def _majority(g: _Group) -> str:
    return max(g.labels, key=lambda lab: g.labels[lab])


def _looks_like_person_of(key: str, people: _People) -> bool:
    name = _person_name(key)
    return name is not None and bool(people.homes(name))


def _person_for(g: _Group, people: _People, *, settings: AlignSettings) -> _Group | None:
    """The one person every surface of g names (by words and initials), or None."""
    homes: dict[int, _Group] = {}
    for s in g.surfaces:
        name = _person_name(s)
        if name is None:
            return None
        found = people.homes(name)
        if len(found) > 1:
            found = _dominant(found, settings=settings)
        if len(found) != 1:
            return None
        homes[id(found[0])] = found[0]
    return next(iter(homes.values())) if len(homes) == 1 else None


def _conjoined(g: _Group, people: _People) -> list[_Group]:
    """"Biden and Ishiba": when every part names exactly one person, those people."""
    if len(g.surfaces) != 1:
        return []
    surface = next(iter(g.surfaces))
    parts = re.split(r"\s+(?:and|&)\s+|,\s*", surface)
    if len(parts) < 2:
        return []
    found = []
    for part in parts:
        name = _person_name(part)
        if name is None:
            return []
        homes = people.homes(name)
        if len(homes) != 1:
            return []
        found.append(homes[0])
    return found

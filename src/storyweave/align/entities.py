"""One entity per real-world thing across the reports of a story, and a resolver from any name to that entity.

    merge_entities(mentions, *, settings=DEFAULTS.align) -> (entities, canonical)

How mentions are joined (each step general, none fitted to one story):
  1. Clean each surface: possessive ("Biden's"), leading article ("the United States"), stray punctuation; for people
     also leading titles ("Mr.", "South Korean President") and words a span swallowed ("Biden and").
  2. Countries: a table of every country (names, formal names and ISO codes from pycountry; common short names,
     acronyms used in text and capitals from `data/countries.tsv`) maps "U.S.", "the United States", "DPRK",
     "Pyongyang", "Democratic People's Republic of Korea" to one entity. Demonyms (NORP "North Korean") stay apart.
     A capital stands for its country only when the country itself is named in the story; one that is often something
     else ("?" in the table: Washington, Victoria, Kingston) also needs no person of that name in the story and (when
     it is also a state, `data/subdivisions.tsv`) a story that is not listing states. A one-word country name that
     is also a person's name ("Jordan" beside Michael Jordan) follows its label and the story's votes.
  3. People: a name is a set of name words plus initials, so "Ishiba Shigeru" = "Shigeru Ishiba", "Yoon Suk-yeol" =
     "Yoon Suk Yeol", "Donald J. Trump" ~ "Donald Trump", "Joe Biden" ~ "Joseph R. Biden Jr.". A partial name
     ("Biden", "Yoon Suk") joins the one full name that contains it; when two people contain it ("Kim" beside
     "Kim Jong Un" and "Kim Yo Jong") it stays an entity of its own rather than being merged wrongly; "Jr." and "Sr."
     keep father and son apart ("Donald Trump Jr.", "DeOrr Kunz Sr."). A mention that
     spaCy labelled ORG or GPE ("Ishiba", "Trump") joins a person when that person is its only reading.
  4. Organisations and the rest: same key, corporate suffixes ("Apple Inc." = "Apple"), company short names ("Ford" =
     "Ford Motor Co."), acronyms from the initials of capitalised words ("APEC" = "Asia-Pacific Economic
     Cooperation", "Nato"), "X (ACR)" definitions, singular and plural groups ("Republican", "Republicans").
  5. Type by majority vote over the mentions (people are PERSON, countries GPE): spaCy's label noise is outvoted.
     Name: the table's name for a country, the fullest clean form for a person, the long form for an acronym.

Modules: entity_text (surfaces, keys, word lists), countries (the table), people (person names), entity_merge
(steps 1-4: grouping the mentions); this one names and types each group (step 5) and builds the resolver.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable, Sequence

from storyweave.align.countries import _countries, _country_by_name
from storyweave.align.entity_merge import _collect, _Group, _merge
from storyweave.align.entity_text import (_acronym_form, _BLOCKERS, _clean, _DEFINITION, _initials_of, _is_acronym,
                                          _key, _LABEL_ORDER, _POSSESSIVE)
from storyweave.align.people import _is_title, _looks_garbled, _person_name, _strip_title
from storyweave.model import Entity, Mention
from storyweave.settings import DEFAULTS, AlignSettings
from storyweave.textutil import straighten


def merge_entities(mentions: Sequence[Mention], *, settings: AlignSettings = DEFAULTS.align
                   ) -> tuple[list[Entity], Callable[[str], str | None]]:
    """One Entity per real-world thing in the mentions of one story, and canonical(surface) -> entity name | None
    (settings.AlignSettings: max_surface, state_list_min, dominant_ratio, dominant_min, variant_min_len)."""
    items = _collect(mentions, settings=settings)
    groups = _merge(items, settings=settings)
    entities, alias_index, people = _build_entities(groups)
    return entities, _resolver(entities, alias_index, people, max_surface=settings.max_surface)


# ---------------------------------------------------------------- entities and the resolver


def _entity_name(g: _Group) -> str:
    if g.kind == "country" and g.display:
        return g.display
    if g.kind == "person":
        def rank(s: str):
            n = _person_name(s)
            size: float = n.size if n else 0
            inits = len(n.initials) if n else 0
            if size == 1 and inits:
                size = 1.5  # "J. D. Barrale" says more than "Barrale"
            return (_looks_garbled(s), -size, -g.surfaces[s], inits, g.first_seen[s])
        best = min(g.surfaces, key=rank)
        return _strip_title(best)

    def rank_other(s: str):
        defined = _DEFINITION.match(s)
        words = len(_key(defined.group("long") if defined else s).split())
        return (-words, defined is not None, -g.surfaces[s], g.first_seen[s])
    best = min(g.surfaces, key=rank_other)
    defined = _DEFINITION.match(best)
    return defined.group("long") if defined else best


def _entity_type(g: _Group) -> str:
    if g.kind == "person":
        return "PERSON"
    if g.kind == "country":
        return "GPE"
    order = {lab: i for i, lab in enumerate(_LABEL_ORDER)}
    return min(g.labels, key=lambda lab: (-g.labels[lab], order.get(lab, len(order)), lab))


def _build_entities(groups: list[_Group]) -> tuple[list[Entity], dict[str, list[int]], list[tuple[int, _Group]]]:
    groups = sorted(groups, key=lambda g: (-g.count, min(g.first_seen.values())))
    entities: list[Entity] = []
    alias_index: dict[str, list[int]] = defaultdict(list)
    people: list[tuple[int, _Group]] = []
    for i, g in enumerate(groups):
        name = _entity_name(g)
        aliases: dict[str, str] = {}
        for s in sorted(g.surfaces, key=lambda s: (-g.surfaces[s], g.first_seen[s])):
            aliases.setdefault(straighten(s).casefold(), s)  # "Israel" and "israel" are one alias
        entities.append(Entity(name=name, type=_entity_type(g), aliases=tuple(aliases.values()),
                               sources=tuple(g.docs), mentions=g.count))
        for s in [*aliases.values(), name]:
            keys = {_key(s), _key(_strip_title(s))} if g.kind == "person" else {_key(s)}
            for k in keys:
                if k and i not in alias_index[k]:
                    alias_index[k].append(i)
        if g.kind == "person":
            people.append((i, g))
    return entities, dict(alias_index), people


def _after_role(words: list[str], resolve: Callable[[str], str | None]) -> str | None:
    """Resolve the name after a role: "South Korean President Yoon", "Secretary of State Antony Blinken".
    The name must follow a title, so "Biden's spokesman" is never Biden ("Japan's Prime Minister Shigeru Ishiba" is
    Ishiba); never past a word that makes the speaker someone else: "adviser to Biden", "a spokesman for Apple"."""
    for j in range(1, len(words)):
        head = words[:j]
        last = head[-1]
        if last.lower() in _BLOCKERS:
            return None
        if not any(_is_title(w) for w in head) or last.lower() == "of" or _POSSESSIVE.search(straighten(last)):
            continue
        if "of" in head[:-1] and not head[head.index("of") + 1][:1].isupper():
            return None  # "Secretary of State Blinken" is Blinken; "spokesperson of the Kremlin" is not
        tail = " ".join(words[j:])
        if tail[:1].isupper():
            found = resolve(tail)
            if found is not None:
                return found
    return None


def _resolver(entities: list[Entity], alias_index: dict[str, list[int]], people: list[tuple[int, _Group]], *,
              max_surface: int) -> Callable[[str], str | None]:
    table = _countries()
    country_entity = {}
    for i, e in enumerate(entities):
        if e.type == "GPE":
            iso = _country_by_name(e.name)
            if iso:
                country_entity[iso] = i
    acronyms: dict[str, set[int]] = defaultdict(set)
    for i, e in enumerate(entities):
        for s in (e.name, *e.aliases):
            ini = _initials_of(s)
            if ini and len(ini) >= 2:
                acronyms[ini].add(i)
    memo: dict[str, str | None] = {}

    def pick(candidates: Iterable[int]) -> str | None:
        found = list(dict.fromkeys(candidates))
        if len(found) == 1:
            return entities[found[0]].name
        persons = [i for i in found if entities[i].type == "PERSON"]
        return entities[persons[0]].name if len(persons) == 1 else None

    def resolve_name(text: str) -> str | None:
        key = _key(text)
        if not key:
            return None
        if key in alias_index:
            return pick(alias_index[key])
        name = _person_name(text)
        if name is not None:
            found = [i for i, g in people if any(name.covered_by(o) for o in g.names)]
            if found:
                return pick(found) if len(found) == 1 else None
        iso = _country_by_name(text)
        if iso is None:
            cap = table.capitals.get(key)
            iso = cap[0] if cap else None
        if iso is not None and iso in country_entity:
            return entities[country_entity[iso]].name
        if _is_acronym(text):
            owners = acronyms.get(_acronym_form(text), set())
            if len(owners) == 1:
                return entities[next(iter(owners))].name
        return None

    def canonical(surface: str) -> str | None:
        if surface in memo:
            return memo[surface]
        text = _clean(surface or "") if len(surface or "") <= max_surface else ""
        result = None
        if text and any(c.isupper() for c in text):
            result = resolve_name(text) if text[0].isupper() or text[0].isdigit() else None
            if result is None:
                result = _after_role(text.split(" "), resolve_name)
        elif text and _key(text) in alias_index:  # a lower-case name only as seen ("he" never is one)
            result = pick(alias_index[_key(text)])
        memo[surface] = result
        return result

    return canonical

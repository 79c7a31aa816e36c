"""The country table for align.entities: every country's names, formal names, codes and capitals (pycountry plus
`data/countries.tsv`) and states or provinces (`data/subdivisions.tsv`), read once.

    _countries() -> _Countries      _country_by_name(text) -> iso3 | None
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyweave.align.entity_text import _acronym_form, _is_acronym, _key

_COUNTRY_TABLE = Path(__file__).with_name("data") / "countries.tsv"
_SUBDIVISION_TABLE = Path(__file__).with_name("data") / "subdivisions.tsv"


# ---------------------------------------------------------------- the country table


@dataclass(frozen=True, slots=True)
class _Countries:
    names: dict[str, str]  # folded name -> iso3 (case-insensitive names: "united states", "north korea")
    codes: dict[str, str]  # upper-case acronym -> iso3 ("US", "DPRK", "UAE"), matched only when written in capitals
    alpha3: dict[str, str]  # ISO alpha-3 -> iso3, matched only when written in capitals and labelled GPE
    capitals: dict[str, tuple[str, bool]]  # folded capital -> (iso3, often-something-else)
    display: dict[str, str]  # iso3 -> the name to show
    subdivisions: dict[str, str]  # folded state/province name -> iso3 ("washington" -> USA)


# Bare names that two countries go by ("Congo": Kinshasa or Brazzaville); they stay unresolved.
_AMBIGUOUS_COUNTRY_NAMES = frozenset({"congo", "korea"})


@lru_cache(maxsize=1)
def _countries() -> _Countries:
    """The country table, read once."""
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    capitals: dict[str, tuple[str, bool]] = {}
    display: dict[str, str] = {}

    def add_name(name: str, iso: str, *, override: bool = False) -> None:
        if _is_acronym(name) and len(name.replace(".", "")) <= 5:
            codes.setdefault(_acronym_form(name), iso)
            return
        key = _key(name)
        if key and (override or key not in names):
            names[key] = iso

    table = _COUNTRY_TABLE.read_text("utf-8")
    rows = []
    for line in table.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, name, alias_field, cap_field = (line.split("\t") + ["", "", ""])[:4]
        rows.append((iso, name, [a for a in alias_field.split(";") if a], [c for c in cap_field.split(";") if c]))
    try:
        import pycountry
        known = list(pycountry.countries)
    except ImportError:  # pragma: no cover - pinned in requirements; the table alone still covers common names
        known = []
    if known:
        for c in known:
            iso = c.alpha_3
            alpha3[iso] = iso
            for given in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
                if not given:
                    continue
                name = re.sub(r"\s*\([^)]*\)", "", given)
                if ", " in name:  # "Korea, Republic of" -> "Republic of Korea"
                    head, _, tail = name.partition(", ")
                    if re.search(r"\bof(?: the)?$", tail, re.I):
                        add_name(f"{tail} {head}", iso)
                    continue
                if _key(name) in _AMBIGUOUS_COUNTRY_NAMES:
                    continue
                add_name(name, iso)
    for iso, name, aliases, caps in rows:
        display[iso] = name
        add_name(name, iso, override=True)
        for alias in aliases:
            add_name(alias, iso, override=True)
        for cap in caps:
            unsure = cap.startswith("?")
            key = _key(cap.lstrip("?"))
            capitals.setdefault(key, (iso, unsure))
            if key.startswith("the "):  # "The Hague" is cleaned to "Hague" like any leading article
                capitals.setdefault(key[4:], (iso, unsure))
    for key in list(capitals):  # a city named like a country ("Singapore", "Djibouti") is the country
        if key in names:
            del capitals[key]
    subdivisions: dict[str, str] = {}
    for line in _SUBDIVISION_TABLE.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            iso, _, subs = line.partition("\t")
            for sub in subs.split(";"):
                subdivisions[_key(sub)] = iso
    return _Countries(names=names, codes=codes, alpha3=alpha3, capitals=capitals, display=display,
                      subdivisions=subdivisions)


def _country_by_name(text: str) -> str | None:
    """iso3 of a country named (not a capital): by name, formal name, or an acronym written in capitals."""
    table = _countries()
    if _is_acronym(text):
        iso = table.codes.get(_acronym_form(text))
        if iso:
            return iso
    return table.names.get(_key(text))

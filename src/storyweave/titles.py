"""Titles and roles that stand before a person's name ("Sen.", "Foreign Minister", "spokesman"), read once from
data/titles.txt; the quote reader and the entity merger both ask this module, so the two never drift apart.

    ROLES        titles and roles: "senator", "sen", "spokesman", "ceo"
    QUALIFIERS   words that only qualify a title: "vice", "former", "prime", "us" ("U.S. Ambassador")
    BEFORE_NAME  both, each also with a final full stop ("sen."): what is never part of the name itself
"""
from __future__ import annotations

from importlib import resources

__all__ = ["ROLES", "QUALIFIERS", "BEFORE_NAME"]


def _load() -> tuple[frozenset[str], frozenset[str]]:
    roles: set[str] = set()
    qualifiers: set[str] = set()
    text = resources.files("storyweave").joinpath("data/titles.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            (qualifiers if fields[1:] == ["qualifier"] else roles).add(fields[0].lower())
    return frozenset(roles), frozenset(qualifiers)


ROLES, QUALIFIERS = _load()
BEFORE_NAME = frozenset(w + dot for w in ROLES | QUALIFIERS for dot in ("", "."))

"""Helpers the quantity tests share (tests/ is on the test path: `from quantity_checks import one`)."""
from __future__ import annotations


def one(found, needle: str):
    """The first quantity whose text holds `needle` (the test fails, listing what was found, when none does)."""
    hits = [x for x in found if needle in x.text]
    assert hits, f"{needle!r} not among {[x.text for x in found]}"
    return hits[0]

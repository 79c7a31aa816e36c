"""The country table: every country in ISO 3166 is covered, rows are well formed, and no key points two ways."""
from __future__ import annotations

from pathlib import Path

import pycountry

from storyweave.align import entities

DATA = Path(entities.__file__).with_name("data")


def _rows():
    for line in (DATA / "countries.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def test_rows_are_well_formed_and_cover_every_sovereign_state():
    rows = list(_rows())
    assert all(len(r) == 4 and len(r[0]) == 3 and r[1] for r in rows)
    isos = [r[0] for r in rows]
    assert len(isos) == len(set(isos))
    known = {c.alpha_3 for c in pycountry.countries} | {"XKX"}  # Kosovo has no ISO code yet
    assert set(isos) <= known
    # every UN member and observer state is in the table with a capital
    with_capital = {r[0] for r in rows if r[3]}
    for iso in ("AFG", "BRA", "CHN", "COD", "DEU", "EGY", "FJI", "IND", "KOR", "PRK", "NGA", "PER", "PSE", "TUV",
                "USA", "UKR", "VAT", "ZWE", "KAZ", "MMR", "BOL", "ZAF"):
        assert iso in with_capital, iso
    assert len(with_capital) >= 190


def test_every_iso_country_resolves_by_its_common_name():
    table = entities._countries()
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        if "," in name or "(" in name or name == "Congo":
            continue
        assert table.names.get(entities._key(name)) == c.alpha_3, name


def test_no_capital_is_also_a_country_name_and_unsure_ones_are_marked():
    table = entities._countries()
    assert not set(table.capitals) & set(table.names)
    for city in ("washington", "victoria", "kingston", "georgetown", "hamilton", "jerusalem"):
        assert table.capitals[city][1], city  # often something else: needs its country named in the story
    assert table.capitals["pyongyang"] == ("PRK", False) and table.capitals["kyiv"] == ("UKR", False)
    assert table.capitals["kiev"] == ("UKR", False)
    assert table.subdivisions["washington"] == "USA"

"""Photo agencies are read from the outlet table (style photo-credit), not written in the cleaner."""
from __future__ import annotations

import pytest

from storyweave import outlets, textutil
from storyweave.clean import credits
from storyweave.clean.text import clutter_kind

AGENCIES = [o for o in outlets.all_outlets() if "photo-credit" in o.styles]


def kind(line: str) -> str | None:
    return clutter_kind(line, textutil.words(line))


def test_photo_agencies_are_wires_of_the_table():
    assert {"Associated Press", "Reuters", "Getty Images", "European Pressphoto Agency"} <= {o.name for o in AGENCIES}
    assert all(o.wire for o in AGENCIES)  # their pictures run in everyone's reports: no origin


@pytest.mark.parametrize("outlet", AGENCIES, ids=lambda o: o.key)
def test_every_photo_agency_ends_a_caption(outlet):
    for name in (outlet.name, *outlet.aliases):
        assert kind(f"Firefighters work at the scene on Monday. {name}/Jane Roe") == "caption", name
        assert kind(f"Firefighters work at the scene on Monday. ({name})") == "caption", name
        assert credits.photo_credit(f"Firefighters at the scene. (Jane Roe/{name})") is None  # a wire's photo


def test_an_outlet_without_the_style_does_not_end_a_caption_unbracketed():
    assert kind("Firefighters work at the scene on Monday. Riverside Herald/Jane Roe") is None

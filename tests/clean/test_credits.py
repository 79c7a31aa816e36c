"""Bylines, credit lines and copyright notices in many outlets' styles."""
from __future__ import annotations

import pytest

from storyweave.clean import credits


@pytest.mark.parametrize("line,names,outlet", [
    ("By Jane Doe", ["Jane Doe"], None),
    ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], "Reuters"),
    ("BY MARIA GONZALEZ | The Valley Tribune", ["Maria Gonzalez"], "The Valley Tribune"),
    ("by · NY Times", [], "The New York Times"),
    ("Jenny Leonard, Bloomberg News on", ["Jenny Leonard"], "Bloomberg News"),
    ("Kwame Mensah - The Accra Daily Graphic", ["Kwame Mensah"], "The Accra Daily Graphic"),
    ("Written by Li Wei, Xinhua", ["Li Wei"], "Xinhua"),
])
def test_bylines(line, names, outlet):
    assert credits.byline(line) == (names, outlet)


@pytest.mark.parametrize("line", [
    "By The ACLU",
    "President Biden met the leaders of Japan and South Korea on Friday.",
    "By the time the polls closed, turnout had reached 70 per cent across the country and officials were pleased.",
    "World News",
])
def test_not_bylines(line):
    assert credits.byline(line) is None


@pytest.mark.parametrize("line,outlet", [
    ("Madhani writes for the Associated Press.", "Associated Press"),
    ("©2024 Bloomberg L.P. Visit bloomberg.com. Distributed by Tribune Content Agency, LLC.", "Bloomberg News"),
    ("This content originally appeared on Al Jazeera.", "Al Jazeera"),
    ("This article was originally published on The Conversation.", "The Conversation"),
    ("Copyright 2023 The Associated Press. All rights reserved.", "Associated Press"),
    ("COPYRIGHT 2018 THE ASSOCIATED PRESS. ALL RIGHTS RESERVED.", "Associated Press"),
    ("(c) 2019 Agence France-Presse", "Agence France-Presse"),
    ("(Copyright 2013 by CBS San Francisco and Bay City News Service. All rights reserved.)", "CBS San Francisco"),
    ("A version of this article appeared in print on page A11 of the U.S. edition of The Wall Street Journal.",
     "The Wall Street Journal"),
    ("The Associated Press contributed to this report.", "Associated Press"),
])
def test_origin_credits(line, outlet):
    found = credits.origin_credit(line)
    assert found and found[1] == outlet


def test_origin_strengths_rank_writer_over_distributor():
    wrote = credits.origin_credit("©2024 Bloomberg L.P.")
    distributed = credits.origin_credit("Distributed by Tribune Content Agency, LLC.")
    assert wrote[0] > distributed[0]
    assert credits.origin_credit("Image copyright EPA") is None  # a photo credit, not the text's origin


def test_reporting_by_and_sign_off():
    assert credits.reporting_by("Reporting by Anna Visser in Rotterdam and Tom Berg in Amsterdam; Editing by Mark "
                                "Potter") == ["Anna Visser", "Tom Berg"]
    assert credits.sign_off("— KENNETH CHANG") == ["Kenneth Chang"]
    assert credits.sign_off("— and so on.") == []


def test_datelines_photo_credits_and_urls():
    assert credits.dateline_agency("LIMA, Peru (AP) — Leaders met on Friday.") == "Associated Press"
    assert credits.dateline_agency("LONDON (Reuters) - Britain said on Monday") == "Reuters"
    assert credits.dateline_agency("WASHINGTON — The Senate voted") is None
    assert credits.photo_credit("Credit...Eric Lee/The New York Times") == "The New York Times"
    # a wire's photo runs in everyone's report: it says nothing of who wrote the text
    assert credits.photo_credit("Leaders at the summit [Leah Millis/Reuters]") is None
    assert credits.photo_credit("Flint water (Photo: Kim Roe / The Detroit News)") == "The Detroit News"
    assert credits.outlet_from_url("https://www.nytimes.com/2024/11/15/us/politics/biden.html") == "The New York Times"
    assert credits.outlet_from_url("https://news.example.co.uk/a/b") == "example.co.uk"
    assert credits.outlet_from_url("not a url") is None
    assert credits.canonical_outlet("Bloomberg L.P.") == "Bloomberg News"


def test_byline_with_a_quoted_nickname():
    assert credits.byline('By Amanda "Tania Mae" Tan') == (["Amanda Tan"], None)
    assert credits.byline("By Lee “Faker” Sang-hyeok") == (["Lee Sang-hyeok"], None)
    assert credits.byline('"Tania Mae" is back') is None

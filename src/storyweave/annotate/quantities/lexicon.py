"""Vocabularies and patterns of the quantity reader, read once from data/quantities.json.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from storyweave import dateexpr

_LEX = json.loads((Path(__file__).parent.parent / "data" / "quantities.json").read_text(encoding="utf-8"))
WORD_NUMBERS: dict[str, int] = _LEX["word_numbers"]
MULTIPLICATIVES: dict[str, int] = _LEX["multiplicatives"]
MULTIPLICATIVE_UNIT: str = _LEX["multiplicative_unit"]
TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
SCALES: dict[str, float] = {k: float(v) for k, v in _LEX["scales"].items()}
BIG_SCALES = {"thousand", "million", "billion", "trillion"}
# vague amounts: the word is the qualifier, the value stays None
VAGUE = {"dozens", "scores", "hundreds", "thousands", "millions", "billions", "trillions", "tens"}
CURRENCY_SIGNS: dict[str, str] = _LEX["currency_signs"]
CURRENCY_CODE_SUFFIXES: tuple[str, ...] = tuple(_LEX["currency_code_suffixes"])
DOLLAR_COUNTRIES: dict[str, str] = _LEX["dollar_countries"]
CURRENCY_WORDS: dict[str, str] = _LEX["currency_words"]
CURRENCY_ADJ: dict[str, str] = _LEX["currency_adjectives"]
CURRENCIES = set(CURRENCY_SIGNS.values()) | set(CURRENCY_WORDS.values())
SUBUNITS: dict[str, list[str]] = _LEX["subunits"]
SUBUNIT_UNITS = frozenset(v[0] for v in SUBUNITS.values())
UNIT_TABLE: dict[str, list[str]] = _LEX["units"]
CASE_UNITS: dict[str, list[str]] = _LEX["case_units"]
UNITS = {k: v[0] for k, v in UNIT_TABLE.items()}
UNIT_KIND = {v[0]: v[1] for v in list(UNIT_TABLE.values()) + list(CASE_UNITS.values()) + list(SUBUNITS.values())
              + list(_LEX["spaced_units"].values())}
MAX_UNIT_WORDS = max(len(k.split()) for k in UNIT_TABLE)
QUALIFIER_CHANGE: dict[str, str] = _LEX["qualifier_change"]
CHANGE_UP = set(_LEX["change_up"])
CHANGE_DOWN = set(_LEX["change_down"])
STREET_WORDS = set(_LEX["street_words"])
ALTERNATIVE_LEADS = frozenset(_LEX["alternative_leads"])
FRACTIONS: dict[str, float] = _LEX["fractions"]
VULGAR_FRACTIONS: dict[str, float] = _LEX["vulgar_fractions"]
SHARE_JOINS = frozenset(_LEX["share_joins"])
SHARE_MAX_WHOLE = float(_LEX["share_max_whole"])
SHARE_KIND: str = _LEX["share_kind"]
SLASH_DENOMINATORS = frozenset(int(d) for d in _LEX["slash_denominators"])
SLASH_FRACTION_RE = re.compile(r"^(\d{1,2})/(\d{1,2})$")
RATE_WORDS = set(_LEX["rate_words"])
RATE_NOT_BEFORE = set(_LEX["rate_not_before"])
SPACED_UNITS: dict[str, list[str]] = _LEX["spaced_units"]
AGE_UNIT = "year of age"
TIME_DEICTIC = {"last", "next", "this", "previous", "following", "past", "coming"}
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
ORDINAL_RE = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "hundredth", "thousandth", "millionth"}
DIGITS_RE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?$")
SUFFIXED_RE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(m|mn|bn|b|k|tn|trn)$", re.I)
RANGE_RE = re.compile(r"^(\d[\d,]*(?:\.\d+)?)[-\u2013\u2014](\d[\d,]*(?:\.\d+)?)$")
MONTHS = frozenset(dateexpr.MONTHS)  # every month name and abbreviation (data/calendar.json)
WEEKDAYS = frozenset(dateexpr.WEEKDAYS)
# entity types whose numbers are names or identifiers, not amounts
NAME_ENTS = {"ORDINAL", "LAW", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "FAC", "GPE", "PERSON", "NORP", "LOC"}
QUALIFIERS: tuple[str, ...] = tuple(_LEX["qualifiers"])
QUALIFIER_RE = re.compile(r"(?:\b(?:" + "|".join(re.escape(w) for w in QUALIFIERS) + ")|"
                          + "|".join(re.escape(c) for c in _LEX["qualifier_signs"]) + r")\s*$", re.I)
IDENTIFIER_BEFORE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _LEX["identifier_words"])
                               + r")\.?\s*(?:of\s+)?$", re.I)
# a month name or abbreviation as a word ("5 March", "Sept. 3"; not "5 Marines"): the calendar data, once
_MONTH_RE = rf"{dateexpr.month_regex(title=True)}\.?(?![a-z])"
DATE_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?:\s|,|$)")
DATE_BEFORE = re.compile(rf"\b{_MONTH_RE}\s+$")
RANGE_JOIN = {"-", "\u2013", "\u2014", "to", "and"}
QUALIFIER_WORDS = {"about", "around", "nearly", "almost", "roughly", "approximately", "some", "over", "under",
                    "above", "below", "than", "least", "most", "to", "up", "just", "only", "estimated", "by",
                    "between", "from", "and", "or", "at", "of", "in", "for", "with", "on", "is", "was", "were",
                    "are", "be", "been", "a", "an", "the"}

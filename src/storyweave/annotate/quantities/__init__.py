"""Numbers with what they count: "up to 12,000 North Korean troops" -> value 12000, qualifier "up to",
counts "North Korean troops".

find_quantities(body, sdoc, *, settings=DEFAULTS.annotate) -> list[Quantity]

How: every number token of the spaCy parse (digits, number words, "dozen", vague plurals such as "thousands") is
grown into a core (currency sign, scale word "billion"/"m", range "10,000-12,000"); a qualifier is read from the words
just before it; the unit and the thing counted come from the dependency parse (the noun the number modifies, its
compound/amod children, or the "of" phrase after a unit or a vague amount). Years, calendar dates, clock times,
ordinals and identifiers ("Article 51", "Group of 20") are skipped.

Issue 16: currencies and units glued to the number or written after it ("RM79", "USD10m", "640bhp", "85 sq m",
"130 km/h"), ranges whose ends both carry the unit ("from $10 to $15 billion", "between 20kHz and 25kHz"), spelled
compounds ("forty-one thousand two hundred six"), the numeral "one", numbers inside names ("Pixel 7 Pro", "Nikkei
225 index", "41 Harbour Street", "tied 3-3") skipped. `kind` (money, percent, duration, distance, ... count) comes
from the unit; `change` is "up"/"down" for a rise or fall of a measure, else the bound the qualifier states
("<", ">", "~") or "=". For an amount with a unit (money, percentages, durations, distances, ...) and nothing
counted next to it, `counts` is what the sentence says it is of (the subject of the verb, "revenue rose 5%", "the
debris field stretched for seven miles"). `per` is what a rate is per ("$58 per barrel"); a bare number takes the
unit of the amount it leaves it to ("435 homes ... and 187 by tender"). A share of a whole ("a third of the vote",
"one in five adults") is its fraction with no unit and kind "share". The word lists are in data/quantities.json.

Modules, in the order they depend on each other: `lexicon` (the word lists and patterns, read once), `units`
(units, currencies, rates, kinds), `numbers` (one token's value, a number grown over scale words and ranges),
`filters` (numbers that are not amounts), `phrases` (what an amount counts), `changes` (ranges with a unit on both
ends, rises, falls and bounds), `reader` (one amount built from its first token; the text read).
"""
from __future__ import annotations

from storyweave.annotate.quantities.reader import find_quantities

__all__ = ["find_quantities"]

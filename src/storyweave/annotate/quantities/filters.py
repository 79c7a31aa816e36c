"""Numbers that are not amounts: years, calendar dates and clock times, ordinals, list markers, numbers inside names
and addresses, identifiers, "one" as a pronoun; ages told apart.
"""
from __future__ import annotations

import re
from typing import Any

from storyweave.annotate.quantities.lexicon import (BIG_SCALES, CURRENCY_ADJ, CURRENCY_SIGNS, DATE_AFTER, DATE_BEFORE,
                                                    DIGITS_RE, DOLLAR_COUNTRIES, IDENTIFIER_BEFORE, MONTHS, NAME_ENTS,
                                                    QUALIFIER_WORDS, SCALES, STREET_WORDS, TIME_UNITS, UNITS,
                                                    WEEKDAYS, WORD_NUMBERS)
from storyweave.annotate.quantities.units import currency_word, sign_currency, unit_after, unit_key
from storyweave.annotate.quantities.numbers import core_end, fraction_span, is_number, share_span, tok_glued


def _is_year(tok: Any, sdoc: Any) -> bool:
    t = tok.text
    if not (len(t) == 4 and t.isdigit() and 1800 <= int(t) <= 2100):
        return False
    head = tok.head
    # "2,000 troops" is written with a comma; "2000 troops" (a plural noun counted) is kept as a number
    return not (tok.dep_ == "nummod" and head.i > tok.i and head.tag_ == "NNS" and tok.ent_type_ != "DATE")


def _is_duration_entity(tok: Any) -> bool:
    """Inside a DATE/TIME entity, keep numbers of durations ("two years", "40-minute"), skip calendar dates."""
    if tok.ent_type_ not in ("DATE", "TIME") or age_phrase(tok):
        return True
    doc = tok.doc
    a = _ent_start(tok)
    b = tok.i
    while b + 1 < len(doc) and doc[b + 1].ent_iob_ == "I":
        b += 1
    words = [t.lower_.rstrip(".") for t in doc[a:b + 1]]
    if any(w in MONTHS or w in WEEKDAYS for w in words):
        return False
    if any(w in ("p.m", "a.m", "pm", "am", "o'clock") for w in words):
        return False
    if "ago" in words and not any(w in BIG_SCALES for w in words):
        return False  # "three years ago" is a date; "150 million years ago" is a span of time
    last = core_end(doc, tok.i)  # "two and a half years"
    if last > tok.i and doc[last].lower_ in BIG_SCALES:
        return True  # "one and a half million": an amount the tagger took for a date
    nxt = doc[last + 1:last + 4]
    if any(t.lemma_.lower() in TIME_UNITS or t.lower_.rstrip("s") in TIME_UNITS for t in nxt):
        return True
    if _is_year(tok, tok.doc):
        return False
    # an amount the tagger took for a date: a currency or a unit on it ("$32280", "640bhp", "9 ksi"), or nothing in
    # the entity but numbers and function words ("which is 50000", "between 15kHz and 17kHz")
    g = tok_glued(tok)
    if g is not None and (g.unit or g.currency) or sign_currency(doc, tok.i) is not None:
        return True
    if tok.i + 1 < len(doc) and unit_after(doc, tok.i + 1, False) is not None:
        return True
    return all(not t.is_alpha or is_number(t) or t.lower_ in QUALIFIER_WORDS for t in doc[a:b + 1]
               if t.i != tok.i) and tok.lower_ not in WORD_NUMBERS


def _ent_start(tok: Any) -> int:
    i = tok.i
    while i > 0 and tok.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _entity_has_name(tok: Any) -> bool:
    """A name entity with words in it ("Apollo 11"), not a bare number the tagger mislabelled ("747 soldiers")."""
    doc = tok.doc
    a = _ent_start(tok)
    b = tok.i
    while b + 1 < len(doc) and doc[b + 1].ent_iob_ == "I":
        b += 1
    return any(t.is_alpha and not is_number(t) for t in doc[a:b + 1])


_MARKER_RE = re.compile(r"^\d{1,3}(?:[-\u2013]\d{1,3})?$")


def _is_marker(tok: Any, body: str) -> bool:
    """A reference or list marker, not an amount: "... guidelines. 9 , 11 Together", "(1) the", "3. The Kind"."""
    if not _MARKER_RE.match(tok.text):
        return False
    prev = body[:tok.idx].rstrip()
    pc = prev[-1:]
    nxt = body[tok.idx + len(tok.text):tok.idx + len(tok.text) + 40].lstrip()
    if pc == "(" and nxt.startswith(")"):
        return True
    in_list = pc == "," and re.search(r"(?:^|[\s,])\d{1,3}$", prev[:-1].rstrip()) is not None
    following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if following is not None and (following.lower_ in ("%", "percent", "per") or unit_key(following.text, False)):
        return False
    if pc not in (".", ";", ":", "") and not in_list:
        return False
    if in_list or (nxt[:1] == "," and nxt[1:].lstrip()[:1].isdigit()) or nxt[:1] in ("\u2013", "-"):
        return True
    if nxt[:1] == "." and nxt[1:].lstrip()[:1].isupper():
        return True
    if nxt[:1].isupper():
        following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return following is None or following.tag_ not in ("NNS", "NNPS")
    return False


_ONE_PRONOUN_BEFORE = {"the", "this", "that", "each", "every", "no", "any", "which", "a", "some", "another", "last",
                       "only", "such", "little", "big", "new", "old", "right", "wrong", "same", "other", "better"}


def _one_is_number(tok: Any) -> bool:
    """"one hand", "one of my stores", "one count of fraud", "one million": the numeral, not the pronoun."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prev is not None and (prev.lower_ in _ONE_PRONOUN_BEFORE or prev.tag_ in ("JJ", "JJS", "PRP$", "POS")):
        return False
    if nxt is None:
        return False
    if prev is not None and prev.lower_ == "at" and nxt.lower_ in ("point", "stage", "time", "moment"):
        return False  # "plunging nearly 1,600 points at one point": a time, not an amount
    if nxt.lower_ in SCALES or unit_key(nxt.text, False) or nxt.lemma_.lower() in UNITS:
        return True
    if [t.lower_ for t in doc[tok.i + 1:tok.i + 4]] in (["and", "a", "half"], ["and", "an", "half"]):
        return True  # "one and a half million"
    if nxt.lower_ in ("another", "'s", "\u2019s", "by", "after", "day", "time", "way"):
        return False
    if nxt.lower_ == "of" and tok.i + 2 < len(doc):
        return doc[tok.i + 2].tag_ in ("DT", "PRP$", "JJS", "NNS", "NNPS", "NNP", "CD")
    return nxt.pos_ in ("NOUN", "ADJ") and nxt.tag_ != "JJR" and tok.dep_ in ("nummod", "quantmod", "compound")


def _in_name(tok: Any) -> bool:
    """A number inside a name: "iPhone 11 Pro", "Stoxx 600 index", "Euro 2020", "Kick Six"."""
    doc = tok.doc
    if tok.i == 0:
        return False
    prev = doc[tok.i - 1]
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and (nxt.lower_ in ("%", "percent", "per", "-") or unit_key(nxt.text, False)
                            or currency_word(nxt) or nxt.lower_ in SCALES):
        return False
    after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
    if nxt is not None and after is not None and nxt.tag_ == "NNP" and nxt.text[:1].isupper() \
            and nxt.ent_type_ not in ("NORP", "GPE") and after.pos_ in ("NOUN", "PROPN") and "," not in tok.text \
            and tok.lower_ not in WORD_NUMBERS and len(tok.text) <= 3 \
            and f"{nxt.lower_} {after.lower_}" not in CURRENCY_ADJ:
        return True  # a model name: "737 Max jets", "11 Pro Max"
    if not prev.is_alpha or not prev.whitespace_ or prev.ent_type_ == "PERSON":
        return False
    if tok.lower_ in WORD_NUMBERS:
        # a spelled number capitalised after a capitalised word, mid-sentence
        return tok.text[:1].isupper() and prev.text[:1].isupper() and not prev.is_sent_start
    low = prev.lower_
    if low in MONTHS or low in CURRENCY_SIGNS or low in DOLLAR_COUNTRIES or currency_word(prev) \
            or low in QUALIFIER_WORDS:
        return False
    camel = any(c.isupper() for c in prev.text[1:]) and any(c.islower() for c in prev.text)
    proper = prev.tag_ in ("NNP", "NNPS") and prev.text[:1].isupper() and not prev.is_sent_start
    return camel or proper


def age_phrase(tok: Any) -> bool:
    """A number that an age phrase introduces: "at age 42", "at the age of 81", "aged 36", "ages 18 to 34"."""
    doc = tok.doc
    before = [t.lower_ for t in doc[max(0, tok.i - 2):tok.i]]
    if not (before[-1:] in (["age"], ["aged"], ["ages"]) or before == ["age", "of"]):
        return False
    return tok.text.isdigit() and 0 < int(tok.text) <= 120


_PERSON_SUBJECTS = frozenset({"he", "she", "who", "i"})


def age_complement(tok: Any) -> bool:
    """A bare number a person "is": "Lowe, who was 40 at the time", "she is 29" (not "the toll was 40 people")."""
    if not (tok.text.isdigit() and 0 < int(tok.text) <= 120) or tok.dep_ not in ("attr", "acomp", "npadvmod"):
        return False
    verb = tok.head
    if verb.lemma_ != "be" or tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].pos_ in ("NOUN", "PROPN", "NUM"):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.lower_ in _PERSON_SUBJECTS or subject.ent_type_ == "PERSON")


def _a_person(tok: Any) -> bool:
    """A token of a person's name: tagged so, or a capitalised word that is the surname of a person the document
    names ("Maggie Rogers ... Rogers, also 24,", where the recogniser missed the second)."""
    if tok.ent_type_ == "PERSON":
        return True
    return tok.is_alpha and tok.text[:1].isupper() and any(
        e.label_ == "PERSON" and len(e) > 1 and e[-1].text == tok.text for e in tok.doc.ents)


_NOT_PEOPLE = frozenset({"GPE", "LOC", "FAC", "DATE", "TIME", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"})


def _a_proper_name(tok: Any) -> bool:
    """A capitalised proper noun the recogniser did not call a place, a day or a thing ("Magnotta, 44,", which it
    tags ORG; "Rogers, 24,"): a name set between commas before a number is a person's age in news style."""
    return tok.tag_ == "NNP" and tok.is_alpha and tok.text[:1].isupper() and tok.ent_type_ not in _NOT_PEOPLE


def age_after_name(tok: Any) -> bool:
    """An age after a person's name: "Nick Hague 44", "Jamie Armstrong, 25,", "Rogers, also 24,"."""
    doc = tok.doc
    k = tok.i - 1
    adverb = k >= 1 and doc[k].pos_ == "ADV" and doc[k].is_alpha and doc[k - 1].text == ","  # "also", "now"
    if adverb:
        k -= 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    between_commas = k >= 0 and doc[k + 1].text == "," and nxt is not None and nxt.text == ","
    if k < 0 or not (_a_person(doc[k]) or between_commas and _a_proper_name(doc[k])) \
            or not DIGITS_RE.match(tok.text):
        return False
    # after a comma the age is closed by another one, or it ends the sentence after a person's name ("said Fran
    # Keller, 34.", "Abigail Williams, 13, and Liberty German, 14.")
    after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
    closed = nxt is not None and (nxt.text == "," or nxt.text in (".", ";", "!", "?") and _a_person(doc[k])
                                  and (after is None or after.is_sent_start or after.is_space))
    if (adverb or doc[tok.i - 1].text == ",") and not closed:
        return False
    return tok.text.isdigit() and 0 < int(tok.text) <= 120 and (
        nxt is None or nxt.is_punct or nxt.pos_ in ("AUX", "VERB"))


def _names_a_thing(tok: Any) -> bool:
    """A number written right after the singular noun it names one of: "seat 14", "bus 42", "game 3", "car 54"
    (not "age 42", "toll 37 people", "5 per cent": the number does not count the noun before it)."""
    doc = tok.doc
    if tok.i == 0 or not tok.text.isdigit() or tok.dep_ not in ("nummod", "appos", "npadvmod"):
        return False
    prev = doc[tok.i - 1]
    if tok.head.i != prev.i or prev.tag_ != "NN" or not prev.is_alpha or not prev.whitespace_:
        return False
    low = prev.lower_
    if low in ("age", "aged") or low in QUALIFIER_WORDS or low in SCALES or currency_word(prev) \
            or unit_key(prev.text, False) or prev.lemma_.lower() in UNITS:
        return False
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return nxt is None or nxt.is_punct and nxt.text not in ("%", "-", "/") \
        or nxt.pos_ in ("ADP", "VERB", "AUX", "CCONJ", "ADV", "PART", "DET", "PRON", "SCONJ")


def _in_address(tok: Any) -> bool:
    """A house number: "575 Wilbraham Road", "16-18 Industrial Avenue"."""
    doc = tok.doc
    k = tok.i + 1
    if k + 1 < len(doc) and doc[k].text in ("-", "\u2013") and doc[k + 1].text.isdigit():
        k += 2  # a range of house numbers: "16-18 Industrial Avenue"
    seen = 0
    while k < len(doc) and seen < 4 and doc[k].text[:1].isupper() and doc[k].is_alpha:
        if seen and doc[k].lower_.rstrip(".") in STREET_WORDS:
            return True
        seen += 1
        k += 1
    return False


def skip(tok: Any, body: str, sdoc: Any) -> bool:
    if fraction_span(sdoc, tok.i) is not None or share_span(sdoc, tok.i) is not None:
        return False  # "half a million", "a third of a mile", "one in three": read whole, whatever the tagger says
    g = tok_glued(tok)
    written_on = g is not None and bool(g.unit or g.currency)  # "24pc", "640bhp", "RM79"
    if tok.ent_type_ == "ORDINAL" and not written_on:
        return True
    if _is_marker(tok, body):
        return True
    if tok.ent_type_ in NAME_ENTS and _entity_has_name(tok) and not written_on and not age_after_name(tok):
        return True
    if _is_year(tok, sdoc):
        return True
    if not _is_duration_entity(tok):
        return True
    if tok.lower_ == "one" and not _one_is_number(tok):
        return True  # "the one beyond", "no one", "each one": a pronoun, not an amount
    if not written_on and (_in_name(tok) or _in_address(tok)):
        return True
    # an identifier: "Article 51", "Group of 20", "Apollo 11", "COVID-19"
    before = body[max(0, tok.idx - 20):tok.idx]
    if IDENTIFIER_BEFORE.search(before):
        return True
    if tok.head.i < tok.i and tok.head.pos_ == "PROPN" and tok.dep_ in ("nummod", "appos", "npadvmod") \
            and not written_on and sign_currency(sdoc, tok.i) is None and not age_after_name(tok) \
            and not any(t.is_punct for t in sdoc[tok.head.i + 1:tok.i]):
        return True
    if _names_a_thing(tok) and not written_on and sign_currency(sdoc, tok.i) is None:
        return True
    if re.search(r"\b(?:1[89]|20)\d\d[-\u2013/]$", body[max(0, tok.idx - 6):tok.idx]):
        return True  # the end of a span of years: "2014-15"
    if tok.i > 0 and body[tok.idx - 1:tok.idx] in ("-", "/") and tok.doc[tok.i - 1].is_alpha is False:
        # "B-1B", "F-16", "COVID-19": a letter right before the hyphen
        j = tok.idx - 2
        if j >= 0 and body[j].isalpha():
            return True
    if tok.idx > 0 and body[tok.idx - 1].isalpha():
        return True
    after = body[tok.idx + len(tok.text):tok.idx + len(tok.text) + 16]
    if re.match(r"[:/]\d", after):
        return True  # clock times "10:30", fractions and dates "11/15"
    if DATE_AFTER.match(after) or DATE_BEFORE.search(body[max(0, tok.idx - 12):tok.idx]):
        return True  # "13 September", "Sept. 13" (when the tagger missed the date)
    if re.match(r"-?\s?(?:thirds?|quarters?|halves|half|fifths?|tenths?)\b", after, re.I):
        return True  # fractions: "two-thirds"
    if re.fullmatch(r"0\d+", tok.text):
        return True  # "0401 GMT", "007": a clock time or a code
    if tok.lower_ == "zero" and tok.head.tag_ != "NNS":
        return True  # "zero tolerance"
    return False

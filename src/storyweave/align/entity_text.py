"""Surface forms of entity mentions, for align.entities: cleaning ("the United States'" -> "United States"),
comparison keys ("U.S." -> "us"), acronyms and initials ("Asia-Pacific Economic Cooperation" -> "APEC"), and the
word lists the merging reads (titles, corporate suffixes, nicknames).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from storyweave import titles
from storyweave.textutil import straighten, strip_invisible

# Labels that are not things with names.
_SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# When votes tie, the earlier label wins.
_LABEL_ORDER = ("PERSON", "GPE", "ORG", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# settings.AlignSettings.state_list_min (an unsure capital that is also a state is the state in a story listing
# that many other states) and max_surface (longer spans are not names) are read by entity_merge and entities.

# Words that, before a name, mean the speaker is someone else ("adviser to Biden", "Biden's spokesman").
_BLOCKERS = frozenset("to for with and or by from about against on behalf told said says under".split())
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_CORP_SUFFIXES = frozenset({"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
                            "plc", "ag", "sa", "nv", "group", "holdings"})
# Words after a company's name that only say what it does: "Ford Motor", "Deutsche Bank", "Sony Pictures".
_COMPANY_WORDS = frozenset("""
motor motors airlines airways bank banking technologies technology tech electronics energy pharmaceuticals pharma
international industries systems communications entertainment media labs laboratories semiconductor semiconductors
studios pictures records networks software financial capital partners foods brands petroleum oil steel chemicals
telecom mobile
""".split())
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "de", "du", "des", "la", "le", "el", "&"})
# Common English diminutives: "Joe Biden" and "Joseph R. Biden Jr." are one person.
_NICKNAMES = {
    "joe": "joseph", "bill": "william", "billy": "william", "will": "william", "bob": "robert", "bobby": "robert",
    "rob": "robert", "mike": "michael", "jim": "james", "jimmy": "james", "tom": "thomas", "tommy": "thomas",
    "dick": "richard", "rick": "richard", "dave": "david", "dan": "daniel", "danny": "daniel",
    "chris": "christopher", "matt": "matthew", "nick": "nicholas", "tony": "anthony", "andy": "andrew",
    "ben": "benjamin", "sam": "samuel", "alex": "alexander", "kate": "katherine", "liz": "elizabeth",
    "beth": "elizabeth", "jen": "jennifer", "jenny": "jennifer", "pat": "patrick", "ted": "edward",
    "ed": "edward", "charlie": "charles", "chuck": "charles", "greg": "gregory", "jeff": "jeffrey",
    "ron": "ronald", "larry": "lawrence", "jerry": "gerald", "steve": "steven", "vlad": "vladimir",
}

_WS = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:'s|'S)$")
_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_EDGE_JUNK = " \t\n-\u2013\u2014,;:/\\|[]({}<>\"'*#@!?"  # not ")": "Securities and Exchange Commission (SEC)"
_CURLY = "\u2018\u2019\u201c\u201d"
_DEFINITION = re.compile(r"^(?P<long>[^()]*[^\s()])\s*\((?P<short>[A-Z][A-Za-z.&-]{1,11})\)$")
_INITIAL = re.compile(r"^(?:[A-Z]\.?|(?:[A-Z]\.){2,3}|[A-Z]{2})$")
_TOKEN_SPLIT = re.compile(r"[\s\-\u2010-\u2015]+")
_NON_KEY = re.compile(r"[^\w ]+")


# ---------------------------------------------------------------- text helpers


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _clean(text: str) -> str:
    """The surface as written, minus invisible characters, possessive, leading article and stray edge punctuation.

    "the Democratic People’s Republic of Korea" -> "Democratic People’s Republic of Korea";
    "Biden’s" -> "Biden"; "North Korea-" -> "North Korea"; a final dot stays ("U.S.", "Jr.").
    """
    text = _WS.sub(" ", strip_invisible(text or "")).strip()
    previous = None
    while text != previous:
        previous = text
        plain = straighten(text)
        if plain.endswith(("'s", "'S")):
            text = text[:-2]
        elif plain.endswith(("s'", "S'")):
            text = text[:-1]
        text = _ARTICLE.sub("", text.lstrip(_EDGE_JUNK + _CURLY + ".").rstrip(_EDGE_JUNK + _CURLY))
        if text.endswith(")") and text.count("(") >= text.count(")"):
            continue  # "Securities and Exchange Commission (SEC)": the bracket belongs
        text = text.rstrip(")")
    return text


@lru_cache(maxsize=1 << 15)
def _token_key(token: str) -> str:
    """One token folded for comparison: no accents, no dots or apostrophes, lower case ("U.S." -> "us")."""
    token = _strip_accents(straighten(token))
    return _NON_KEY.sub("", token.replace("&", " and ")).lower()


# Words that stand before a name and are not part of it ("Mr. Biden", "South Korean President Yoon"), and words that
# only qualify such a title ("Prime Minister", "Former Vice President"): storyweave.titles, shared with annotate.
_TITLES = frozenset(_token_key(w) for w in titles.ROLES)
_TITLE_MODIFIERS = frozenset(_token_key(w) for w in titles.QUALIFIERS)


@lru_cache(maxsize=1 << 15)
def _key(text: str) -> str:
    """A whole surface folded for comparison; "St." and "Saint" are one word."""
    words = [_token_key(t) for t in _TOKEN_SPLIT.split(text) if t]
    words = ["saint" if w in ("st", "ste") else w for w in words if w]
    return " ".join(words)


def _is_acronym(text: str) -> bool:
    bare = text.replace(".", "").replace("&", "")
    return 2 <= len(bare) <= 8 and bare.isalpha() and bare.isupper() and " " not in text


def _acronym_form(text: str) -> str:
    return text.replace(".", "").upper()


def _initials_of(text: str) -> str | None:
    """Initial letters of the capitalised words, hyphenated parts counting apart: "Asia-Pacific Economic
    Cooperation" -> "APEC". None when fewer than two words count or a content word is lower case."""
    letters = []
    for word in _TOKEN_SPLIT.split(text):
        if not word:
            continue
        if word.lower() in _ACRONYM_SKIP:
            continue
        if word[0].isupper():
            letters.append(word[0])
        elif word[0].isdigit():
            return None
        else:
            return None
    return "".join(letters) if len(letters) >= 2 else None


def _strip_corp(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[-1] in _CORP_SUFFIXES:
        words.pop()
    return " ".join(words)

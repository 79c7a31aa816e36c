"""Who wrote a report: authors from bylines and sign-offs, the origin outlet from credit and copyright lines.

Every function here reads one short line (a byline, a credit, a copyright notice) and returns what it names, or
None. `origin_from_lines` weighs the credits of one document against each other.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# Well-known news organisations under the names and abbreviations they sign with. Used to normalise a credit
# ("NY Times", "AP", "Bloomberg L.P.") to one name, so that two copies of one wire story get the same origin.
_CANONICAL = {
    "Associated Press": ["ap", "the associated press", "associated press", "ap news"],
    "Reuters": ["reuters", "thomson reuters"],
    "Agence France-Presse": ["afp", "agence france-presse", "agence france presse", "agence france press"],
    "Bloomberg News": ["bloomberg", "bloomberg news", "bloomberg businessweek"],
    "The New York Times": ["nyt", "ny times", "new york times", "the new york times", "nytimes", "the ny times"],
    "The Washington Post": ["washington post", "the washington post", "wapo"],
    "The Wall Street Journal": ["wsj", "wall street journal", "the wall street journal"],
    "Los Angeles Times": ["los angeles times", "la times", "the los angeles times"],
    "The Guardian": ["the guardian", "guardian", "guardian news & media", "guardian news and media"],
    "BBC News": ["bbc", "bbc news", "bbc world service"],
    "CNN": ["cnn", "cable news network"],
    "Al Jazeera": ["al jazeera", "aljazeera", "al jazeera english", "al-jazeera"],
    "NPR": ["npr", "national public radio"],
    "Politico": ["politico"],
    "USA Today": ["usa today"],
    "Financial Times": ["financial times", "ft", "the financial times"],
    "The Hill": ["the hill"],
    "Axios": ["axios"],
    "Fox News": ["fox news"],
    "NBC News": ["nbc news"],
    "CBS News": ["cbs news"],
    "ABC News": ["abc news"],
    "United Press International": ["upi", "united press international"],
    "Deutsche Presse-Agentur": ["dpa", "deutsche presse-agentur"],
    "Xinhua": ["xinhua", "xinhua news agency"],
    "Kyodo News": ["kyodo", "kyodo news"],
    "Yonhap": ["yonhap", "yonhap news agency"],
    "PA Media": ["pa", "pa media", "press association", "the press association"],
    "The Canadian Press": ["the canadian press", "canadian press", "cp"],
    "Australian Associated Press": ["aap", "australian associated press"],
    "Press Trust of India": ["pti", "press trust of india"],
    "Tribune News Service": ["tribune news service", "tribune content agency"],
    "The Independent": ["the independent"],
    "The Telegraph": ["the telegraph", "the daily telegraph"],
    "The Atlantic": ["the atlantic"],
    "Newsweek": ["newsweek"],
    "HuffPost": ["huffpost", "huffington post", "the huffington post"],
    "Chicago Tribune": ["chicago tribune"],
    "The Boston Globe": ["boston globe", "the boston globe"],
    "Time": ["time magazine"],
}
_ALIASES = {alias: name for name, aliases in _CANONICAL.items() for alias in aliases}
# Agencies that sign a dateline: "LIMA, Peru (AP) —", "LONDON (Reuters) -".
_DATELINE_AGENCIES = {"AP", "Reuters", "AFP", "CNN", "UPI", "dpa", "Xinhua", "Bloomberg", "PA", "CP", "AAP", "PTI"}
_DOMAINS = {
    "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post", "wsj.com": "The Wall Street Journal",
    "latimes.com": "Los Angeles Times", "theguardian.com": "The Guardian", "bbc.co.uk": "BBC News", "bbc.com": "BBC News",
    "cnn.com": "CNN", "aljazeera.com": "Al Jazeera", "apnews.com": "Associated Press", "reuters.com": "Reuters",
    "bloomberg.com": "Bloomberg News", "npr.org": "NPR", "politico.com": "Politico", "usatoday.com": "USA Today",
    "ft.com": "Financial Times", "thehill.com": "The Hill", "axios.com": "Axios", "foxnews.com": "Fox News",
    "nbcnews.com": "NBC News", "cbsnews.com": "CBS News", "abcnews.go.com": "ABC News", "afp.com": "Agence France-Presse",
    "huffpost.com": "HuffPost", "huffingtonpost.com": "HuffPost", "independent.co.uk": "The Independent",
    "telegraph.co.uk": "The Telegraph", "theatlantic.com": "The Atlantic", "newsweek.com": "Newsweek",
    "chicagotribune.com": "Chicago Tribune", "bostonglobe.com": "The Boston Globe", "arcamax.com": "ArcaMax",
}

_LEGAL = re.compile(r"(?:,?\s+(?:Media Group|Media Company|Publishing(?: Company| Co\.?| Group)?|Holdings|"
                    r"Communications|Company|Newspapers|L\.?\s?P\.?|LLC|L\.?L\.?C\.?|Inc\.?|Ltd\.?|Limited|Corp\.?|Corporation|Co\.|PLC|plc|GmbH|AG|S\.A\.)"
                    r"|[\s,.;]+(?:all rights reserved|used (?:with|by) permission|visit \S+|distributed by .*))+\s*\.?$",
                    re.I)
_NAME_TOKEN = r"(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.(?:\s?[A-Z]\.)*|(?:de|da|van|von|der|del|la|le|bin|al|el|di|du)(?=\s)|Jr\.?|Sr\.?|II|III)"
_NAME = rf"[A-Z][a-zA-Z'’\-.]*(?:\s+{_NAME_TOKEN}){{0,4}}"
_NAME_RE = re.compile(rf"^{_NAME}$")
_NOT_NAMES = {"the", "a", "an", "staff", "editorial", "board", "news", "wire", "reports", "report", "editors", "editor",
              "reporter", "writer", "team", "desk", "agencies", "agency", "service", "services", "press", "media",
              "times", "post", "journal", "online", "digital", "contributor", "correspondent", "tribune", "herald",
              "gazette", "courier", "daily", "chronicle", "observer", "standard", "express", "mirror", "record",
              "review", "bulletin", "examiner", "inquirer", "independent", "globe", "weekly", "magazine", "radio",
              "tv", "network", "channel", "group", "correspondents", "writers", "reporters", "associated"}
_ORGISH = re.compile(r"\b(?:news|times|post|press|journal|herald|daily|tribune|gazette|courier|chronicle|observer|"
                     r"standard|reuters|agency|media|magazine|radio|tv|network|examiner|inquirer|globe|weekly)\b", re.I)


def canonical_outlet(name: str | None) -> str | None:
    """One name for an outlet: legal suffixes dropped, known abbreviations expanded ("NY Times" -> The New York Times)."""
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" \t,;:-–—·|()[]\"'“”‘’")
    # "Bloomberg L.P. Visit bloomberg.com" -> the first sentence
    name = re.split(r"(?<=\.)\s+(?=(?:Visit|All|Distributed|Used|Reprinted|Republished|Read|For|This|Published|"
                    r"Originally|Some|May|Any|No)\b)", name)[0]
    name = _LEGAL.sub("", name).strip(" .,;:")
    if not name or len(name) > 60:
        return None
    key = name.lower().replace("’", "'")
    if key in _ALIASES:
        return _ALIASES[key]
    if key.endswith(".com") or key.endswith(".org"):
        return _DOMAINS.get(key, name)
    return name


def known_outlet(name: str) -> str | None:
    """The canonical name when `name` is a known outlet or alias, else None."""
    key = re.sub(r"\s+", " ", name).strip(" .,;:").lower().replace("’", "'")
    return _ALIASES.get(key) or _DOMAINS.get(key)


def outlet_from_url(url: str | None) -> str | None:
    """The site a URL belongs to: a known name ("nytimes.com" -> The New York Times) or the bare host name."""
    if not url:
        return None
    try:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    host = re.sub(r"^(?:www\d?|m|mobile|amp|edition|news)\.", "", host)
    for domain, name in _DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


def clean_person(name: str) -> str | None:
    """A person's name as written in a byline, or None when it is not shaped like one."""
    name = re.sub(r"\s+", " ", name).strip(" ,;:.-–—·|")
    name = re.sub(r"^(?:by|written by|posted by|reporting by|words by|story by)\s+", "", name, flags=re.I)
    if not name or len(name) > 50 or not _NAME_RE.match(name):
        return None
    tokens = name.split()
    if tokens[0].lower() in _NOT_NAMES or any(t.lower() in _NOT_NAMES for t in tokens):
        return None
    if known_outlet(name):
        return None
    if name.isupper() and len(tokens) > 1:
        name = " ".join(t.capitalize() for t in tokens)
    return name


def split_people(text: str) -> list[str]:
    """ "Jane Doe and John Roe" / "Jane Doe, John Roe & Ann Poe" -> the names that look like names."""
    parts = re.split(r"\s*(?:,|;|\band\b|&)\s*", text)
    return [p for p in (clean_person(x) for x in parts) if p]


# ---------------------------------------------------------------- line readers

# "By Jane Doe", "By Jane Doe and John Roe, Reuters", "by · NY Times", "BY JANE DOE | The Herald"
_BYLINE = re.compile(r"^(?:by|written by|posted by|story by|words by)\b[\s:·•|,-]*(?P<rest>.*)$", re.I)
# "Jenny Leonard, Bloomberg News on", "Jane Doe | Reuters", "Jane Doe - The Herald"
_NAME_ORG = re.compile(rf"^(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s*(?:,|\||–|—|-|·)\s*"
                       r"(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&'’\-]*){0,5})"
                       r"(?:\s+(?:on|at|in))?\s*$")
_WRITES_FOR = re.compile(rf"^(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s+(?:writes|reports|write|report)"
                         r"\s+for\s+(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_IS_A_WRITER = re.compile(rf"^(?P<names>{_NAME})\s+is\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}"
                          r"(?:writer|reporter|correspondent|editor|columnist|journalist|producer)\s+(?:for|at|with)\s+"
                          r"(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_REPORTING_BY = re.compile(r"^\(?\s*(?:additional\s+)?reporting\s+by\s+(?P<names>[^;)]*)", re.I)
_ORIGINALLY = re.compile(r"\b(?:originally|first)\s+(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\s+"
                         r"(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_ORG = r"(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})"
_VERSION_IN = re.compile(r"^(?i:a version of this (?:article|story|report|piece) (?:appeared|was published|ran))\b"
                         r"(?:.*\bedition of\s+|[^.]*?\bin\s+)" + _ORG)
_REPUBLISHED = re.compile(r"\b(?:republished|reprinted|reproduced)\s+(?:with\s+permission\s+)?(?:from|courtesy of)\s+"
                          r"(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_COPYRIGHT = re.compile(r"(?:©|\((?i:c)\)|\b(?i:copyright)\b)\s*(?:©|\((?i:c)\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?"
                        r"\s*[,.]?\s*(?:(?i:by)\s+)?"
                        r"(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’\-]*(?:\s+(?:of\s+)?[A-Z][\w.&'’\-]*){0,5}"
                        r"(?:,?\s+(?:L\.P\.|LLC|Inc\.|Ltd\.?))?)")
_IMAGE_WORDS = re.compile(r"\b(?:image|photo|photograph|picture|media|video|caption|illustration)s?\b", re.I)
_DISTRIBUTED = re.compile(r"\b(?i:distributed\s+by)\s+(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_PHOTO_CREDIT = re.compile(r"(?:^credit\W*|[\[(])\s*(?P<person>[A-Z][^/\[\]()]{1,40})/\s*(?P<org>[A-Z][^/\[\]()]{1,40}?)"
                           r"\s*(?:,\s*file)?\s*(?:[\])]|$)", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’\-]{1,40}(?:,\s*[A-Z][\w. ]{1,30})?\s*\((?P<org>[A-Za-z]{2,12})\)\s*[-–—:]")
_CONTRIBUTED = re.compile(r"\b(?P<org>(?:the\s+)?(?:[A-Z][\w.&'’\-]*\s+){0,4}[A-Z][\w.&'’\-]*)\s+(?:writer|reporter|"
                          r"correspondent)s?\b[^.]{0,80}\bcontributed\b")
_CONTRIBUTED_ORG = re.compile(r"^(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,4})\s+contributed\s+to\s+"
                              r"(?:this|the)\s+(?:report|story|article)", re.I)


_NICKNAME = re.compile(r"(?<=[a-z.])\s+[\"“][A-Z][^\"“”]{0,30}[\"”](?=\s+[A-Z])")


def byline(line: str) -> tuple[list[str], str | None] | None:
    """(authors, outlet) when `line` is a byline, else None."""
    line = _NICKNAME.sub("", line.strip())  # 'By Amanda "Tania Mae" Tan': the nickname is not a name part
    if len(line) > 120:
        return None
    m = _BYLINE.match(line)
    if m:
        rest = m.group("rest").strip()
        org = None
        pieces = re.split(r"\s*(?:\||·|•|—|–|\s-\s)\s*|,\s*(?=(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*)*\s*$)",
                          rest)
        names: list[str] = []
        for piece in pieces:
            if not piece:
                continue
            known = known_outlet(piece)
            if known or _ORGISH.search(piece) and not split_people(piece):
                org = org or known or canonical_outlet(piece)
                continue
            people = split_people(piece)
            if people:
                names.extend(people)
            elif not names and org is None and piece[:1].isupper():
                continue
        if names or org:
            return names, org
        return None
    m = _NAME_ORG.match(line)
    if m:
        org = m.group("org")
        names = split_people(m.group("names"))
        if names and (known_outlet(org) or _ORGISH.search(org)):
            return names, canonical_outlet(org)
    return None


def writes_for(line: str) -> tuple[list[str], str] | None:
    """ "Madhani writes for the Associated Press." -> (["Madhani"], "Associated Press")."""
    m = _WRITES_FOR.match(line.strip()) or _IS_A_WRITER.match(line.strip())
    if not m:
        return None
    org = canonical_outlet(m.group("org"))
    return (split_people(m.group("names")), org) if org else None


_SIGN_OFF = re.compile(r"^[-–—]{1,2}\s*(?P<name>[A-Z][\w.'’\- ]{2,40})$")


def sign_off(line: str) -> list[str]:
    """ "— Kenneth Chang" / "-- George Rede" under an article -> ["Kenneth Chang"]."""
    m = _SIGN_OFF.match(line.strip())
    return split_people(m.group("name")) if m else []


def reporting_by(line: str) -> list[str]:
    """ "Reporting by Jane Doe in London; Editing by John Roe" -> ["Jane Doe"]."""
    m = _REPORTING_BY.match(line.strip())
    if not m:
        return []
    names = re.sub(r"\s+in\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*", "", m.group("names").strip())
    return [n for n in split_people(names) if len(n.split()) >= 2]  # wire sign-offs give full names


def origin_credit(line: str) -> tuple[int, str] | None:
    """(strength, outlet) when `line` credits the outlet that wrote the report; higher strength wins."""
    line = line.strip()
    for strength, pattern in ((6, _ORIGINALLY), (6, _REPUBLISHED), (6, _VERSION_IN)):
        m = pattern.search(line)
        if m and (org := canonical_outlet(m.group("org"))):
            return strength, org
    wf = writes_for(line)
    if wf:
        return 5, wf[1]
    m = _COPYRIGHT.search(line)
    if m and len(line) < 300 and not _IMAGE_WORDS.search(line[:m.start() + 1]):
        org = canonical_outlet(m.group("org"))
        if org and org.lower() not in {"all", "the", "copyright", "photo", "image"}:
            return 4, org
    m = _CONTRIBUTED_ORG.match(line)
    if m and (org := known_outlet(m.group("org"))):
        return 2, org
    m = _CONTRIBUTED.search(line)
    if m and (org := known_outlet(m.group("org"))):
        return 2, org
    m = _DISTRIBUTED.search(line)
    if m and (org := canonical_outlet(m.group("org"))):
        return 1, org
    return None


def dateline_agency(paragraph: str) -> str | None:
    """ "LIMA, Peru (AP) — ..." -> "Associated Press"."""
    m = _DATELINE.match(paragraph.strip())
    if m and m.group("org") in _DATELINE_AGENCIES | {a.upper() for a in _DATELINE_AGENCIES}:
        return canonical_outlet(m.group("org"))
    return None


def photo_credit(line: str) -> str | None:
    """ "Credit...Eric Lee/The New York Times" or "... [Leah Millis/Reuters]" -> the agency credited."""
    m = _PHOTO_CREDIT.search(line.strip())
    if not m:
        return None
    return known_outlet(m.group("org"))  # a news outlet; photo agencies (Getty Images, EPA) write no text

"""Who wrote a report: authors from bylines and sign-offs, the origin outlet from credit and copyright lines.

Every function here reads one short line (a byline, a credit, a copyright notice) and returns what it names, or
None. `origin_from_lines` weighs the credits of one document against each other.
"""
from __future__ import annotations

import re

from storyweave import outlets

_LEGAL = re.compile(r"(?:,?\s+(?:Media Group|Media Company|Publishing(?: Company| Co\.?| Group)?|Holdings|"
                    r"Communications|Company|Newspapers|L\.?\s?P\.?|LLC|L\.?L\.?C\.?|Inc\.?|Ltd\.?|Limited|Corp\.?|"
                    r"Corporation|Co\.|PLC|plc|GmbH|AG|S\.A\.)"
                    r"|[\s,.;]+(?:all rights reserved|used (?:with|by) permission|visit \S+|distributed by .*))+"
                    r"\s*\.?$",
                    re.I)
_NAME_TOKEN = (r"(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.(?:\s?[A-Z]\.)*|(?:de|da|van|von|der|del|la|le|bin|al|el|di|du)(?=\s)"
               r"|Jr\.?|Sr\.?|II|III)")
_NAME = rf"[A-Z][a-zA-Z'’\-.]*(?:\s+{_NAME_TOKEN}){{0,4}}"
_NAME_RE = re.compile(rf"^{_NAME}$")
_NOT_NAMES = {"the", "a", "an", "staff", "editorial", "board", "news", "wire", "reports", "report", "editors", "editor",
              "reporter", "writer", "team", "desk", "agencies", "agency", "service", "services", "press", "media",
              "times", "post", "journal", "online", "digital", "contributor", "correspondent", "tribune", "herald",
              "gazette", "courier", "daily", "chronicle", "observer", "standard", "express", "mirror", "record",
              "review", "bulletin", "examiner", "inquirer", "independent", "globe", "weekly", "magazine", "radio",
              "tv", "network", "channel", "group", "correspondents", "writers", "reporters", "associated"}
_ORGISH = re.compile(r"\b(?:news|times|post|press|journal|herald|daily|tribune|gazette|courier|chronicle|observer|"
                     r"standard|agency|media|magazine|radio|tv|network|examiner|inquirer|globe|weekly)\b", re.I)


def canonical_outlet(name: str | None) -> str | None:
    """One name for an outlet: legal suffixes dropped, known names and abbreviations read from the outlet table
    ("NY Times" -> The New York Times, "bloomberg.com" -> Bloomberg News); an unknown name as written."""
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" \t,;:-–—·|()[]\"'“”‘’")
    # "Bloomberg L.P. Visit bloomberg.com" -> the first sentence
    name = re.split(r"(?<=\.)\s+(?=(?:Visit|All|Distributed|Used|Reprinted|Republished|Read|For|This|Published|"
                    r"Originally|Some|May|Any|No)\b)", name)[0]
    name = _LEGAL.sub("", name).strip(" .,;:")
    if not name or len(name) > 60:
        return None
    return outlets.display(name)


def known_outlet(name: str) -> str | None:
    """The table's name when `name` is a known outlet, alias or domain, else None."""
    found = outlets.lookup(re.sub(r"\s+", " ", name).strip(" .,;:"))
    return found.name if found else None


def is_wire(name: str | None) -> bool:
    """True when `name` is a wire of the outlet table (an agency whose copy and photos others run)."""
    found = outlets.lookup(name) if name else None
    return bool(found and found.wire)


def outlet_from_url(url: str | None) -> str | None:
    """The site a URL belongs to: a known name ("nytimes.com" -> The New York Times) or its registrable domain."""
    host = outlets.host_of(url)
    if not host:
        return None
    found = outlets.from_host(host)
    return found.name if found else outlets.registered_domain(host)


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
# "Jane Doe, Reuters on Nov. 15, 2024" (the date may be cut off), "Jane Doe | Reuters", "Jane Doe - The Herald"
_NAME_ORG = re.compile(rf"^(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s*(?:,|\||–|—|-|·)\s*"
                       r"(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.&'’\-]*){0,5})"
                       r"(?:\s+(?:on|at|in|updated|published)\b[\w,:./ ]{0,40})?\s*$")  # "..., Reuters on <date>"
_WRITES_FOR = re.compile(rf"^(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s+(?:writes|reports|write|report)"
                         r"\s+for\s+(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_IS_A_WRITER = re.compile(rf"^(?P<names>{_NAME})\s+is\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}"
                          r"(?:writer|reporter|correspondent|editor|columnist|journalist|producer)\s+(?:for|at|with)\s+"
                          r"(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_REPORTING_BY = re.compile(r"^\(?\s*(?:additional\s+)?reporting\s+by\s+(?P<names>[^;)]*)", re.I)
_ORIGINALLY = re.compile(r"(?<!\bnot\s)\b(?i:originally|first)\s+(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\s+"
                         r"(?:the\s+[^;]{0,40}?\b(?:issue|edition)s?\s+of\s+)?"
                         r"(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_ORG = r"(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})"
_VERSION_IN = re.compile(r"^(?i:a version of this (?:article|story|report|piece) (?:appeared|was published|ran))\b"
                         r"(?:.*\bedition of\s+|[^.]*?\bin\s+)" + _ORG)
_REPUBLISHED = re.compile(r"\b(?:republished|reprinted|reproduced)\s+(?:with\s+permission\s+)?(?:from|courtesy of)\s+"
                          r"(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_COPYRIGHT = re.compile(r"(?:©|\((?i:c)\)|\b(?i:copyright)\b)(?:\s*(?:©|\((?i:c)\)|\b(?i:copyright)\b))*\s*"
                        r"(?:\d{4}(?:\s*[-–]\s*\d{4})?)?"
                        r"\s*[,.]?\s*(?:(?i:by)\s+)?"
                        r"(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’\-]*(?:\s+(?:of\s+)?[A-Z][\w.&'’\-]*){0,5}"
                        r"(?:,?\s+(?:L\.P\.|LLC|Inc\.|Ltd\.?))?)")
_IMAGE_WORDS = re.compile(r"\b(?:image|photo|photograph|picture|media|video|caption|illustration)s?\b", re.I)
_DISTRIBUTED = re.compile(r"\b(?i:distributed\s+by)\s+(?P<org>(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,5})")
_PHOTO_CREDIT = re.compile(r"(?:^credit\W*|[\[(])\s*(?P<person>[A-Z][^/\[\]()]{1,40})/\s*"
                           r"(?P<org>[A-Z][^/\[\]()]{1,40}?)"
                           r"\s*(?:,\s*file)?\s*(?:[\])]|$)", re.I)
# A dateline: the place (capitalised words, several places joined by "/"), an optional state or country and date,
# then the agency in any bracket ("LIMA, Peru (AP) —", "Seoul (CNN)", "QUEBEC CITY/TORONTO (Reuters) -",
# "CHICAGO, Jan 6 (Reuters) -", "LONDON [AFP] -") or between slashes ("KIEV, April 7. /ITAR-TASS/.").
_PLACE_WORD = r"(?:[A-Z][\w'’.\-]*|d[eo]s?|de la|del|el|al|la|le|of|upon|on)"
_PLACE = rf"[A-Z][\w'’.\-]*(?:[ /]{_PLACE_WORD}){{0,4}}"
_DATE_BIT = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)"
_DATELINE_HEAD = rf"(?P<place>{_PLACE}(?:,\s*{_PLACE}){{0,2}})?(?:,?\s*{_DATE_BIT})?\.?\s*"
_DATELINE_BRACKET = re.compile(rf"^{_DATELINE_HEAD}(?:--|[-–—])?[(\[{{]\s*(?P<org>[A-Za-z][\w.&'’/\- ]{{0,40}}?)"
                               r"\s*[)\]}]"
                               r"\s*(?P<tail>--|[-–—:|]|(?=[A-Z\"“‘']))")
_DATELINE_SLASH = re.compile(rf"^{_DATELINE_HEAD}/\s*(?P<org>[A-Za-z][\w.&'’\- ]{{0,30}}?)\s*/\s*[.:,\-–—]?\s+"
                             r"(?=[A-Z\"“‘'])")
# an outlet not in the table signs a dateline only in a compact shape: a call sign or acronym ("WOOD", "KREM-TV",
# "KPIX 5", "CBS SF"), a run-together brand ("CBSMiami") or a domain ("CBSLA.com"); two joined by "/"
_SIGN = (r"(?:[A-Z][A-Z0-9&\-]{2,11}(?:\s[A-Z0-9]{1,3})?|[A-Z]{2,}[a-z][A-Za-z]{2,12}"
         r"|[A-Za-z][\w\-]{1,20}\.(?:com|net|org|tv))")
_UNKNOWN_SIGN = re.compile(rf"{_SIGN}(?:\s*/\s*{_SIGN})?")
_CONTRIB_ROLE = r"(?i:(?:staff\s+|senior\s+|national\s+|diplomatic\s+|video\s+|special\s+)?(?:writers?|reporters?|" \
                r"correspondents?|journalists?|photographers?|researchers?|producers?|editors?))"
# "Associated Press writer Jill Colvin in Washington contributed to this report", "CNN's Joe Sterling contributed",
# "The Associated Press contributed to this report", "ABC News' Aaron Katersky contributed to this report."
_CONTRIBUTED = re.compile(rf"(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z0-9][\w.&'’\-]*){{0,5}}?)"
                          rf"(?:\s+(?:[a-z]+\s+)?{_CONTRIB_ROLE}\b|['’]s?(?=\s))"
                          r"(?:[^.;]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.){0,160}?\bcontributed\b")
_CONTRIBUTED_ORG = re.compile(r"^[\s\-–—]*(?P<org>(?:[Tt]he\s+)?[A-Z][\w.&'’\-]*(?:\s+(?:and\s+|&\s+)?[A-Z0-9]"
                              r"[\w.&'’\-]*){0,4})\s+(?i:(?:also\s+)?contributed\s+(?:to\s+)?(?:this|the)\s+"
                              r"(?:report|story|article))")
# a wire's house sign-off: "(Writing by Deepa Babington; Editing by Tim Pearce)", "(Reporting by Nick Macfie)"
_EDITING_CREDIT = re.compile(r"(?:^|(?<=[.!?”\"]\s))\(\s*(?:(?:additional\s+)?reporting|writing|editing|compiled|"
                             r"edited)\s+by\s+[A-Z][^()]{2,300}(?:\)\s*$|$)", re.I)
# the agency's own people named inside the report: "a Reuters witness said", "an AFP correspondent saw"
_OWN_WITNESS = re.compile(r"\b(?:a|an)\s+(?P<org>[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,2})\s+"
                          r"(?:witness|reporter|photographer|correspondent|cameraman|journalist|team)\b"
                          r"(?=[^.]{0,60}\b(?:said|saw|reported|counted|heard|witnessed|observed|was told)\b)")


_NICKNAME = re.compile(r"(?<=[a-z.])\s+[\"“][A-Z][^\"“”]{0,30}[\"”](?=\s+[A-Z])")


_ROLE_TAIL = re.compile(r"^(?P<head>.+?)(?:\s+[\w-]+){0,3}\s+(?i:correspondent|reporter|editor|writer|columnist)$")


def _outlet_of_role(piece: str) -> str | None:
    """ "BBC Home Affairs correspondent" -> "BBC News": the known outlet at the head of a job title."""
    m = _ROLE_TAIL.match(piece.strip())
    if not m:
        return None
    words = piece.split()
    for cut in range(min(len(words) - 1, 4), 0, -1):
        found = outlets.from_name(" ".join(words[:cut]))
        if found:
            return found.name
    return None


def byline(line: str) -> tuple[list[str], str | None] | None:
    """(authors, outlet) when `line` is a byline, else None."""
    line = _NICKNAME.sub("", line.strip())  # 'By Amanda "Tania Mae" Tan': the nickname is not a name part
    if len(line) > 120:
        return None
    m = _BYLINE.match(line)
    if m:
        rest = m.group("rest").strip()
        org = None
        pieces = re.split(r"\s*(?:\||·|•|—|–|\s-\s)\s*|,\s*(?=(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*)*\s*$)"
                          r"|,\s*(?=[A-Z][^,]*\s(?i:correspondent|reporter|editor|writer|columnist)\s*$)", rest)
        names: list[str] = []
        for piece in pieces:
            if not piece:
                continue
            known = known_outlet(piece) or _outlet_of_role(piece)
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
        person = re.search(r"^[^,]*\b(?:Jr|Sr|II|III|IV)\b\.?|,\s*(?:M\.?D|Ph\.?D)\b", line[m.start("org"):])
        if org and org.lower() not in {"all", "the", "copyright", "photo", "image"} and not person:
            return 4, org  # (a holder with a personal suffix, "Eben Alexander III, M.D.", is an author's own)
    org = contributor(line)
    if org:
        return 2, org
    m = _DISTRIBUTED.search(line)
    if m and (org := canonical_outlet(m.group("org"))):
        return 1, org
    return None


def contributor(line: str) -> str | None:
    """ "Associated Press writer Jill Colvin contributed to this report." -> "Associated Press": the one known outlet
    a contributor line names (none when it names two: "CNN and WATE-TV contributed")."""
    line = line.strip()
    if "contributed" not in line or len(line) > 300:
        return None
    m = _CONTRIBUTED_ORG.match(line)
    if m:
        head = re.split(r"\s+(?:and|&)\s+|,\s*", m.group("org"))
        found = {o.name for o in map(outlets.from_name, head) if o}
        if found:
            return found.pop() if len(found) == 1 and len(head) == 1 else None
    for m in _CONTRIBUTED.finditer(line):
        words = m.group("org").split()
        # the longest known run of words: "Josh Funk Associated Press writer", "ESPN Saints reporter"
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size, -1, -1):
                known = outlets.from_name(" ".join(words[start:start + size]))
                if known:
                    return known.name
    m = re.search(r"\b(?:and|&)\s+(?:the\s+)?(?P<org>[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,3})\s+contributed\b",
                  line)
    if m and (known := outlets.from_name(m.group("org"))):  # "Gerard McNiff and the Associated Press contributed"
        return known.name
    return None


def editing_credit(line: str) -> list[str]:
    """The outlets that sign with a parenthesised writing/editing credit ("(Writing by ...; Editing by ...)")
    when `line` is one; empty otherwise. Read from the styles column of the outlet table."""
    if not _EDITING_CREDIT.search(line.strip()):  # alone on its line or closing the last paragraph
        return []
    return [o.name for o in outlets.with_style("editing-credit")]


def own_witness(text: str) -> str | None:
    """ "..., a Reuters witness said." -> "Reuters": a wire whose own witness or reporter the report cites."""
    for m in _OWN_WITNESS.finditer(text):
        found = outlets.from_name(m.group("org"))
        if found and found.wire:  # "a CNN reporter" is also how others cite CNN; a wire's own witness is its copy
            return found.name
    return None


def _looks_like_place(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z.'’\- ]+(?:/[A-Z][A-Z.'’\- ]+)*", text.strip()))


def dateline_agency(paragraph: str) -> str | None:
    """ "LIMA, Peru (AP) — ..." -> "Associated Press"; "Seoul (CNN) --" -> "CNN"; "KIEV, April 7. /ITAR-TASS/." ->
    "TASS". A known outlet signs in any bracket after any place (or none); an unknown one only in the classic shape,
    an upper-case place and a dash ("PITTSBURGH (KDKA) —")."""
    text = paragraph.strip()[:300]
    for pattern in (_DATELINE_BRACKET, _DATELINE_SLASH):
        m = pattern.match(text)
        if not m:
            continue
        org = m.group("org").strip()
        found = outlets.from_name(org)
        if found:
            return found.name
        tail = m.groupdict().get("tail") or ""
        place = (m.group("place") or "").split(",")[0]
        if place and _looks_like_place(place) and tail in ("--", "-", "–", "—") and _UNKNOWN_SIGN.fullmatch(org):
            first = re.split(r"\s*/\s*", org)[0]  # "(WXII/WNCN)": the first of two stations
            return outlets.display(first)
    return None


def photo_credit(line: str) -> str | None:
    """ "Credit...Eric Lee/The New York Times" or "... [Leah Millis/Reuters]" -> the agency credited."""
    m = _PHOTO_CREDIT.search(line.strip())
    if not m:
        return None
    found = outlets.from_name(m.group("org"))
    # an outlet's own photographer; a wire's photo (Getty Images, EPA, "Seth Wenig/AP") runs in everyone's report
    return found.name if found and not found.wire else None

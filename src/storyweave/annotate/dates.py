"""Date expressions in a report, typed and, when the publication date is known, resolved to calendar days.

find_dates(body, doc_id, published, sdoc) -> list[DateMention]

Found with regular expressions (cheap and predictable on news prose): full dates ("16 November 2024",
"Nov. 15, 2024", "2024-11-15"), month-days ("Oct. 1", "January 20th"), months of a year ("Aug. 2023"), weekdays
("on Friday", "last Thursday"), relative words ("yesterday", "last week", "earlier this week", "three days ago") and
offsets from another date in the text ("a day ahead of X" after "Friday's meeting", "the next day").
Each mention carries a typed `expr` (grammar in model.DateMention); `date` is filled when `published` resolves it.
News convention: a bare weekday is the most recent such day on or before publication, unless the verb that governs
it is in the future ("is scheduled to leave on Sunday"); a month-day without a year takes the year nearest
publication (or the next/previous occurrence when the tense says so).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from storyweave.dateexpr import MONTHS, WEEKDAYS, month_regex, parse_iso, precision_of, resolve, safe_date
from storyweave.model import DateMention

_MONTH = month_regex(title=True)  # "January", "Jan", "Sept" (case-sensitive: the patterns below have no re.I)
_MONTH_ABBR = month_regex(names=False, title=True) + r"\."  # "Jan.", "Sept."
_M = rf"(?P<month>{_MONTH_ABBR}|{_MONTH}\b)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUM_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "several": None, "few": None}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"(?:\b(?:on|by|until|since|from|before|after)\s+)?{_M}\s+{_DAY}\b(?![:\d])"
                       rf"(?:,?\s+{_YEAR}\b)?")),
    ("dmy", re.compile(rf"(?:\b(?:on|by|until|since|from|before|after)\s+)?\b{_DAY}\s+(?:of\s+)?{_M}"
                       rf"(?:,?\s+{_YEAR}\b)?")),
    ("my", re.compile(rf"{_M},?\s+{_YEAR}\b")),
    ("weekday", re.compile(r"(?:\b(?P<mod>(?i:on|last|next|this|this past|this coming|late|early|later|earlier|"
                           r"until|by|since|before|after))\s+)?\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|"
                           r"Saturday|Sunday)(?!s\b)\b")),
    ("relday", re.compile(r"\b(?P<w>yesterday|today|tomorrow|tonight|last night|this morning|this afternoon|"
                          r"this evening|earlier today|later today)\b", re.I)),
    ("relperiod", re.compile(r"\b(?P<mod>last|this|next|earlier this|later this|early this|late last|earlier last|"
                             r"previous|past|coming)\s+(?P<period>week|month|year)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                       r"(?P<period>days?|weeks?)\s+ago\b", re.I)),
    ("relative_to", re.compile(r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                               r"(?P<period>days?|weeks?)\s+(?P<dir>ahead of|before|after|prior to|"
                               r"earlier than|later than|following)\b", re.I)),
    ("sequel", re.compile(r"\b(?P<w>the next day|the following day|the day after|the day before|the previous day|"
                          r"a day later|a day earlier|(?:two|three|four|five|\d) days (?:later|earlier))\b", re.I)),
    ("year", re.compile(r"\b(?:(?i:in|since|during|until|by|through|of|from)\s+(?P<year>(?:19|20)\d\d)\b(?![-/]\d)"
                        r"|(?i:the)\s+(?P<year2>(?:19|20)\d\d)(?=\s+[a-z]{3,}))")),
]
_PRIORITY = {name: i for i, (name, _) in enumerate(_PATTERNS)}

_FUTURE_VERBS = {"schedule", "expect", "plan", "set", "slate", "due", "intend", "prepare", "aim"}
_FUTURE_AUX = {"will", "'ll", "shall", "wo"}
_FUTURE_RE = re.compile(r"\b(will|'ll|shall|scheduled to|expected to|due to|set to|slated to|plans? to|planning to|"
                        r"is to|are to|going to)\b", re.I)
_SENT_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'\u201d\u2019)]*|\n|$)")


# ---------------------------------------------------------------- resolution


def _iso(d: dt.date) -> str:
    return d.isoformat()


# ---------------------------------------------------------------- finding


def _month_num(text: str) -> int:
    return MONTHS[text.strip(". ").lower()[:3]]


def _count(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    return _NUM_WORDS.get(w)


def _sentences(body: str, sdoc: Any) -> list[tuple[int, int]]:
    if sdoc is not None:
        return [(s.start_char, s.end_char) for s in sdoc.sents]
    return [(m.start(), m.end()) for m in _SENT_RE.finditer(body) if m.group(0).strip()]


def _governing_tense(sdoc: Any, start: int, end: int, sentence: str, offset_in_sentence: int) -> str | None:
    """"future" / "past" / None for the verb that governs the date at [start, end)."""
    prefix = sentence[max(0, offset_in_sentence - 12):offset_in_sentence].lower()
    if re.search(r"\b(next|later|coming|upcoming|until)\s*$", prefix):
        return "future"
    if sdoc is None:
        return "future" if _FUTURE_RE.search(sentence[:offset_in_sentence + 1]) else None
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    tok = span.root
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    verb = tok
    for _ in range(3):
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxes & _FUTURE_AUX:
            return "future"
        if verb.lemma_.lower() in _FUTURE_VERBS and verb.tag_ == "VBN" and verb.dep_ != "amod" \
                and any(c.dep_ == "xcomp" for c in verb.children):
            return "future"
        if verb.tag_ == "VBG" and auxes & {"is", "are", "'s", "'re"} and verb.lemma_.lower() in ("go",):
            return "future"
        if verb.dep_ in ("xcomp",) and verb.head.i != verb.i:
            verb = verb.head
            continue
        break
    if tok.tag_ == "VBD" or (tok.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had") for c in tok.children)):
        return "past"
    return None


def find_dates(body: str, doc_id: str, published: str | None = None, sdoc: Any = None) -> list[DateMention]:
    """Date expressions in `body`, each typed (`expr`) and resolved against `published` when it is known."""
    if not body:
        return []
    ref = parse_iso(published)
    sents = _sentences(body, sdoc)
    starts = [s for s, _ in sents]

    def sentence_of(pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(starts, pos) - 1
        if 0 <= k < len(sents) and sents[k][0] <= pos < max(sents[k][1], sents[k][0] + 1):
            return sents[k]
        return (pos, pos)

    # collect candidate spans, best pattern first, no overlaps
    raw: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pat in _PATTERNS:
        for m in pat.finditer(body):
            if name == "relday" and (m.group(0).isupper() or body[m.end():m.end() + 2] in ("'s", "\u2019s")):
                continue  # "USA TODAY", "today's world": a name or "nowadays", not a day
            raw.append((m.start(), m.end(), name, m))
    raw.sort(key=lambda r: (r[0], _PRIORITY[r[2]], -(r[1] - r[0])))
    chosen: list[tuple[int, int, str, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    for item in sorted(raw, key=lambda r: (_PRIORITY[r[2]], r[0])):
        s, e = item[0], item[1]
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        chosen.append(item)
    chosen.sort(key=lambda r: r[0])

    out: list[DateMention] = []
    for s, e, name, m in chosen:
        ss, se = sentence_of(s)
        sentence = body[ss:se]
        expr, about = _expr(name, m, body, sdoc, sentence, s - ss, s, e, out, ss)
        if expr is None:
            continue
        day, _ = resolve(expr, ref)
        precision = precision_of(expr)
        text = body[s:e]
        out.append(DateMention(doc_id=doc_id, text=text, date=_iso(day) if day else None, start=s, end=e,
                               sentence=sentence.strip(), expr=expr, precision=precision, about=about,
                               sentence_start=ss, sentence_end=se))
    return out


def _expr(name: str, m: re.Match[str], body: str, sdoc: Any, sentence: str, off: int, s: int, e: int,
          earlier: list[DateMention], sent_start: int) -> tuple[str | None, str]:
    g = m.groupdict()
    if name == "iso":
        d = safe_date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        return (f"abs:{d.isoformat()}" if d else None), ""
    if name in ("mdy", "dmy"):
        month = _month_num(g["month"])
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None, ""
        if g.get("year"):
            d = safe_date(int(g["year"]), month, day)
            return (f"abs:{d.isoformat()}" if d else None), ""
        if safe_date(2024, month, day) is None:  # 2024 is a leap year: every real month-day exists in it
            return None, ""
        tense = _governing_tense(sdoc, s, e, sentence, off)
        suffix = f":{tense}" if tense else ""
        return f"monthday:{month:02d}-{day:02d}{suffix}", ""
    if name == "my":
        return f"month:{int(g['year']):04d}-{_month_num(g['month']):02d}", ""
    if name == "year":  # "in 2012", "In 2012,", "the 2016 campaign"
        return f"year:{int(g['year'] or g['year2'])}", ""
    if name == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        mod = (g.get("mod") or "").lower()
        if mod == "last" or mod == "this past":
            mode = "last"
        elif mod == "next":
            mode = "next"
        elif mod in ("this coming", "later"):
            mode = "future"
        else:
            tense = _governing_tense(sdoc, m.start("wd"), m.end("wd"), sentence, off + (m.start("wd") - s))
            mode = "future" if tense == "future" else "past"
        return (f"weekday:{wd}" if mode == "past" else f"weekday:{wd}:{mode}"), ""
    if name == "relday":
        w = g["w"].lower()
        n = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(w, 0)
        return f"rel:{n}:day", ""
    if name == "relperiod":
        mod = g["mod"].lower()
        period = g["period"].lower()
        n = {"last": -1, "late last": -1, "earlier last": -1, "previous": -1, "past": -1, "next": 1,
             "coming": 1}.get(mod, 0)
        return f"rel:{n}:{period}", ""
    if name == "ago":
        count = _count(g["n"])
        if count is None:
            return None, ""
        days = count * (7 if g["period"].lower().startswith("week") else 1)
        return f"rel:{-days}:day", ""
    if name in ("relative_to", "sequel"):
        return _offset_expr(name, g, body, s, e, earlier, sent_start, sentence)
    return None, ""


def _offset_expr(name: str, g: dict[str, str], body: str, s: int, e: int, earlier: list[DateMention],
                 sent_start: int, sentence: str) -> tuple[str | None, str]:
    """"a day ahead of X" / "the next day": days from another date mention (the anchor) in the text."""
    if name == "relative_to":
        count = _count(g["n"])
        if count is None:
            return None, ""
        days = count * (7 if g["period"].lower().startswith("week") else 1)
        direction = g["dir"].lower()
        # "A took place a day ahead of B": B = A + 1; "A came a day after B": B = A - 1
        sign = 1 if direction in ("ahead of", "before", "prior to", "earlier than") else -1
        anchors = [d for d in earlier if d.sentence_start == sent_start and d.expr
                   and not d.expr.startswith(("offset", "rel:")) and d.precision == "day"]
        about = _about(body, e, sent_start + len(sentence))
    else:
        w = g["w"].lower()
        n = 1 if w.split()[0] in ("the", "a") else (_count(w.split()[0]) or 1)
        sign = 1 if any(k in w for k in ("next", "following", "after", "later")) else -1
        days = n
        anchors = [d for d in earlier if d.expr and not d.expr.startswith("offset") and d.precision == "day"
                   and d.start >= sent_start - 600]
        about = ""
    if not anchors:
        return None, ""
    anchor = anchors[-1]
    inner = anchor.expr
    if inner is None:
        return None, ""
    return f"offset:{sign * days:+d}:{inner}", about


def _about(body: str, start: int, sent_end: int) -> str:
    """The thing a relational date is about: "a day ahead of (Biden's planned bilateral with Xi), where ..."."""
    tail = body[start:sent_end].strip()
    cut = re.split(r",|;|\s[\u2014\u2013-]\s|\.\s|\.$", tail, maxsplit=1)[0]
    words = cut.split()
    return " ".join(words[:20]).strip(" .,;") if words else ""

"""Split a plain-text report into the article body and the clutter around and inside it.

How it works (no rule names an outlet or a sample's exact words):

1. The text is cut into units: one unit per line, hard-wrapped lines joined back into their paragraph. Units
   remember the blank-line block they came from (a caption and its credit line share one block).
2. Each unit gets a shape and a score. Prose (ends with terminal punctuation, has function words) scores its word
   count; short lines without a final stop (headlines, labels, menus, names) score a small negative number; lines
   that a generic pattern marks as clutter (credits, copyright, bylines, widgets, "Related ...", captions) score
   clutter_score (-20; settings.CleanSettings holds every such number) and are always dropped; bylines and photo
   credits are barriers the body never crosses.
3. The body is the run of units with the highest total score (maximum-sum segment, as in Finn et al.'s Body Text
   Extraction), so menus and headers before it and link lists, comments and footers after it fall away. Prose
   after a footer marker (copyright line, "... contributed to this report", a comment widget) counts for less, so
   a long comment thread does not win over the article.
4. Inside the body, clutter units, repeated lines, one- and two-word labels and runs of three or more short lines
   (link lists) are dropped too. Single short lines (subheadings) and short prose (one-sentence or quote-only
   paragraphs) stay.

Everything dropped is kept, in order, with its block structure, so nothing is lost silently.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from storyweave import outlets, textutil
from storyweave.dateexpr import MONTH_ABBREVIATIONS, month_regex
from storyweave.settings import DEFAULTS, CleanSettings

# ---------------------------------------------------------------- tuned numbers
# The tuned numbers are settings.CleanSettings (clutter_score ... figure_block_units), handed to every function that
# uses one as `settings`. They were calibrated together on the four seeds and by reading 60 random Multi-News
# sample articles (bench/clean_check.py); re-run that script after any change.
INLINE_KINDS = frozenset({"caption", "embed", "related", "promo", "chrome", "separator", "link", "contact"})

_FUNCTION_WORDS = textutil.STOPWORDS | frozenset(
    "if because while though although since until all any each every both either neither few many much one two "
    "three him them us me my mine its itself themselves himself herself who's it's that's there's he's she's "
    "they're we're i'm don't didn't won't can't isn't wasn't aren't weren't".split())
_STOPS = re.escape(textutil.SENTENCE_END_CHARS)
_CLOSE = re.escape(textutil.CLOSING_CHARS)
_TERMINAL = re.compile(rf"(?:[{_STOPS}]|[.!?]\s?\.\.\.)[{_CLOSE}]*\s*$")
_ENDS_STOP = re.compile(rf"[.…。｡।۔։።။៕][{_CLOSE}]*\s*$")  # a full stop of any script (not ! or ?)
_TEASER_END = re.compile(r"(?:\s|,)(?:\.\.\.|…)\s*$")
_QUOTE_CHARS = re.compile(r"[\"“”«»]|(?:^|\s)['‘]")
_MONTH = month_regex() + r"\.?"  # "january", "jan.", "sept" (the patterns using it are compiled with re.I)
DATE_RE = re.compile(rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH}),?\s+(?P<y1>(?:19|20)\d\d)"
                     rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d)"
                     r"|(?P<y3>(?:19|20)\d\d)[-/.](?P<m3>\d{1,2})[-/.](?P<d3>\d{1,2}))\b", re.I)
_TIME_WORDS = re.compile(rf"^(?:{_MONTH}|\d+|am|pm|a\.m|p\.m|gmt|utc|[a-z]st|[a-z]dt|bst|cet|cest|at|on|of|the|"
                         r"published|updated|posted|last|modified|first|date|mon|tue|wed|thu|fri|sat|sun|monday|"
                         r"tuesday|wednesday|thursday|friday|saturday|sunday|st|nd|rd|th|h|min|read|ago|by|"
                         r"hours?|minutes?|days?)$", re.I)

_P = re.IGNORECASE


def _photo_agencies() -> str:
    """An alternation of the names photo agencies credit pictures with, as written and in capitals (REUTERS,
    XINHUA), read from the outlet table (style photo-credit), longest first."""
    names = {n for o in outlets.with_style("photo-credit") for n in (o.name, *o.aliases)}
    names |= {n.upper() for n in names}
    return "(?:" + "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))) + ")"


_PHOTO_AGENCY = _photo_agencies()
# Lines that are clutter wherever they stand (when short). Each pattern names a kind of boilerplate, not a site.
# Lines that are clutter wherever they stand (when short). Each pattern names a kind of boilerplate, not a site.
# (kind, regex, needles): when needles are given, the regex only runs on a line whose lower case holds one of them
# (a cheap filter: unanchored case-insensitive alternations are slow in Python's re).
_CLUTTER_SPECS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("copyright", r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b\s*(?:©|\(c\)|(?:19|20)\d\d)|\ball rights reserved\b|"
                  # "all rights reserved" in German, Spanish, French, Italian, Portuguese, Polish, Dutch
                  r"\balle rechte vorbehalten\b|\btodos los derechos reservados\b|\btous droits réservés\b|"
                  r"\btutti i diritti riservati\b|\btodos os direitos reservados\b|\bwszelkie prawa zastrzeżone\b|"
                  r"\balle rechten voorbehouden\b",
     ("©", "(c)", "copyright", "rights reserved", "rechte vorbehalten", "derechos reservados", "droits réservés",
      "diritti riservati", "direitos reservados", "prawa zastrzeżone", "rechten voorbehouden")),
    ("distribution", r"\bdistributed by\b|\bsyndicated by\b|\b(?:re)?printed with permission\b|"
                     r"\bused (?:with|by) permission\b|\bcourtesy of\b.{0,40}$",
     ("distributed", "syndicated", "permission", "courtesy")),
    ("credit", r"^(?:photo(?:graph)?s?|image|picture|video|graphic|illustration|credits?)\s*(?:credit|by|:|\.{2,}|…)|"
               r"^(?:image|photo|media|video) (?:copyright|caption|source)\b|"
               rf"^{_PHOTO_AGENCY}(?: photos?)?\s*(?:/|$)|^enlarge this image\b|^toggle caption\b|"
               r"^hide caption\b|^caption\b|"
               r"^\(?(?:additional\s+)?(?:reporting|writing|editing|research|compiled|produced|translated)\s+by\b|"
               r"^a version of this (?:article|story|report|piece) (?:appeared|was published|ran)\b|"
               r"^(?:this|the) (?:article|story|content|piece|post) (?:was |is )?(?:republished|reprinted|reproduced)",
     ()),
    ("credit", r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b|\bcontributed reporting\b|"
               r"\bcontributed (?:reporting )?from [A-Z]|\balso contributing (?:were|was|to)\b",
     ("contributed", "contributing")),
    ("credit", r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s+(?:writes|reports) for\b|"
               r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s+is an?\s+(?:[\w-]+\s+){0,3}"
               r"(?:writer|reporter|correspondent|editor|columnist|journalist) (?:for|at|with|covering|focusing on|"
               r"focused on|based in|who covers|whose work)\b",
     ("writes for", "reports for", " is a")),
    ("credit", r"\b(?:originally|first) (?:appeared|published|ran|posted) (?:on|in|at|by)\b",
     ("originally", "first")),
    ("comments", r"^(?:\d+\s+)?(?:comments?|responses?|replies)\s*(?:\(\d+\))?$|"
                 r"^(?:leave|post|add|view|show|load|read|see|join) (?:a |the |your |all |\d+ )?(?:comments?|"
                 r"repl(?:y|ies)|discussion|conversation)\b|^(?:reply|report|report abuse|flag|like|upvote)$", ()),
    ("comments", r"\bcomments? (?:are )?powered by\b", ("powered by",)),
    # the comment form of the common blog software, in its usual translations (not one site's wording)
    ("comments", r"(?:e-?mail|adresse|correo|indirizzo|endereço|adres)\b.{0,40}(?:will not be published|"
                 r"wird nicht veröffentlicht|no (?:será|se) publicar[áa]|ne sera pas publiée|non sarà pubblicat|"
                 r"não será publicad|nie zostanie opublikowany|wordt niet gepubliceerd)|"
                 r"^(?:leave a (?:reply|comment)|hinterlasse einen kommentar|schreibe einen kommentar|"
                 r"deja una respuesta|deja un comentario|laisser un commentaire|lascia un commento|"
                 r"deixe um comentário|dodaj komentarz|kommentar (?:verfassen|schreiben))\b|"
                 r"\b(?:you must be logged in to (?:post a )?comment|sie müssen sich einloggen, um|"
                 r"du musst (?:dich )?angemeldet sein|para comentar debes)",
     ("publi", "veröffentlicht", "opublikowany", "gepubliceerd", "reply", "kommentar", "comment", "respuesta",
      "logged in", "einloggen", "angemeldet", "comentar")),
    ("related", r"^(?:related|recommended|trending|popular|latest|most (?:read|popular|viewed|shared|emailed)|"
                r"top stories|more (?:from|on|stories|news|in|about|coverage|like this)|you (?:may|might) (?:also )?"
                r"(?:like|enjoy|be interested)|also (?:read|see|on)|see also|further reading|read (?:more|next|also)|"
                r"editors?'?’?s? picks?|what to read next|related (?:stories|articles|coverage|links|topics|channels|"
                r"content|posts|videos|news))\b[^.!?]{0,80}$", ()),
    ("related", r"^(?:see|watch|view|show|load|more) (?:more|all|other)(?: [\w-]+){0,2}$", ()),  # "SEE MORE VIDEOS"
    # "read also" labels before a link to another story, in the languages of the evaluation set's pages
    ("related", r"^\W{0,3}(?:le[ae] (?:también|más|además)|lee también|ve[ar]? también|mira también|"
                r"(?:te|le) puede interesar|puedes ver|lesen sie (?:auch|mehr|hier)|auch interessant|mehr zum thema|"
                r"(?:zum )?weiterlesen|(?:à )?lire aussi|voir aussi|leia (?:também|mais)|veja também|leggi anche|"
                r"czytaj (?:też|także|również)|zobacz (?:też|także)|lees ook|ook interessant)\b.{0,160}$", ()),
    ("promo", r"^(?:advertisement|advertising|sponsored(?: content| post)?|paid (?:content|post)|promoted|ad)$|"
              r"^advertisement\b|^(?:advertise|promote) (?:with us|your)\b|^(?:story|article) continue[sd]? below\b|"
              r"^\W*follow .{0,40} on (?:twitter|facebook|instagram|linkedin|youtube)\b|"
              r"^skip to (?:main )?content\b|^(?:sign up|subscribe|log ?in|sign in|register)\b|^click here\b|"
              r"^learn more\b|^(?:share|tweet|email|print|save|pin|like)(?: (?:this|on \w+))?(?: (?:article|story|"
              r"page|post))?$|^(?:follow|like) (?:us|me|[A-Z][\w.]*(?: [A-Z][\w.]*)?) on (?:twitter|facebook|"
              r"instagram|x|linkedin|youtube|threads|bluesky)\b|^(?:have|got) a (?:news )?tip\b|^contact (?:us|the "
              r"author)\b|^(?:play|watch)(?: video)?:? (?:video|facebook|twitter|now)\b|^(?:tags?|topics?|filed under|"
              r"categories|keywords)\s*:|^(?:text|font) size\b|^download (?:the|our) app\b|^(?:listen|watch) (?:to|on) "
              r"(?:this|the)\b|"
              r"^send us your (?:own )?(?:photos?|images?|pictures?|videos?|stories|story|tips?|news)\b", ()),
    ("promo", r"^(?=(?:\S+\s+){0,15}\S+$).*\bnewsletter",  # a short line about the newsletter: a sign-up box
     ("newsletter",)),
    ("promo", r"\bclick here\b|\bread more\W*$|\b(?:free )?sign up\W*$|continue reading (?:the main story|below)|"
              r"\bnewsletter\b.{0,40}\bsign ?up\b|\bplease (?:enable|try again|verify|re-?enter|turn on|disable|"
              r"update your)\b|\benable javascript\b|\bnot available right now\b|\bterms of (?:use|service)\b|"
              r"\bprivacy policy\b|\bcookie (?:policy|settings|preferences)\b|\bget (?:breaking news|push) "
              r"(?:alerts|notifications)\b|\bsubscribe (?:now|today|to (?:our|the))\b|\bsign up (?:today|now|for "
              r"(?:our|\w+ (?:email|e-mail|news) alerts|the \w+ newsletter|free))\b|\bfollow (?:us|him|her|me|"
              r"[A-Z]\w+ [A-Z]\w+) on (?:twitter|facebook|instagram)|^original article on\b|\bbecome a fan of\b",
     ("subscribe", "follow", "original article", "become a fan", "click", "read more", "sign up", "continue reading",
      "please", "javascript", "available right now",
      "terms of", "privacy", "cookie", "get breaking", "get push")),
    ("published", r"^(?:published|updated|posted|last updated|last modified|first published)\b(?:\s+(?:in|on|at|by|"
                  r":))?(?:\s+[^.!?]{0,60})?$", ()),
    ("separator", r"^[\W_]+$", ()),
    ("contact", r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b|\bcan be reached at\b|^(?:e-?mail|phone|tel|call)\s*:",
     ("@", "reached at", "mail", "phone", "tel", "call")),
    ("related", r"^\W{0,3}(?:watch|video|videos|blog|story|photos?|listen|audio|read|see|gallery|poll|quiz|"
                r"infographic|more|related|also|explainer|opinion|live)\s*:.{0,160}$", ()),
    ("link", r"^(?:\S+\s+){0,8}(?:https?://|www\.)\S+(?:\s+\S+){0,3}$", ("http", "www.")),
    ("embed", r"\b(?:watch(?:ed)?|videos?|replay)\b.*\s(?:\d{1,2}:)?\d{1,2}:\d{2}\s*$",  # a video teaser: "... 02:41"
     ("watch", "video", "replay")),
    # video-player controls read as text: "00:00 / 00:40 SD HD Share"
    ("embed", r"^(?:\d{1,2}:)?\d{1,2}:\d{2}\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\b", ()),
    # market-data notices under a stock ticker
    ("chrome", r"\b(?:quotes?|data|prices?) (?:are |is )?delayed (?:by )?(?:at least )?\d+ min|"
               r"\bmarket data (?:provided|powered|supplied) by\b", ("delayed", "market data")),
    ("embed", r"pic\.twitter\.com/|[—–-]\s*[^—–()]{1,60}\(@\w{1,20}\)\s*(?:\w+\s+\d{1,2},\s+\d{4}|\d{1,2}\s+\w+\s+"
              r"\d{4})\s*$|^a (?:post|photo|video) shared by\b|^view this post on instagram$",
     ("pic.twitter", "(@", "shared by", "instagram")),
)
_CLUTTER_PATTERNS = tuple((name, re.compile(rx, _P), needles) for name, rx, needles in _CLUTTER_SPECS)
_FOOTER_KINDS = {"copyright", "distribution", "comments"}
_FOOTER_CREDIT = re.compile(r"contributed|writes for|reports for|is an? .*(?:writer|reporter|correspondent)", re.I)
# A caption ends with a bracketed photo credit: "[Leah Millis/Reuters]", "(Victoria Walker/The Washington Post)",
# "(AP Photo/Evan Vucci, File)".
_CAPTION_END = re.compile(rf"[\[(]\s*(?:(?:{_PHOTO_AGENCY}|Photo|Image|Picture|Credit|Courtesy|File)\b[^\])]{{0,60}}"
                          r"|[A-Z][\w.'’ -]{1,40}\s?/\s?[A-Z][\w.&'’ ,-]{1,50})[\])]\s*\.?\s*$")
# ... or with an agency photo credit left unbracketed: "... March 3, 2018. REUTERS/Jane Roe", "... AFP/John Smith".
# "... 2005. Michael Nagle/Getty Images" (photographer first).
_AGENCIES = rf"(?:{_PHOTO_AGENCY}(?: Photo)?)"
_NAME = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
_CAPTION_AGENCY_END = re.compile(rf"[.!?)\]]\s+(?:{_AGENCIES}\s?/\s?{_NAME}|{_NAME}\s?/\s?{_AGENCIES}"
                                 rf"(?: via {_PHOTO_AGENCY})?)\s*$")
_CAPTION_START = re.compile(r"^(?:(?:FILE|PHOTO|IMAGE|In this (?:file )?photo|This (?:file )?photo)\b\s*[-–—:]|"
                            r"(?:FILE\s*[-–—]\s*)?In this (?:[\w,.]+ ){0,6}(?:file |handout |undated )?photo\b|"
                            r"(?i:media playback is unsupported)\b|.{0,40}\b(?i:media|image) (?i:caption)\b|"
                            r"buy photo\b|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3} ?/ ?"
                            r"[A-Z][\w.&'’-]+(?: [A-Z][\w.&'’-]+)*"
                            r"(?: via [A-Z]\w*)?\s+[A-Z])")
_CAPTION_ANY = re.compile(r"\((?:photos?|image|picture|credit|courtesy)\s*:[^)]{0,80}\)", re.I)
_BARE_CREDIT = re.compile(r"^(?:photo(?:graph)?|image|picture|credit)s?\s*(?:credit|by|:|\.{2,}|…)", re.I)
_PHOTO_CREDIT_START = re.compile(r"^(?:photo|image|picture|video|media|graphic|illustration|credit|enlarge|"
                                 rf"toggle|hide caption|caption|{_PHOTO_AGENCY}\b)", re.I)
_BRACKETED = re.compile(r"^\[[^\[\]]{3,200}\]$")
_CHROME_WORDS = frozenset("""tweet tweets tweeting twitter facebook instagram location browser browsers cookies cookie
javascript click tap subscribe subscription subscriber subscribers newsletter newsletters email inbox app apps
download settings enable account login log sign password register video videos player rented rating feature
notifications alerts notification privacy terms policy share comment comments reply sponsored verify robot crawl
crawls crawled archive wayback embargo advertisement ad ads adblock ad-blocker website web page pages site
third-party option delete history update updates menu search offline online skip embed close replay""".split())
_CONSENT = re.compile(r"\b(?:consent|accept|settings|preferences|privacy|partners|personali[sz]|tracking|browser|"
                      r"website|device|third[- ]part(?:y|ies)|opt[- ]out|datenschutz|einwilligung|akzeptieren)", re.I)
_SECOND_PERSON = frozenset({"you", "your", "you're", "you’re", "you'll", "yours"})
_WEB_ARCHIVE = re.compile(r"\b(?:crawl(?:s|ed|er)?|wayback machine|warc files?)\b", re.I)


@dataclass(slots=True)
class Unit:
    text: str
    block: int
    words: int = 0
    shape: str = "short"  # prose | longtext | short
    clutter: str | None = None  # the kind of boilerplate, when a pattern matched
    barrier: bool = False  # a byline or photo credit: the body never spans it
    score: float = 0.0


@dataclass(slots=True)
class Split:
    """The result of splitting one text: body paragraphs, and the units around them for the metadata readers."""

    paragraphs: list[str]
    removed: list[str]
    header: list[Unit] = field(default_factory=list)  # units before the body, in order
    footer: list[Unit] = field(default_factory=list)  # units after the body, in order
    inner_removed: list[Unit] = field(default_factory=list)  # units dropped inside the body


# ---------------------------------------------------------------- normalising and cutting into units

_LINE_END = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# C0 and C1 controls (\x85 is a line end above) and format characters (soft hyphen, joiners, bidi marks, tags)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e"
                      "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
                      "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


# HTML tags left in a text (an escaped page, a feed's markup): "<a href=...>", "</p>"; the text between them stays
_RAW_TAG = re.compile(r"</?(?:a|p|div|span|br|hr|img|b|i|em|strong|u|font|iframe|script|noscript|style|ul|ol|li|"
                      r"h[1-6]|table|tr|td|th|tbody|blockquote|figure|figcaption|section|article|picture|source|"
                      r"video|small|sup|sub)\b(?:\s[^<>]{0,800})?/?>", re.I)


def normalise(text: str) -> str:
    """Unicode NFC (a decomposed "য়" or "é" is the precomposed one, as trafilatura's own output has it), raw HTML
    tags and invisible characters out, line endings to \\n, runs of spaces to one, each line stripped."""
    text = textutil.strip_invisible(unicodedata.normalize("NFC", text))
    if "<" in text:
        text = _RAW_TAG.sub("", text)
    text = _LINE_END.sub("\n", text)
    text = _CONTROL.sub("", text)
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.split("\n"))


def _ends_terminal(line: str) -> bool:
    return bool(_TERMINAL.search(line))


def _unwrap(lines: list[str]) -> list[str]:
    """Join lines that were hard-wrapped inside one paragraph."""
    if len(lines) < 2:
        return lines
    inner = lines[:-1]
    lengths = [len(x) for x in inner]
    if (len(lines) >= 3 and max(lengths) <= 100 and sorted(lengths)[len(lengths) // 2] >= 40
            and sum(not _ends_terminal(x) for x in inner) >= len(inner) / 2
            and sum(x[:1].islower() for x in lines[1:]) >= 1):
        return [" ".join(lines)]
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        if len(prev) >= 30 and not _ends_terminal(prev) and not prev.endswith(":") and line[:1].islower():
            out[-1] = prev + " " + line
        else:
            out.append(line)
    return out


# A wire-photo caption glued to the paragraph after it: "In this April 11, 2018, file photo, two boys ... Germany.
# When you weigh all life on Earth, ..." -- the caption is cut off as a unit of its own (and then found as one).
_LEAD_CAPTION = re.compile(r"^(?:FILE\s*[-–—]\s*)?In this (?:[\w,.]+ ){0,6}(?:file |handout |undated )?photo\b")
_SENTENCE_STOP = re.compile(r"[.!?](?=\s+[\"“]?[A-Z])")
_ABBREVIATIONS = MONTH_ABBREVIATIONS | frozenset(
    "mr mrs ms dr st sen rep gov gen lt col sgt calif fla mass conn ariz ore wash mich minn tenn ky md va ga ill ind "
    "pa colo nev okla kan neb wis ala la miss mo ave blvd rd mt ft no inc corp co jr sr vs".split())


def _split_lead_caption(line: str) -> list[str]:
    if not _LEAD_CAPTION.match(line):
        return [line]
    for m in _SENTENCE_STOP.finditer(line):
        before = line[:m.start()].rsplit(" ", 1)[-1]
        if len(before) <= 1 or "." in before or before.lower() in _ABBREVIATIONS:
            continue  # "Jan. 5", "U.S.", "Calif.": not the end of the caption
        head, rest = line[:m.end()].strip(), line[m.end():].strip()
        return [head, rest] if rest else [line]
    return [line]


def units_of(text: str) -> list[Unit]:
    units: list[Unit] = []
    for b, block in enumerate(re.split(r"\n\s*\n", text)):
        lines = [x for x in block.split("\n") if x.strip()]
        for line in _unwrap(lines):
            units.extend(Unit(text=part, block=b) for part in _split_lead_caption(line))
    return units


# ---------------------------------------------------------------- shapes

def _words(text: str) -> list[str]:
    return textutil.words(text)  # any script; Chinese and Japanese counted by characters


def function_ratio(words: list[str]) -> float:
    if not words:
        return 0.0
    return sum(w.lower().replace("’", "'") in _FUNCTION_WORDS for w in words) / len(words)


def is_date_line(text: str) -> bool:
    """A short line that is mostly a date: "16 November 2024", "Updated 3:05 PM EST, Sat November 16, 2024"."""
    if len(text) > 90 or not DATE_RE.search(text):
        return False
    rest = DATE_RE.sub(" ", text)
    tokens = re.findall(r"[A-Za-z]+|\d+", rest)
    return sum(not _TIME_WORDS.match(t) for t in tokens) <= 2


def _is_chrome(text: str, words: list[str], settings: CleanSettings) -> bool:
    """Site chrome in running text: second person + interface vocabulary, or a web-archive notice."""
    if not words or len(words) > settings.chrome_max_words:
        return False
    lower = [w.lower() for w in words]
    if "ookie" in text and sum(w.startswith("cookie") for w in lower) >= 2 and len(_CONSENT.findall(text)) >= 2:
        return True  # a cookie-consent notice, however long: it must not win over a short article
    hits = sum(w in _CHROME_WORDS for w in lower)
    you = sum(w in _SECOND_PERSON for w in lower)
    if len(words) <= 80 and you and hits >= 2 and (hits + you) / len(words) >= 0.15:
        return True
    if len(words) <= 20 and hits >= 3 and hits / len(words) >= 0.3:
        return True
    return bool(_WEB_ARCHIVE.search(text)) and hits >= 3


def clutter_kind(text: str, words: list[str], settings: CleanSettings = DEFAULTS.clean) -> str | None:
    """The kind of boilerplate a unit is, or None."""
    if len(words) > settings.max_clutter_words:
        return "chrome" if _is_chrome(text, words, settings) else None
    low = text.lower()
    for name, pattern, needles in _CLUTTER_PATTERNS:
        if needles and not any(n in low for n in needles):
            continue
        if pattern.search(text):
            if name == "related" and len(words) > (30 if ":" in text[:20] else 14):
                continue
            if name in ("credit", "distribution") and len(words) > 40:
                continue
            return name
    if _CAPTION_END.search(text) or _CAPTION_AGENCY_END.search(text) or _CAPTION_START.match(text) \
            or _CAPTION_ANY.search(text):
        return "caption"
    if _BRACKETED.match(text):
        return "related"  # "[Spirit doesn't give Rapinoe chance to kneel]": a link to another story
    if is_date_line(text):
        return "date"
    if _is_chrome(text, words, settings):
        return "chrome"
    return None


def _shape(unit: Unit, words: list[str], english: bool) -> str:
    n = len(words)
    ratio = function_ratio(words) if english else 1.0
    if _ends_terminal(unit.text) or (n >= 8 and unit.text.endswith(":")):
        lower = sum(not w[0].isupper() for w in words) / n if n else 0.0  # caseless scripts count as lower
        if n >= 2 and (ratio >= 0.1 or lower >= 0.5 or _QUOTE_CHARS.search(unit.text)):
            return "prose"
    if n >= 20 and ratio >= 0.25:
        return "longtext"
    return "short"


def _describe(units: list[Unit], is_byline, settings: CleanSettings) -> None:
    unit_words = [_words(u.text) for u in units]
    sample = [w for ws in unit_words[:200] for w in ws][:3000]
    english = function_ratio(sample) >= settings.non_english_ratio
    for u, words in zip(units, unit_words):
        u.words = len(words)
        u.shape = _shape(u, words, english)
        u.clutter = clutter_kind(u.text, words, settings)
        if u.clutter is None and u.words <= 20 and is_byline(u.text):
            u.clutter, u.barrier = "byline", True
        if u.clutter == "credit" and _PHOTO_CREDIT_START.match(u.text):
            u.clutter = "caption"  # "Image copyright X Image caption ...": inside articles too
    # A unit followed, in the same block, by a bare photo credit line ("Credit...Name/Agency") is its caption.
    # Only in a small block (a figure): a page copied as text has no blank lines, so there every line shares one
    # block, and a body paragraph above an inline image's credit line is not a caption.
    block_size: dict[int, int] = {}
    for u in units:
        block_size[u.block] = block_size.get(u.block, 0) + 1
    for i in range(1, len(units)):
        if units[i].clutter == "caption" and _BARE_CREDIT.match(units[i].text) \
                and units[i - 1].block == units[i].block and block_size[units[i].block] <= settings.figure_block_units \
                and units[i - 1].clutter is None:
            units[i - 1].clutter = "caption"
    for u in units:
        if u.clutter:
            u.score = settings.inline_clutter_score if u.clutter in INLINE_KINDS else settings.clutter_score
        elif u.shape == "prose":
            u.score = min(float(u.words), settings.max_unit_score)
        elif u.shape == "longtext":
            u.score = min(u.words * settings.longtext_factor, settings.max_unit_score)
        else:
            u.score = settings.short_base - settings.short_per_word * min(u.words, 15)


def prose_words(text: str, settings: CleanSettings = DEFAULTS.clean) -> int:
    """How many words of `text` stand in prose paragraphs that no clutter pattern matched: how much article a
    piece of text holds, whatever else comes with it (menus and lists count nothing)."""
    units = units_of(normalise(text))
    _describe(units, lambda line: False, settings)
    return sum(u.words for u in units if u.shape == "prose" and not u.clutter)


# ---------------------------------------------------------------- the body region

def _best_segment(units: list[Unit], settings: CleanSettings) -> tuple[int, int] | None:
    """[start, end) of the maximum-sum run of unit scores; barriers cut runs; prose after a footer counts less."""
    best: tuple[float, int, int] | None = None
    run_sum, run_start = 0.0, 0
    prose_words = 0
    after_footer = False
    for i, u in enumerate(units):
        if u.barrier and prose_words < settings.barrier_before_words:
            run_sum, run_start = 0.0, i + 1
            continue
        score = u.score
        if score > 0 and after_footer:
            score *= settings.after_footer_factor
        if run_sum + score <= 0:
            run_sum, run_start = 0.0, i + 1
        else:
            run_sum += score
            if score > 0 and (best is None or run_sum > best[0]):
                best = (run_sum, run_start, i + 1)
        if u.shape == "prose" and not u.clutter:
            prose_words += u.words
        if prose_words >= settings.footer_after_words and (u.clutter in _FOOTER_KINDS or
                                                  u.clutter == "credit" and _FOOTER_CREDIT.search(u.text)):
            after_footer = True
    if best is None:
        return None
    return best[1], best[2]


def _inner_drops(units: list[Unit], start: int, end: int, settings: CleanSettings) -> set[int]:
    drop: set[int] = set()
    seen: set[str] = set()
    for i in range(start, end):
        u = units[i]
        key = textutil.fold(u.text)
        if u.clutter or key in seen:
            drop.add(i)
        seen.add(key)
    labels = {i for i in range(start, end) if units[i].shape == "short" and units[i].words <= 2}
    # runs of short lines: link lists, tag clouds, menus, lists of linked questions ("Who is running?")
    def listy(u: Unit) -> bool:
        return u.shape == "short" or (u.words <= settings.list_item_words and not _ENDS_STOP.search(u.text))

    # runs of teasers cut off with an ellipsis ("... according to new ...")
    i = start
    while i < end:
        j = i
        while j < end and _TEASER_END.search(units[j].text):
            j += 1
        if j - i >= settings.link_run:
            drop.update(range(i, j))
        i = max(j, i + 1)
    i = start
    while i < end:
        if not listy(units[i]):
            i += 1
            continue
        j = i
        while j < end and listy(units[j]):
            j += 1
        if j - i >= settings.link_run:
            if _content_list(units, i, j):
                labels.difference_update(range(i, j))  # "2 eggs", "May 3 Leeds": items, not labels
            else:
                drop.update(range(i, j))
        i = j
    return drop | labels


def _content_list(units: list[Unit], i: int, j: int) -> bool:
    """A run of short lines that a sentence introduces is part of the article: "You will need:" and the
    ingredients, "The tour stops are:" and the dates. On whole pages rendered as text (bench/extraction.py, text
    path) this keeps F1 +0.0018 (R +0.0044, P -0.0007); also taking runs that start with their own "Label:" line
    (-0.0019) or whose lines mostly hold digits (+0.0008, but more link lists kept on Multi-News) measured worse."""
    before = units[i - 1] if i > 0 else None
    return (before is not None and before.shape == "prose" and not before.clutter
            and before.text.rstrip().endswith((":", "：")))


def _group(units: list[Unit], indexes: list[int]) -> list[str]:
    """Dropped units as blocks: consecutive units from one source block are joined by a newline."""
    out: list[str] = []
    last: tuple[int, int] | None = None
    for i in indexes:
        u = units[i]
        if last is not None and last[0] == i - 1 and last[1] == u.block:
            out[-1] += "\n" + u.text
        else:
            out.append(u.text)
        last = (i, u.block)
    return out


# ---------------------------------------------------------------- text an extractor already chose (the HTML path)
# trafilatura has already cut the page down to its main text, and on its own evaluation set (990 pages,
# ../shared/data/trafilatura-eval, bench/extraction.py) every rule of the plain-text path below that drops units by
# position or shape costs more recall than it gains precision there: the maximum-sum body segment (F1 -0.014),
# runs of short lines (-0.022: recipes, lists, spec lines), one- and two-word labels (-0.004); dropping short lines
# after the last or before the first sentence, or any short "Label:" line, costs 0.0001 to 0.006; dropping caption,
# contact, embed, chrome, credit or link lines costs 0 to 0.0004 each. Only these drops are kept on extracted text,
# each measured by taking it out of the whole HTML path (F1 0.9435: standfirst and recall run included; figures are
# the F1 lost without it, snippets found / boilerplate snippets kept):
EXTRACTED_DROP_KINDS = frozenset({
    "copyright",  # -0.0011 (found +0, kept +7)
    "promo",  # -0.0014 (found +1, kept +10)
    "related",  # -0.0006 (kept +4)
    # no boilerplate snippet either way, dropped for the metadata readers (bylines, dates) and for later stages;
    # "published" and "separator" each cost one snippet (a "Posted on" line above a headline, a "=)" line)
    "byline", "published", "date", "separator", "comments", "distribution",
})
# ... and lines that are the text of a link on the page (link_texts): two or more link lines in a row (-0.0005 without
# it, kept +3), a link line of 10+ words (-0.0006; found +2, kept +6), "Read more: <a>Other story</a>" (-0.0006; found
# +3, kept +7), a short label ending in ':' or '?' just before link lines or at the very end (-0.0004; found +2, kept
# +5), link lines before the first or after the last sentence (-0.0003; found +1, kept +3); a short all-capitals line
# after the last sentence ("NOTAS RELACIONADAS", -0.0003; found +1, kept +3). Repeated lines are dropped too (one
# snippet: a headline repeated under its photo; the first is the title, see clean._clean_text).
_LINK_LABEL = re.compile(r"^([^:]{1,40}?)\s*[:：»>|–—-]\s+(.+)$")
LINK_LABEL_MAX_WORDS = 5  # "Lea también:", "Read more:", "LE PUEDE INTERESAR:"
LINK_LABEL_MIN_LINK_WORDS = 2  # a one-word link after a label is a value ("Earcuff: Zoeca"), not a teaser
LONG_LINK_WORDS = 10
LEAD_LABEL_MAX_WORDS = 6
_LABEL_END = re.compile(r"[:?：？]\s*$")


def _link_drops(units: list[Unit], link_texts: frozenset[str]) -> set[int]:
    if not link_texts:
        return set()
    n = len(units)
    flat = [" ".join(u.text.split()) for u in units]
    full = [t in link_texts for t in flat]
    drop: set[int] = set()
    for i, u in enumerate(units):
        if full[i]:
            if (i > 0 and full[i - 1]) or (i + 1 < n and full[i + 1]) or u.words >= LONG_LINK_WORDS:
                drop.add(i)
        elif (m := _LINK_LABEL.match(flat[i])) and len(m.group(1).split()) <= LINK_LABEL_MAX_WORDS \
                and m.group(2) in link_texts and len(m.group(2).split()) >= LINK_LABEL_MIN_LINK_WORDS:
            drop.add(i)
    for i, u in enumerate(units):
        if u.words <= LEAD_LABEL_MAX_WORDS and _LABEL_END.search(u.text) and (i + 1 == n or full[i + 1]):
            drop.add(i)
    prose = [i for i, u in enumerate(units) if u.shape == "prose"]
    if prose:
        drop.update(i for i in range(n) if full[i] and not prose[0] <= i <= prose[-1])
    return drop


CAPS_TAIL_MAX_WORDS = 8


def _caps_tail(units: list[Unit]) -> set[int]:
    prose = [i for i, u in enumerate(units) if u.shape == "prose"]
    drop = set()
    for i in range(prose[-1] + 1 if prose else len(units), len(units)):
        u = units[i]
        letters = [c for c in u.text if c.isalpha()]
        if u.words <= CAPS_TAIL_MAX_WORDS and len(letters) >= 4 and any(c.isupper() for c in letters) \
                and not any(c.islower() for c in letters):
            drop.add(i)
    return drop


def _split_extracted(units: list[Unit], link_texts: frozenset[str]) -> Split:
    drop = _link_drops(units, link_texts) | _caps_tail(units)
    seen: set[str] = set()
    for i, u in enumerate(units):
        key = textutil.fold(u.text)
        if u.clutter in EXTRACTED_DROP_KINDS or key in seen:  # repeated lines: no snippet either way
            drop.add(i)
        seen.add(key)
    keep = [i for i in range(len(units)) if i not in drop]
    if all(" ".join(units[i].text.split()) in link_texts or not units[i].words for i in keep):
        # nothing but link texts: a menu (requiring one sentence instead, as the text path does, costs 8 snippets
        # of verse, dialogue and CV lists on the evaluation set)
        return Split(paragraphs=[], removed=_group(units, list(range(len(units)))), header=units, footer=[])
    start, end = keep[0], keep[-1] + 1
    return Split(paragraphs=[units[i].text for i in keep],
                 removed=_group(units, sorted(drop)),
                 header=units[:start], footer=units[end:],
                 inner_removed=[units[i] for i in sorted(drop) if start <= i < end])


def split(text: str, *, is_byline=lambda line: False, extracted: bool = False,
          link_texts: frozenset[str] = frozenset(), settings: CleanSettings = DEFAULTS.clean) -> Split:
    """Split normalised text into body paragraphs and dropped blocks (see the module docstring).

    extracted: the text is an extractor's main text (trafilatura on an HTML page), not a whole page: only the drops
    measured to help there are made (see EXTRACTED_DROP_KINDS). link_texts: the texts of the page's links, one
    whitespace-normalised string each, for dropping link lines from extracted text. settings: the scores and sizes
    of the rules (settings.CleanSettings)."""
    units = units_of(text)
    if not units:
        return Split(paragraphs=[], removed=[])
    _describe(units, is_byline, settings)
    if extracted:
        return _split_extracted(units, link_texts)
    seg = _best_segment(units, settings)
    if seg is None:
        return Split(paragraphs=[], removed=_group(units, list(range(len(units)))), header=units, footer=[])
    start, end = seg
    drop = _inner_drops(units, start, end, settings)
    keep = [i for i in range(start, end) if i not in drop]
    removed_idx = [i for i in range(len(units)) if not (start <= i < end) or i in drop]
    return Split(paragraphs=[units[i].text for i in keep],
                 removed=_group(units, removed_idx),
                 header=units[:start], footer=units[end:],
                 inner_removed=[units[i] for i in sorted(drop)])

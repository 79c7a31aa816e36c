"""The outlet table: one key per news organisation, whatever name, abbreviation, legal name or host it shows up under.

    lookup("NY Times") / lookup("https://www.nytimes.com/2024/...") -> Outlet("the-new-york-times", ...)
    key("Bloomberg L.P.") == key("bloomberg.com") == "bloomberg-news"
    key("The Millbrook Courier") == "millbrook courier"        # not in the table: the folded name

What is known about outlets (names, aliases, domains, wire or not, the credit shapes they sign with) is data, in
`data/outlets.tsv`; this module is the only reader of that file, and every stage that names or compares outlets asks
it. Hosts are reduced to their registrable domain with courlan (public-suffix aware: news.example.co.uk ->
example.co.uk) when the host itself is not in the table.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from importlib import resources
from urllib.parse import urlsplit

from storyweave.textutil import fold

__all__ = ["Outlet", "lookup", "from_name", "from_host", "key", "display", "host_of", "registered_domain",
           "with_style", "all_outlets", "clean_name"]


@dataclasses.dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    wire: bool
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    styles: frozenset[str]


# legal and corporate tails that never tell two outlets apart ("Bloomberg L.P.", "Globe Newspaper Company")
_LEGAL_TAIL = re.compile(r"(?:\s+(?:media group|media company|publishing(?: company| co| group)?|holdings|"
                         r"communications|company|newspapers|l\s?p|llc|l\s?l\s?c|inc|ltd|limited|corp|corporation|"
                         r"co|plc|gmbh|ag|s\s?a))+$")
_HOST_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp|edition|beta)\.")


def _fold(name: str, keep_the: bool = False) -> str:
    """The comparison form of an outlet name: folded, no leading "the" (unless `keep_the`), no legal tail, "&" kept
    as "and"."""
    text = fold(name.replace("&", " and "))
    if not keep_the:
        text = re.sub(r"^the\s+", "", text)
    return _LEGAL_TAIL.sub("", text).strip()


def _slug(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", fold(name.replace("&", " and ")))
                    if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@functools.lru_cache(maxsize=1)
def _load() -> tuple[dict[str, Outlet], dict[str, str], dict[str, str], dict[str, str]]:
    """(outlets by key, folded alias -> key, whole-name alias -> key, domain -> key) from data/outlets.tsv."""
    text = resources.files("storyweave").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    table: dict[str, Outlet] = {}
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    domains: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = (line.split("\t") + [""] * 5)[:5]
        raw_name, wire, aliases, hosts, styles = (c.strip() for c in cells)
        if wire not in ("yes", "no"):
            raise ValueError(f"outlets.tsv line {n}: wire must be yes or no, not {wire!r}")
        name = raw_name.lstrip("=")
        k = _slug(name)
        if k in table:
            raise ValueError(f"outlets.tsv line {n}: {name!r} is listed twice")
        names = [raw_name] + [a for a in aliases.split("|") if a.strip()]
        doms = tuple(d.strip().lower() for d in hosts.split("|") if d.strip())
        table[k] = Outlet(k, name, wire == "yes", tuple(a.lstrip("=") for a in names[1:]), doms,
                          frozenset(s.strip() for s in styles.split("|") if s.strip()))
        for alias in names:
            if alias.startswith("="):  # a common word: matched whole, "the" included ("The Times", not "Times")
                exact.setdefault(_fold(alias[1:], keep_the=True), k)
            else:
                folded.setdefault(_fold(alias), k)
        for d in doms:
            domains.setdefault(d, k)
            folded.setdefault(_fold(d), k)  # a credit written as a domain: "bloomberg.com"
    return table, folded, exact, domains


def all_outlets() -> list[Outlet]:
    return list(_load()[0].values())


def with_style(style: str) -> list[Outlet]:
    """The outlets that sign their copy with a credit shape (see the styles column of data/outlets.tsv)."""
    return [o for o in _load()[0].values() if style in o.styles]


def clean_name(name: str | None) -> str | None:
    """An outlet name as written, trimmed of spaces, wrapping punctuation and a legal tail ("Bloomberg L.P.")."""
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip(" \t,;:-–—·|()[]/\"'“”‘’")
    name = re.sub(r"(?:,?\s+(?:Media Group|Media Company|Publishing(?: Company| Co\.?| Group)?|Holdings|"
                  r"Communications|Company|Newspapers|L\.?\s?P\.?|LLC|L\.?L\.?C\.?|Inc\.?|Ltd\.?|Limited|Corp\.?|"
                  r"Corporation|Co\.|PLC|plc|GmbH|AG|S\.A\.))+\s*\.?$", "", name, flags=re.I).strip(" .,;:")
    return name or None


def from_name(name: str | None) -> Outlet | None:
    """The outlet a name, alias or abbreviation stands for ("NY Times", "The Associated Press"), else None."""
    if not name:
        return None
    table, folded, exact, _ = _load()
    trimmed = clean_name(name)
    if not trimmed:
        return None
    k = exact.get(_fold(trimmed, keep_the=True))
    if k is None:
        f = _fold(trimmed)
        k = folded.get(f) if f else None
    return table[k] if k else None


def host_of(url_or_host: str | None) -> str | None:
    """The lower-case host of a URL or bare host name ("https://www.BBC.co.uk/x" -> "bbc.co.uk"), else None."""
    if not url_or_host or any(c.isspace() for c in url_or_host.strip()):
        return None
    value = url_or_host.strip()
    try:
        host = (urlsplit(value if "//" in value else "//" + value).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not host or "." not in host or not re.fullmatch(r"[a-z0-9.\-]+", host):
        return None
    return _HOST_PREFIX.sub("", host)


@functools.lru_cache(maxsize=4096)
def registered_domain(host: str) -> str:
    """The registrable domain of a host (public-suffix aware, via courlan): "news.example.co.uk" -> "example.co.uk"."""
    if re.fullmatch(r"[\d.]+", host):  # an IP address is its own domain
        return host
    from courlan import extract_domain  # courlan's public-suffix lookup (tld)

    try:
        found = extract_domain("https://" + host + "/")
    except Exception:  # courlan raises on odd hosts; the host itself is then the best name
        found = None
    if not found:
        return host
    return found if host.endswith(found) else host


def from_host(url_or_host: str | None) -> Outlet | None:
    """The outlet a URL or host belongs to: the host or any domain above it is in the table ("abcnews.go.com")."""
    host = host_of(url_or_host)
    if not host:
        return None
    table, _, _, domains = _load()
    labels = host.split(".")
    for i in range(len(labels) - 1):
        k = domains.get(".".join(labels[i:]))
        if k:
            return table[k]
    return None


def _as_host(text: str) -> str | None:
    """The host when `text` is written as a URL or host name (a dotted name ending in letters, or an IP address)."""
    if not re.fullmatch(r"(?:[a-z][a-z0-9+.\-]*://)?[\w\-]+(?:\.[\w\-]+)+(?::\d+)?(?:/\S*)?", text.strip(), re.I):
        return None
    host = host_of(text)
    if host and (re.search(r"\.[a-z]{2,}$", host) or re.fullmatch(r"[\d.]+", host)):
        return host
    return None


def lookup(text: str | None) -> Outlet | None:
    """The outlet `text` names: a name or alias, else a URL or host in the table."""
    if not text:
        return None
    return from_name(text) or (from_host(text) if "." in text else None)


def key(text: str | None) -> str | None:
    """One key per outlet, for counting independent origins: the table's key when `text` names a known outlet (by
    name, alias, domain or URL); for an unknown host its registrable domain; for an unknown name its folded form
    without "the" and legal tails. None when nothing is left."""
    if not text or not text.strip():
        return None
    found = lookup(text)
    if found:
        return found.key
    host = _as_host(text)
    if host:
        return registered_domain(host)
    folded = _fold(text)
    folded = re.sub(r"\b(?:news|online|agency)\b", " ", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    return folded or None


def display(text: str | None) -> str | None:
    """The name to show for an outlet: the table's name when known, else the name as written (legal tail trimmed);
    an unknown host shows as its registrable domain."""
    if not text:
        return None
    found = lookup(text)
    if found:
        return found.name
    host = _as_host(text)
    if host:
        return registered_domain(host)
    name = clean_name(text)
    return name if name and len(name) <= 60 else None

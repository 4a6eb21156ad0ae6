"""Metadata that plain text only implies: date lines, section lines, outlet and genre cues."""
from __future__ import annotations

import re
from datetime import datetime

from .article import Article
from .transcript import is_transcript

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    "august|september|october|november|december"
)
_DATE_HINT = re.compile(rf"\b(?:{_MONTHS})\b|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}", re.I)
_DATE_ONLY = re.compile(
    rf"^[\s,.:|/\-\d]*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?"
    rf"(?:(?:{_MONTHS})\.?|\d|[\s,.:/\-]|T|am|pm|a\.m\.|p\.m\.|utc|gmt|msk|cet|est|edt|pst|updated|published|at)+$",
    re.I,
)
#: words that head news sections; a short capitalised line made of them is a section line
SECTION_WORDS = frozenset(
    """opinion politics world news analysis interview business economy society culture sport sports
    science technology tech health europe asia africa americas middle east russia ukraine us uk
    international national local commentary editorial column columns op-ed oped blogs blog features
    feature investigations investigation defence defense security diplomacy energy markets finance
    environment climate education law justice crime media region regions home""".split()
)
_GENRES = {
    "opinion": ("opinion", "op-ed", "oped", "commentary", "editorial", "column", "columns", "comment", "blog", "blogs", "viewpoint"),
    "interview": ("interview", "interviews", "q&a"),
    "analysis": ("analysis", "explainer", "investigation", "investigations", "feature", "features", "in depth"),
}
_OUTLET_MEDIA_WORDS = re.compile(
    r"\b(News|Times|Post|Journal|Agency|Press|TV|Television|Radio|Herald|Tribune|Gazette|Telegraph|Guardian|"
    r"Daily|Media|Wire|Review|Observer|Insider|Monitor|Express|Mirror|Chronicle|Today|Channel|Broadcasting|"
    r"Reuters|AFP|AP|BBC|CNN|TASS|RIA|Interfax|Bloomberg|Izvestia|Kommersant|Vedomosti|Politico|Axios|NPR|Fox|"
    r"Al Jazeera|Xinhua|Sputnik|RT|Euronews|Deutsche Welle|DW|Le Monde|Der Spiegel|Newsweek)\b"
)
_NAME = r"((?:the\s+)?[A-Z][\w&.'’-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w&.'’-]*){0,4})"
_OUTLET_CUES = [
    re.compile(rf"\b(?:[Ss]peaking (?:with|to)|[Ii]n an interview (?:with|to)|[Ii]n a conversation with|told|said to)\s+{_NAME}"),
    re.compile(rf"\b(?:according to|reports?|reported by|writes)\s+{_NAME}"),
    re.compile(rf"{_NAME}\s+(?:reports|reported|has learned|writes|wrote)\b"),
]


def parse_date(line: str) -> str | None:
    """ISO 8601 for a line that is nothing but a date (and maybe a time), else None."""
    s = line.strip()
    if not s or len(s) > 60 or not _DATE_HINT.search(s) or not _DATE_ONLY.match(s):
        return None
    from dateutil import parser as dparser

    try:
        default = datetime(1900, 1, 1)
        when = dparser.parse(s, fuzzy=True, default=default)
    except (ValueError, OverflowError):
        return None
    if when.year == 1900:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", s))
    return when.strftime("%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d")


def parse_sections(line: str) -> list[str] | None:
    """Section names for a short line like ``Opinion | Politics``; None if it is prose."""
    s = line.strip()
    if not s or len(s) > 80 or s.endswith((".", "?", "!", '"', "”")):
        return None
    parts = [p.strip() for p in re.split(r"\s*[|/›»>•·]\s*", s) if p.strip()]
    if not parts or any(len(p.split()) > 3 or not p[0].isupper() for p in parts):
        return None
    known = sum(1 for p in parts if any(w.lower() in SECTION_WORDS for w in p.split()))
    if len(parts) >= 2 or known == len(parts):
        return parts if known else None
    return None


def find_outlet(text: str) -> str | None:
    """The outlet named by a cue in the body ("Speaking with Alpha News", "told Reuters")."""
    for cue in _OUTLET_CUES:
        for m in cue.finditer(text[:4000]):
            name = m.group(1).strip().rstrip(".,’'")
            name = re.sub(r"^the\s+", "", name)
            name = re.sub(r"['’]s$", "", name)
            if _OUTLET_MEDIA_WORDS.search(name):
                return name
    return None


def infer_genre(sections: list[str], text: str) -> str:
    """Genre from section names first (editors label it), else from textual cues."""
    lowered = [s.lower() for s in sections]
    for genre, words in _GENRES.items():
        if any(w in lowered or any(w == part for s in lowered for part in s.split()) for w in words):
            return genre
    if is_transcript(text):
        return "transcript"
    head = text[:2000].lower()
    if re.search(r"\bin an interview with\b|\bq:\s|\binterview(?:ed)? by\b", head):
        return "interview"
    if re.search(r"\bin my (?:opinion|view)\b|\bi believe\b", head):
        return "opinion"
    return "news" if len(text) > 200 else "other"


def complete(article: Article) -> Article:
    """Fill outlet and genre from the text where the reader's metadata had none."""
    if not article.outlet:
        article.outlet = find_outlet(article.text[article.body_start :])
    if not article.genre:
        article.genre = infer_genre(article.sections, article.text)
    return article

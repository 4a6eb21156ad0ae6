"""Read an HTML article page into an :class:`Article`: main text plus metadata.

trafilatura does the boilerplate removal (menus, footers, comments, scripts)
and metadata; this module decodes the bytes, renders trafilatura's body tree
as plain paragraphs (no markdown list markers or table pipes, which would
show up as tokens downstream) and recovers a publication time when the page
states one.  No network access: ``url`` only labels the page.
"""
from __future__ import annotations

import codecs
import gzip
import re
import unicodedata
import zlib
from typing import TYPE_CHECKING, Any

from claimscope.errors import Errors, ReadError, Warnings
from claimscope.reading.article import Article

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["LOSSY_UTF8", "MAX_HTML_BYTES", "MIN_BODY_WORDS", "decode_html", "read_html"]

#: Fewer body words than this is a menu or a stub that trafilatura's last-resort dump picked up.
MIN_BODY_WORDS = 5
#: Codec label :func:`decode_html` reports when bytes had to be replaced with U+FFFD.
LOSSY_UTF8 = "utf-8/replace"
#: Same ceiling trafilatura applies to downloads; bigger "pages" are dumps, not articles.
MAX_HTML_BYTES = 20_000_000

_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG: browsers read these labels as windows-1252, and so do the pages' authors.
_AS_CP1252 = {"ascii", "latin_1", "iso8859_1"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

# Elements of trafilatura's output tree that start a new paragraph.
_BLOCK_TAGS = frozenset(
    {"body", "p", "head", "list", "item", "quote", "code", "table", "row", "div", "section", "article", "blockquote"}
)
_SKIP_TAGS = frozenset({"graphic"})
# Keep the precision-mode body unless it is shorter than this share of the balanced one.
_PRECISION_KEEP = 0.5
# Pages stuff dozens of SEO keywords into their tags; sections are for the few real ones.
_MAX_SECTIONS = 8

_WORD = re.compile(r"\w+")
_ISO_DATETIME = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?")
_JSONLD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)


def read_html(data: bytes | str, source: str = "<html>", url: str | None = None) -> Article:
    """Extract the article in an HTML page; raise :class:`ReadError` if there is none.

    ``Article.text`` is the headline, a blank line, then the body paragraphs
    separated by blank lines.  Reader comments and tables are left out (a
    table is kept only when it is all the page has), because they are not the
    outlet's own text and would pollute claims and quotes.
    """
    warnings: list[str] = []
    if isinstance(data, bytes):
        html, encoding = decode_html(data, source)
        if encoding == LOSSY_UTF8:
            warnings.append(Warnings.W002)
        elif encoding != "utf-8":
            warnings.append(Warnings.W001.format(encoding=encoding))
    else:
        html = data
    if not html.strip():
        raise ReadError(source, Errors.E001)

    tree = _parse(html)
    if tree is None:
        raise ReadError(source, Errors.E003)
    doc, paragraphs = _extract(tree, url, tables=False)
    if not paragraphs:  # maybe the page is a table (results, listings)
        doc, paragraphs = _extract(tree, url, tables=True)
    if doc is None or sum(len(_WORD.findall(p)) for p in paragraphs) < MIN_BODY_WORDS:
        raise ReadError(source, Errors.E003)

    title = _clean(doc.title or "") or None
    if title:
        while paragraphs and _same_title(paragraphs[0], title):
            paragraphs.pop(0)  # trafilatura sometimes keeps the <h1> as the first line
        if not paragraphs:
            raise ReadError(source, Errors.E003)
    body = "\n\n".join(paragraphs)
    text = f"{title}\n\n{body}" if title else body
    return Article(
        text=text,
        source=source,
        title=title,
        published=_published(tree, doc.date),
        sections=_sections(doc.categories, doc.tags),
        outlet=_clean(doc.sitename or "") or None,
        url=url or doc.url,
        language=_language(tree),
        title_span=(0, len(title)) if title else None,
        body_start=len(title) + 2 if title else 0,
        warnings=warnings,
    )


def decode_html(data: bytes, source: str = "<html>") -> tuple[str, str]:
    """Decode page bytes; return the text and the codec name used.

    Order: byte-order mark, UTF-8, the page's own ``<meta charset>`` (or XML
    declaration), then charset-normalizer's guess.  Valid UTF-8 goes first
    even against a declared charset: for ASCII the two agree, and non-ASCII
    text in another charset practically never forms valid UTF-8 by accident,
    while pages mislabelled as windows-1252 are common.
    Gzip-compressed input (saved pages, benchmark files) is unpacked first.
    """
    if len(data) > MAX_HTML_BYTES:
        raise ReadError(source, Errors.E005.format(size=len(data), limit=MAX_HTML_BYTES))
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, source)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), _codec_name(codec)
    if not data.strip():
        raise ReadError(source, Errors.E001)
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ReadError(source, Errors.E002)

    utf8 = _try_decode(data, "utf-8")
    if utf8 is not None:
        return utf8, "utf-8"
    declared = _declared_charset(data[:_SNIFF_BYTES])
    if declared:
        decoded = _try_decode(data, declared)
        if decoded is not None:
            return decoded, declared
    return _guess(data)


def _gunzip(data: bytes, source: str) -> bytes:
    """Unpack gzip input without letting a small bomb exceed the size limit."""
    unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(data, MAX_HTML_BYTES + 1)
    except (zlib.error, gzip.BadGzipFile) as err:
        raise ReadError(source, Errors.E002) from err
    if len(out) > MAX_HTML_BYTES:
        raise ReadError(source, Errors.E005.format(size=f"more than {MAX_HTML_BYTES}", limit=MAX_HTML_BYTES))
    return out


def _codec_name(label: str) -> str:
    """Canonical codec name, with the labels browsers treat as windows-1252 mapped to it."""
    name = codecs.lookup(label).name
    if name == "utf-8-sig":
        return "utf-8"
    return "cp1252" if name.replace("-", "_") in _AS_CP1252 else name


def _declared_charset(head: bytes) -> str | None:
    """The charset the page declares in its first bytes, if Python knows it."""
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match:
            try:
                name = _codec_name(match.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                return None  # an unknown label: fall back to detection
            # WHATWG: a UTF-16/32 label inside 8-bit markup is a mistake, never obeyed
            return None if name.startswith(("utf-16", "utf-32", "utf_16", "utf_32")) else name
    return None


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(data: bytes) -> tuple[str, str]:
    """charset-normalizer's best guess; UTF-8 with replacement characters as a last resort."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        name = _codec_name(best.encoding)
        decoded = _try_decode(data, name)
        if decoded is not None:
            return decoded, name
    return data.decode("utf-8", errors="replace"), LOSSY_UTF8


def _parse(html: str) -> HtmlElement | None:
    """Parse with trafilatura's loader, wrapping bare fragments it would reject."""
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None and "<" in html:
        tree = trafilatura.load_html(f"<html><body>{html}</body></html>")
    return tree


def _extract(tree: HtmlElement, url: str | None, *, tables: bool) -> tuple[Any, list[str]]:
    """Metadata document and body paragraphs: precision mode, guarded by balanced mode.

    trafilatura's default *balanced* mode is what its documentation suggests
    for general use, but on news pages it lets related-story teasers and
    captions through; ``favor_precision`` drops those, and occasionally drops
    real paragraphs too.  So the precise body is kept unless it is under half
    the balanced one (then precision has cut the article, not the noise).
    On the benchmark this beats either mode alone (see scripts/evaluate_html.py).
    """
    precise = _run(tree, url, tables=tables, precision=True, metadata=True)
    balanced = _run(tree, url, tables=tables, precision=False, metadata=precise is None)
    meta = precise if precise is not None else balanced
    p_paras = _paragraphs(precise.body) if precise is not None else []
    b_paras = _paragraphs(balanced.body) if balanced is not None else []
    if p_paras and _length(p_paras) >= _PRECISION_KEEP * _length(b_paras):
        return meta, p_paras
    return meta, b_paras


def _run(tree: HtmlElement, url: str | None, *, tables: bool, precision: bool, metadata: bool) -> Any:
    """One trafilatura pass (fallback extractors on, comments/images/links off)."""
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=precision,
        with_metadata=metadata,
        include_comments=False,
        include_tables=tables,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
    )


def _length(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


def _paragraphs(body: HtmlElement | None) -> list[str]:
    """Flatten trafilatura's output tree into whitespace-normalised paragraphs.

    Every block element and every ``<lb>`` (a ``<br>``) ends a paragraph;
    table cells are joined with spaces, one row per paragraph.
    """
    if body is None:
        return []
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        for line in "".join(buf).split("\n"):
            cleaned = _clean(line)
            if cleaned:
                out.append(cleaned)
        buf.clear()

    def walk(el: HtmlElement) -> None:
        block = el.tag in _BLOCK_TAGS
        if block:
            flush()
        if el.tag == "lb":
            buf.append("\n")
        elif el.tag == "cell":
            buf.append(" ")
        if el.tag not in _SKIP_TAGS:
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
        if block:
            flush()
        if el.tail:
            buf.append(el.tail)

    walk(body)
    flush()
    return out


def _same_title(line: str, title: str) -> bool:
    """A body line that repeats the headline: equal but for whitespace, case and a trailing period."""
    def norm(s: str) -> str:
        return " ".join(s.split()).rstrip(".").rstrip().casefold()
    return norm(line) == norm(title)


def _clean(text: str) -> str:
    """One line, single spaces, NFC: the form offsets downstream rely on."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _published(tree: HtmlElement, date: str | None) -> str | None:
    """trafilatura's date, with the time of day when the page states one for that date.

    The time is kept as written (its UTC offset dropped); a stated time whose
    date differs from trafilatura's pick belongs to something else and is ignored.
    """
    if not date:
        return None
    for candidate in _datetime_candidates(tree):
        match = _ISO_DATETIME.match(candidate)
        if match and match.group(1) == date:
            hour, minute, second = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
            if hour < 24 and minute < 60 and second < 60:
                return f"{date}T{hour:02d}:{minute:02d}:{second:02d}"
    return date


def _datetime_candidates(tree: HtmlElement) -> list[str]:
    """Publication timestamps stated in meta tags, JSON-LD and ``<time>`` elements, best first."""
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _PUBLISHED_KEYS and meta.get("content"):
            found.append(meta.get("content"))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found.extend(_JSONLD_PUBLISHED.findall(script.text))
    for el in tree.xpath('//*[@itemprop="datePublished"]'):
        found.extend(v for v in (el.get("datetime"), el.get("content")) if v)
    found.extend(el.get("datetime") for el in tree.iter("time") if el.get("datetime"))
    return found


def _sections(categories: list[str] | None, tags: list[str] | None) -> list[str]:
    """Categories then tags, comma lists split, deduplicated case-insensitively, capped."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in [*(categories or []), *(tags or [])]:
        for piece in raw.split(","):
            name = _clean(piece)
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                out.append(name)
    return out[:_MAX_SECTIONS]


def _language(tree: HtmlElement) -> str:
    """Primary subtag of ``<html lang>``; English when the page does not say."""
    lang = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    primary = re.split(r"[-_]", lang, maxsplit=1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else "en"

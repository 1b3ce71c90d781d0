"""HTML pages: main text by trafilatura, metadata by trafilatura and htmldate.

The page's main text becomes ``Document.raw_text`` with paragraphs separated by blank lines;
markup offsets would help no reader. ``published`` is the original publication day found by
htmldate (never a last-modified date), as an ISO date string.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import htmldate
import lxml.html
import trafilatura
from lxml import etree

from ..errors import BinaryInputError, EmptyInputError, EncodingError, NoArticleError
from ..model import Document, Metadata
from .text import looks_binary

log = logging.getLogger(__name__)

# A page whose extracted text is shorter than this, or has no block of running prose, is a menu,
# login wall or error page rather than an article. trafilatura's fallback extractors return such
# scraps instead of nothing, so the floor is ours.
MIN_ARTICLE_WORDS = 15
MIN_PROSE_BLOCK_WORDS = 8
_BOM = b"\xef\xbb\xbf"
_DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr",
                     "table", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "section", "article",
                     "header", "footer", "hr"})
_DROP = ("script", "style", "noscript", "template")
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)""",
                        re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, source: str, *, encoding: str | None = None) -> str:
    """Decode an HTML page: UTF-8 first, else the charset the page declares, else ``encoding``.

    ``encoding`` is a transport hint (an HTTP ``Content-Type`` charset). Raises ``EmptyInputError``,
    ``BinaryInputError`` or ``EncodingError`` (with the byte offset of the first bad byte).
    """
    body = data.removeprefix(_BOM)
    if not body.strip():
        raise EmptyInputError(source, "empty file")
    if looks_binary(body):
        raise BinaryInputError(source, "binary data, not an HTML page (NUL or control bytes)")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        first_error = e
    declared = _META_CHARSET.search(body[:4096])
    for candidate in (declared.group(1).decode("ascii") if declared else None, encoding):
        if not candidate or candidate.lower().replace("_", "-") in ("utf-8", "utf8"):
            continue
        try:
            return body.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %r does not decode the page", source, candidate)
    offset = first_error.start + (len(data) - len(body))
    raise EncodingError(
        source, f"invalid UTF-8 at byte offset {offset} and no usable declared charset"
    ) from first_error


def fragment_text(fragment: str) -> str:
    """All text of an HTML fragment (a feed entry's content), blocks separated by blank lines.

    Unlike ``read_html`` this keeps every block: a feed entry holds only the article, and
    trafilatura's boilerplate heuristics would drop short entries whole. Plain text comes back
    with its whitespace normalised.
    """
    if "<" not in fragment:
        return _paragraphs(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError):
        return _paragraphs(fragment)
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _DROP:
            continue
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    return _paragraphs(root.text_content())


def _paragraphs(text: str) -> str:
    paras = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    out = ("\n".join(" ".join(ln.split()) for ln in p.split("\n") if ln.strip()) for p in paras)
    return "\n\n".join(p for p in out if p)


def read_html(
    data: bytes | str,
    *,
    name: str,
    source: str,
    url: str | None = None,
    encoding: str | None = None,
    fmt: str = "html",
) -> Document:
    """One ``Document`` from an HTML page (bytes are decoded with ``decode_html``).

    ``url`` is where the page came from, if known; it is used when the page names no canonical URL.
    Raises ``NoArticleError`` when the page holds no article text.
    """
    html = decode_html(data, source, encoding=encoding) if isinstance(data, bytes) else data
    doc = _extract(html, url=url)
    text = _body_text(doc) if doc is not None else ""
    if not _is_article(text):
        raise NoArticleError(source, "no article text found in HTML page")
    meta = Metadata(
        title=_clean(getattr(doc, "title", None)),
        url=_clean(getattr(doc, "url", None)) or url,
        outlet=_clean(getattr(doc, "sitename", None)),
        published=_published(html, url),
        byline=_clean(getattr(doc, "author", None)),
        language=_clean(getattr(doc, "language", None)) or _declared_language(html),
    )
    return Document(name=name, source=source, fmt=fmt, raw_text=text, meta=meta)


def _extract(html: str, *, url: str | None) -> Any:
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, etree.LxmlError) as e:  # unparsable markup: treat as no article
        log.debug("trafilatura failed: %s", e)
        return None


def _published(html: str, url: str | None) -> str | None:
    """The page's original publication day (YYYY-MM-DD) according to htmldate, or None.

    Only the markup and URL are searched (``extensive_search=False``): the free-text search turns a
    footer's copyright year into a January 1st, and a wrong given date would override the cleaner's
    better guess from the dateline.
    """
    try:
        found = htmldate.find_date(html, **_DATE_PARAMS, url=url)
    except (ValueError, TypeError, etree.LxmlError) as e:
        log.debug("htmldate failed: %s", e)
        return None
    return found or None


def _body_text(doc: Any) -> str:
    """Render trafilatura's body tree as text: one block per paragraph, blank line between blocks.

    Hand-written because trafilatura's own text output separates paragraphs and ``<br>`` line
    breaks alike by a single newline, which would lose paragraph boundaries.
    """
    body = getattr(doc, "body", None)
    if body is None:
        return str(getattr(doc, "text", "") or "").strip()
    blocks = (_block(el) for el in body)
    return "\n\n".join(b for b in blocks if b)


def _block(el: etree._Element) -> str:
    if el.tag == "list":
        return "\n".join(f"- {_inline(item)}" for item in el.iter("item") if _inline(item))
    if el.tag == "table":
        rows = (" | ".join(_inline(c) for c in row.iter("cell")) for row in el.iter("row"))
        return "\n".join(r for r in rows if r.strip(" |"))
    return _inline(el)


def _inline(el: etree._Element) -> str:
    parts: list[str] = []
    _walk(el, parts)
    lines = ("".join(parts)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _walk(el: etree._Element, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        else:
            _walk(child, parts)
        if child.tail:
            parts.append(child.tail)


def _declared_language(html: str) -> str | None:
    """The ``lang`` attribute of the page's ``<html>`` element (e.g. ``en``, ``en-GB``), if any."""
    found = _HTML_LANG.search(html[:8192])
    return found.group(1) if found else None


def _is_article(text: str) -> bool:
    return (len(text.split()) >= MIN_ARTICLE_WORDS
            and any(len(line.split()) >= MIN_PROSE_BLOCK_WORDS for line in text.split("\n")))


def _clean(value: object) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None

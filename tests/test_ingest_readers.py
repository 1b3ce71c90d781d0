"""The format readers of eventwire.ingest, called directly on bytes or streams (no file I/O)."""

from __future__ import annotations

import gzip
import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.errors import BinaryInputError, EmptyInputError, EncodingError, NoArticleError
from eventwire.ingest import (
    decode_html,
    format_from_content_type,
    format_from_name,
    fragment_text,
    read_feed,
    read_html,
    read_jsonl,
    read_text,
    read_warc,
    sniff,
)
from eventwire.model import Document, Rejection

PARA_1 = ("Artillery fire struck the outskirts of a river town on Tuesday night, damaging a school, two "
          "houses and a power line, the regional governor told reporters on Wednesday morning.")
PARA_2 = ("The defence ministry said its units had returned fire and that the situation along the line of "
          "contact remained tense, while local officials asked residents to stay in shelters.")


def article_html(*, title: str = "Town shelled overnight", author: str = "Ana Petrova",
                 published: str = "2022-05-03T22:40:00+03:00", modified: str = "2022-05-09T08:00:00+00:00",
                 site: str = "The Example Herald", paras: tuple[str, ...] = (PARA_1, PARA_2)) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        "<!DOCTYPE html><html lang='en'><head>"
        f"<title>{title} | {site}</title>"
        f"<meta property='og:title' content='{title}'>"
        f"<meta property='og:site_name' content='{site}'>"
        f"<meta name='author' content='{author}'>"
        + (f"<meta property='article:published_time' content='{published}'>" if published else "")
        + (f"<meta property='article:modified_time' content='{modified}'>" if modified else "") +
        "<link rel='canonical' href='https://herald.example/world/town-shelled'>"
        "</head><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer><p>All rights reserved.</p></footer></body></html>"
    )


# --- detection -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "fmt"), [
    ("a.txt", "text"), ("a.TEXT", "text"), ("notes.md", "text"), ("page.HTM", "html"), ("p.xhtml", "html"),
    ("f.rss", "feed"), ("f.atom", "feed"), ("c.warc", "warc"), ("c.warc.gz", "warc"), ("x.jsonl", "jsonl"),
    ("x.ndjson", "jsonl"), ("noext", None), ("feed.xml", None), ("archive.tar.gz", None), ("a.b.txt", "text"),
])
def test_format_from_name(name: str, fmt: str | None) -> None:
    assert format_from_name(name) == fmt


@pytest.mark.parametrize(("head", "fmt"), [
    (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "html"),
    (b"<HTML><body>", "html"),
    (b"<?xml version='1.0'?>\n<rss version='2.0'>", "feed"),
    (b"<?xml version='1.0'?><!-- c --><feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
    (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
    (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
    (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), "warc"),
    (b'{"text": "a"}\n{"text": "b"}\n', "jsonl"),
    (b"{not json at all}\n", "text"),
    (b"Plain words on a line.\n", "text"),
])
def test_sniff(head: bytes, fmt: str) -> None:
    assert sniff(head) == fmt


def test_format_from_content_type() -> None:
    assert format_from_content_type("text/html; charset=utf-8") == "html"
    assert format_from_content_type("application/rss+xml") == "feed"
    assert format_from_content_type("application/xml") is None
    assert format_from_content_type(None) is None


# --- text ------------------------------------------------------------------------------------------

def test_text_kept_exactly_with_bom_dropped() -> None:
    raw = "Line one.\r\n\r\n  Indented   line two.\n"
    doc = read_text(b"\xef\xbb\xbf" + raw.encode(), name="a.txt", source="dir/a.txt")
    assert doc == Document(name="a.txt", source="dir/a.txt", fmt="text", raw_text=raw)


def test_text_invalid_utf8_names_byte_offset() -> None:
    data = "Ünïcode ok, then ".encode() + b"\xff\xfe bad"
    with pytest.raises(EncodingError) as e:
        read_text(data, name="a.txt", source="a.txt")
    assert f"byte offset {len(data) - 6}" in e.value.reason


def test_text_invalid_utf8_offset_counts_bom() -> None:
    with pytest.raises(EncodingError) as e:
        read_text(b"\xef\xbb\xbfab\xc3", name="a", source="a")
    assert "byte offset 5" in e.value.reason


def test_text_utf16_named_as_such() -> None:
    with pytest.raises(EncodingError, match="UTF-16 byte-order mark"):
        read_text("Some words.".encode("utf-16"), name="u", source="u")


@pytest.mark.parametrize("data", [b"text\x00with nul", bytes(range(1, 32)) * 20 + b"some letters"])
def test_text_binary_rejected(data: bytes) -> None:
    with pytest.raises(BinaryInputError):
        read_text(data, name="b", source="b")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \n\t\n"])
def test_text_empty_rejected(data: bytes) -> None:
    with pytest.raises(EmptyInputError):
        read_text(data, name="e", source="e")


# --- HTML ------------------------------------------------------------------------------------------

def test_html_metadata_and_paragraphs() -> None:
    doc = read_html(article_html().encode(), name="p.html", source="in/p.html")
    assert doc.fmt == "html" and doc.name == "p.html" and doc.source == "in/p.html"
    assert doc.meta.title == "Town shelled overnight"
    assert doc.meta.byline == "Ana Petrova"
    assert doc.meta.outlet == "The Example Herald"
    assert doc.meta.published == "2022-05-03"  # published_time, not the later modified_time
    assert doc.meta.url == "https://herald.example/world/town-shelled"
    assert doc.meta.language == "en"
    assert f"{PARA_1}\n\n{PARA_2}" in doc.raw_text
    assert "All rights reserved" not in doc.raw_text and "Home" not in doc.raw_text.split("\n")


def test_html_copyright_year_is_not_a_publication_date() -> None:
    html = article_html(published="", modified="").replace("All rights", "&copy; 2021 All rights")
    assert read_html(html, name="p", source="p").meta.published is None
    dated = html.replace("<h1>", "<time datetime='2022-05-03T10:00:00'>3 May</time><h1>")
    assert read_html(dated, name="p", source="p").meta.published == "2022-05-03"


def test_html_line_breaks_stay_inside_paragraph() -> None:
    html = article_html(paras=(PARA_1.replace(", damaging", ",<br>damaging"), PARA_2))
    text = read_html(html, name="p", source="p").raw_text
    assert "\n\n" in text
    first = next(b for b in text.split("\n\n") if b.startswith("Artillery"))
    assert "\n" in first and "damaging" in first


def test_html_without_article_rejected() -> None:
    page = ("<html><head><title>Sign in</title></head><body><nav><a href='/'>Home</a> <a href='/news'>"
            "News</a></nav><form><input name='u'><button>Log in</button></form></body></html>")
    with pytest.raises(NoArticleError, match="no article text found in HTML page"):
        read_html(page.encode(), name="login.html", source="login.html")


def test_html_declared_charset_used_when_not_utf8() -> None:
    html = article_html(author="José Núñez").replace("<head>", "<head><meta charset='windows-1252'>")
    doc = read_html(html.encode("cp1252"), name="p", source="p")
    assert doc.meta.byline == "José Núñez"


def test_html_undeclared_bad_bytes_rejected_with_offset() -> None:
    data = b"<html><body><p>caf\xe9</p></body></html>"
    with pytest.raises(EncodingError, match="byte offset 18"):
        decode_html(data, "p.html")


def test_fragment_text_blocks() -> None:
    assert fragment_text("<p>One <b>two</b>.</p><p>Three<br/>four.</p><script>x()</script>") == \
        "One two.\n\nThree\nfour."
    assert fragment_text("  plain   summary ") == "plain summary"


# --- feeds -----------------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Wire</title><link>https://wire.example/</link><language>en</language>
<item><title>First story</title><link>https://wire.example/1</link><guid>wire-1</guid>
  <dc:creator>Lee Chan</dc:creator><pubDate>Tue, 03 May 2022 23:30:00 +0300</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>{PARA_1}</p><p>{PARA_2}</p>]]></content:encoded></item>
<item><title>Second story</title><link>https://wire.example/2</link>
  <pubDate>Wed, 04 May 2022 08:00:00 GMT</pubDate><description>{PARA_2}</description></item>
<item><title>Third story</title><link>https://wire.example/3</link><guid>wire-3</guid>
  <description>&lt;p&gt;{PARA_1}&lt;/p&gt;</description></item>
</channel></rss>"""


def test_feed_three_entries_with_metadata() -> None:
    items = list(read_feed(RSS.encode(), source="wire.rss"))
    assert [type(i) for i in items] == [Document, Document, Document]
    first, second, third = items
    assert isinstance(first, Document) and isinstance(second, Document) and isinstance(third, Document)
    assert first.name == "wire-1" and first.source == "wire.rss#1" and first.fmt == "feed"
    assert first.raw_text == f"{PARA_1}\n\n{PARA_2}"  # full content wins over the teaser
    assert first.meta.title == "First story" and first.meta.url == "https://wire.example/1"
    assert first.meta.byline == "Lee Chan" and first.meta.outlet == "Example Wire"
    assert first.meta.published == "2022-05-03"  # the feed's local day, not UTC's 2022-05-03T20:30
    assert second.name == "https://wire.example/2" and second.raw_text == PARA_2
    assert second.meta.published == "2022-05-04" and second.meta.byline is None
    assert third.raw_text == PARA_1 and third.meta.published is None


def test_atom_feed() -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:desk</id>
<updated>2022-05-05T00:00:00Z</updated>
<entry><title>Atom story</title><id>urn:desk:1</id><link href="https://desk.example/a"/>
<author><name>Sam Ode</name></author><published>2022-05-04T23:59:00-05:00</published>
<updated>2022-05-06T10:00:00Z</updated><content type="html">&lt;p&gt;{PARA_1}&lt;/p&gt;</content></entry>
</feed>"""
    (doc,) = read_feed(atom.encode(), source="desk.atom")
    assert isinstance(doc, Document)
    assert (doc.name, doc.meta.url, doc.meta.byline, doc.meta.outlet, doc.meta.published) == \
        ("urn:desk:1", "https://desk.example/a", "Sam Ode", "Atom Desk", "2022-05-04")
    assert doc.raw_text == PARA_1


def test_malformed_feed_one_rejection_with_line() -> None:
    broken = b"<?xml version='1.0'?>\n<rss version='2.0'>\n<channel>\n<title>x</title>\n<item><title>a</ite"
    items = list(read_feed(broken, source="bad.rss"))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].source == "bad.rss" and items[0].line == 5 and "malformed feed" in items[0].reason


def test_not_a_feed_rejected() -> None:
    items = list(read_feed(b"<?xml version='1.0'?><catalog><book>x</book></catalog>", source="c.xml"))
    assert len(items) == 1 and isinstance(items[0], Rejection) and "not an RSS/Atom feed" in items[0].reason


def test_feed_entry_without_text_rejected_alone() -> None:
    rss = RSS.replace(f"<description>{PARA_2}</description>", "")
    items = list(read_feed(rss.encode(), source="w.rss"))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection", "Document"]
    assert isinstance(items[1], Rejection) and items[1].line == 2 and "has no text" in items[1].reason


# --- WARC ------------------------------------------------------------------------------------------

def _warc(records: list[tuple[str, str, bytes]], *, gz: bool) -> bytes:
    """A WARC holding (record type, target URI / content type, payload) records."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for rec_type, uri, payload in records:
        ctype = "image/png" if uri.endswith(".png") else "text/html; charset=utf-8"
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        if rec_type == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
        record = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(payload), length=len(payload),
                                           http_headers=http)
        writer.write_record(record)
    return buf.getvalue()


def _two_pages(gz: bool) -> bytes:
    return _warc([
        ("request", "https://a.example/1", b""),
        ("response", "https://a.example/1", article_html(title="One").encode()),
        ("response", "https://a.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ("response", "https://a.example/2", article_html(title="Two", paras=(PARA_2, PARA_1)).encode()),
    ], gz=gz)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_two_html_records(gz: bool) -> None:
    items = list(read_warc(io.BytesIO(_two_pages(gz)), source="c.warc", max_bytes=1 << 20))
    assert all(isinstance(i, Document) for i in items) and len(items) == 2
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.name for d in docs] == ["https://a.example/1", "https://a.example/2"]
    assert [d.meta.title for d in docs] == ["One", "Two"]
    assert [d.meta.url for d in docs] == ["https://a.example/1", "https://a.example/2"]  # not the canonical link
    assert all(d.fmt == "warc" and d.source.startswith("c.warc#") for d in docs)
    assert docs[0].source != docs[1].source
    assert all(d.meta.published == "2022-05-03" for d in docs)  # the page's date, never WARC-Date
    assert docs[1].raw_text.startswith("Two\n\n" + PARA_2) or PARA_2 in docs[1].raw_text


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_earlier_records(gz: bool) -> None:
    data = _two_pages(gz)
    cut = data[: len(data) - 300]
    items = list(read_warc(io.BytesIO(cut), source="c.warc", max_bytes=1 << 20))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection"]
    rej = items[-1]
    assert isinstance(rej, Rejection) and rej.source == "c.warc"
    assert "truncated WARC" in rej.reason and "byte offset" in rej.reason


def test_gzip_warc_cut_in_last_member_trailer() -> None:
    data = _two_pages(True)
    items = list(read_warc(io.BytesIO(data[:-4]), source="c.warc.gz", max_bytes=1 << 20))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Rejection"]
    assert isinstance(items[-1], Rejection) and "is cut short" in items[-1].reason


def test_warc_without_html_records_rejected() -> None:
    data = _warc([("response", "https://a.example/logo.png", b"\x89PNG\r\n")], gz=False)
    items = list(read_warc(io.BytesIO(data), source="i.warc", max_bytes=1 << 20))
    assert [str(i) for i in items] == ["i.warc: no HTML response record in WARC"]


def test_corrupt_warc_reason_is_one_printable_line() -> None:
    data = bytearray(_two_pages(True))
    data[1200:1210] = b"\n\x00\x01garbage"
    items = list(read_warc(io.BytesIO(bytes(data)), source="c", max_bytes=1 << 20))
    rejection = items[-1]
    assert isinstance(rejection, Rejection) and "byte offset" in rejection.reason
    assert str(rejection).isprintable() and len(str(rejection)) < 250


def test_warc_wrong_content_length_stops_with_one_rejection() -> None:
    data = _two_pages(False)
    header = re.findall(rb"Content-Length: \d+\r\n", data)[1]  # the first response record
    declared = int(header.split()[1])
    bad = data.replace(header, f"Content-Length: {declared - 30}\r\n".encode(), 1)
    items = list(read_warc(io.BytesIO(bad), source="w.warc", max_bytes=1 << 20))
    assert [type(i).__name__ for i in items] == ["Document", "Rejection"]
    assert "Content-Length does not match" in items[-1].reason  # type: ignore[union-attr]


def test_garbage_warc_rejected_once() -> None:
    garbage = io.BytesIO(b"WARC/1.0\r\nthis is not a header\r\n")
    items = list(read_warc(garbage, source="g.warc", max_bytes=100))
    assert len(items) == 1 and isinstance(items[0], Rejection) and items[0].source == "g.warc"


def test_warc_record_over_limit_rejected_alone() -> None:
    big = article_html(title="Big", paras=(PARA_1, PARA_2) * 20).encode()
    small = article_html(title="Small").encode()
    assert len(small) < 3000 < len(big)
    data = _warc([("response", "https://a.example/big", big), ("response", "https://a.example/s", small)],
                 gz=False)
    items = list(read_warc(io.BytesIO(data), source="c.warc", max_bytes=3000))
    assert [type(i).__name__ for i in items] == ["Rejection", "Document"]
    assert isinstance(items[0], Rejection) and "limit" in items[0].reason and items[0].source == "c.warc#0"


# --- JSON Lines ------------------------------------------------------------------------------------

def test_jsonl_good_bad_and_blank_lines() -> None:
    lines = [
        json.dumps({"id": "a1", "text": PARA_1, "title": "T", "outlet": "O", "published": "2022-05-03",
                    "byline": "B", "url": "https://o.example/a1", "language": "en"}),
        "",
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": PARA_2}),
        json.dumps({"text": PARA_2, "title": 7}),
    ]
    items = list(read_jsonl(io.BytesIO("\n".join(lines).encode()), base="in.jsonl", source="d/in.jsonl",
                            max_bytes=1 << 20))
    kinds = [(type(i).__name__, i.line if isinstance(i, Rejection) else i.name) for i in items]
    assert kinds == [("Document", "a1"), ("Rejection", 3), ("Rejection", 4), ("Rejection", 5),
                     ("Rejection", 6), ("Document", "in.jsonl:7"), ("Rejection", 8)]
    first = items[0]
    assert isinstance(first, Document) and first.source == "d/in.jsonl:1" and first.raw_text == PARA_1
    assert (first.meta.title, first.meta.outlet, first.meta.published, first.meta.byline, first.meta.url) == \
        ("T", "O", "2022-05-03", "B", "https://o.example/a1")
    reasons = [i.reason for i in items if isinstance(i, Rejection)]
    assert reasons[0].startswith("not JSON") and "no 'text' field" in reasons[1]
    assert "not a JSON object" in reasons[2] and "empty" in reasons[3] and "'title'" in reasons[4]
    assert all(i.source == "d/in.jsonl" for i in items if isinstance(i, Rejection))


def test_jsonl_overlong_line_skipped_not_loaded() -> None:
    data = b'{"text": "' + b"x" * 5000 + b'"}\n{"text": "short one"}\n'
    items = list(read_jsonl(io.BytesIO(data), base="b", source="b", max_bytes=100))
    assert isinstance(items[0], Rejection) and items[0].line == 1 and "limit" in items[0].reason
    assert isinstance(items[1], Document) and items[1].raw_text == "short one" and items[1].name == "b:2"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1).filter(lambda s: s.strip() != ""), max_size=20))
def test_jsonl_never_loses_a_record(texts: list[str]) -> None:
    data = "\n".join(json.dumps({"text": t}) for t in texts).encode()
    items = list(read_jsonl(io.BytesIO(data), base="p", source="p", max_bytes=1 << 20))
    assert [i.raw_text for i in items if isinstance(i, Document)] == texts
    assert len(items) == len(texts)


# --- robustness: no input makes a reader fail with anything but a Rejection or an InputError ---------

_PREFIXES = [b"", b"WARC/1.0\r\n", b"<?xml version='1.0'?><rss><channel><item>", b"<!doctype html><html>",
             b'{"text": ', b"\x1f\x8b", b"\xef\xbb\xbf"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_PREFIXES), st.binary(max_size=400))
def test_readers_never_raise_on_arbitrary_bytes(prefix: bytes, tail: bytes) -> None:
    data = prefix + tail
    items: list[Document | Rejection] = []
    items += read_feed(data, source="f")
    items += read_warc(io.BytesIO(data), source="w", max_bytes=1 << 16)
    items += read_jsonl(io.BytesIO(data), base="j", source="j", max_bytes=1 << 16)
    for reader in (read_text, read_html):
        try:
            items.append(reader(data, name="x", source="x"))
        except (EmptyInputError, BinaryInputError, EncodingError, NoArticleError):
            pass
    assert all(isinstance(i, Document | Rejection) for i in items)


NEWS_PAGE = """<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Ceasefire talks stall as shelling resumes - Northern Courier</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Ceasefire talks stall as shelling resumes","datePublished":"2023-02-10T21:15:00+02:00",
"dateModified":"2023-02-11T09:00:00+02:00","author":{"@type":"Person","name":"Maria Ionescu"},
"publisher":{"@type":"Organization","name":"Northern Courier"}}</script></head><body>
<header><div class="logo">Northern Courier</div><ul class="menu"><li><a href="/world">World</a></li></ul></header>
<main><article><h1>Ceasefire talks stall as shelling resumes</h1>
<div class="share"><a>Share on Facebook</a><a>Share on Twitter</a></div>
<p>Negotiators left the capital on Friday without agreeing on a new ceasefire, after a night of shelling
that local officials said damaged a hospital and several apartment blocks.</p>
<p>The foreign ministry accused the other side of violating the truce at least a dozen times since
Wednesday, a claim that could not be independently verified.</p>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Earlier talks collapse</a></li></ul></aside>
</article></main>
<section class="comments"><h3>Comments</h3><div class="comment">First! This is outrageous.</div></section>
<footer><p>&copy; 2023 Northern Courier. All rights reserved.</p></footer></body></html>"""


def test_html_json_ld_metadata_and_boilerplate_dropped() -> None:
    doc = read_html(NEWS_PAGE.encode(), name="p", source="p")
    assert (doc.meta.title, doc.meta.byline, doc.meta.outlet, doc.meta.published, doc.meta.language) == \
        ("Ceasefire talks stall as shelling resumes", "Maria Ionescu", "Northern Courier", "2023-02-10", "en-GB")
    blocks = doc.raw_text.split("\n\n")
    assert blocks[0] == "Ceasefire talks stall as shelling resumes"
    assert blocks[1].startswith("Negotiators left the capital") and blocks[1].endswith("apartment blocks.")
    for noise in ("Share on", "Related", "Earlier talks", "Comments", "outrageous", "rights reserved", "World"):
        assert noise not in doc.raw_text

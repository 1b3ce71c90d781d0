"""The ingest stage: read every input format into ``Document`` records (or ``Rejection`` lines).

    iter_documents(inputs, settings, stdin=None)      paths, directories, URLs, "-"  (sources.py)
      ├── read_text(bytes)    .txt .text .md, no extension                          (text.py)
      ├── read_html(bytes)    .html .htm .xhtml, sniffed <!doctype html / <html     (html.py)
      ├── read_feed(bytes)    .rss .atom, sniffed RSS/Atom XML                      (feeds.py)
      ├── read_warc(stream)   .warc .warc.gz, sniffed "WARC/1."                     (warc.py)
      └── read_jsonl(stream)  .jsonl .ndjson, sniffed JSON object lines             (jsonl.py)

Format choice (extension, then HTTP content type, then content sniffing) lives in detect.py. Readers
are pure functions over bytes or a stream; only sources.py opens files, sockets and stdin. A bad
input never stops the batch: it becomes one Rejection naming the file (and line or record) and why.
"""

from .detect import FORMATS, format_from_content_type, format_from_name, sniff
from .feeds import read_feed
from .html import decode_html, fragment_text, read_html
from .jsonl import parse_record, read_jsonl
from .sources import fetch_url, iter_documents, make_client
from .text import decode_utf8, looks_binary, read_text
from .warc import read_warc

__all__ = [
    "FORMATS", "decode_html", "decode_utf8", "fetch_url", "format_from_content_type", "format_from_name",
    "fragment_text", "iter_documents", "looks_binary", "make_client", "parse_record", "read_feed",
    "read_html", "read_jsonl", "read_text", "read_warc", "sniff",
]

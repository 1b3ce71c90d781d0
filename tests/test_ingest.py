"""eventwire.ingest.iter_documents: paths, directories, stdin and URLs, and one Rejection per bad input."""

from __future__ import annotations

import io
import json
import os
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_ingest_readers import PARA_1, PARA_2, RSS, _two_pages, article_html

from eventwire import __version__
from eventwire.ingest import iter_documents
from eventwire.model import Document, Rejection
from eventwire.settings import Settings, load_settings

Item = Document | Rejection


def run(inputs: list[str], settings: Settings | None = None, **kw: object) -> list[Item]:
    return list(iter_documents(inputs, settings or load_settings(), **kw))  # type: ignore[arg-type]


def docs(items: list[Item]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def rejections(items: list[Item]) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


def write_good_inputs(root: Path) -> None:
    (root / "a.txt").write_text(f"{PARA_1}\n\n{PARA_2}\n", encoding="utf-8")
    (root / "page.html").write_text(article_html(), encoding="utf-8")
    (root / "wire.rss").write_text(RSS, encoding="utf-8")
    (root / "crawl.warc.gz").write_bytes(_two_pages(gz=True))


def write_bad_inputs(root: Path) -> dict[str, str]:
    """Create one file per kind of bad input; return file name -> expected words of its reason."""
    (root / "empty.txt").write_bytes(b"")
    (root / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (root / "latin1.txt").write_bytes("Caf\u00e9 au lait.".encode("latin-1"))
    (root / "login.html").write_text("<html><head><title>Sign in</title></head><body><nav><a href='/'>Home"
                                     "</a></nav><form><button>Log in</button></form></body></html>")
    data = _two_pages(gz=False)
    (root / "cut.warc").write_bytes(data[: len(data) - 300])
    (root / "broken.rss").write_bytes(b"<?xml version='1.0'?>\n<rss version='2.0'>\n<channel><item><ti")
    with (root / "huge.txt").open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing written
    os.symlink(root / "gone.txt", root / "dangling.txt")
    os.mkfifo(root / "pipe.txt")
    return {
        "empty.txt": "empty", "image.bin": "binary", "latin1.txt": "invalid UTF-8 at byte offset 3",
        "login.html": "no article text found in HTML page", "cut.warc": "truncated WARC",
        "broken.rss": "malformed feed", "huge.txt": "larger than the 8388608-byte limit",
        "dangling.txt": "broken symbolic link", "pipe.txt": "not a regular file",
    }


def test_every_bad_input_one_rejection_and_batch_goes_on(tmp_path: Path) -> None:
    write_good_inputs(tmp_path)
    expected = write_bad_inputs(tmp_path)
    lines = [json.dumps({"id": "j1", "text": PARA_1}), "{oops", json.dumps({"title": "no text"}),
             json.dumps({"text": PARA_2})]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = run([str(tmp_path), str(tmp_path / "missing.txt")])

    by_source: dict[str, list[Rejection]] = {}
    for r in rejections(items):
        by_source.setdefault(Path(r.source).name, []).append(r)
    for name, words in expected.items():
        assert len(by_source.get(name, [])) == 1, (name, by_source.get(name))
        assert words in by_source[name][0].reason, (name, by_source[name][0].reason)
        assert str(by_source[name][0]).startswith(str(tmp_path / name))
    assert [(r.line, r.reason.split(":")[0]) for r in by_source["batch.jsonl"]] == \
        [(2, "not JSON"), (3, "record has no 'text' field")]
    first_bad = by_source["batch.jsonl"][0]
    assert str(first_bad) == f"{tmp_path / 'batch.jsonl'}:2: {first_bad.reason}"
    assert by_source["missing.txt"][0].reason == "no such file or directory"
    assert len(by_source) == len(expected) + 2

    names = [d.name for d in docs(items)]
    assert names == [
        "a.txt", "j1", "batch.jsonl:4", "https://a.example/1", "https://a.example/2",
        "https://a.example/1",  # cut.warc: the page before the damage
        "page.html", "wire-1", "https://wire.example/2", "wire-3",
    ]


def test_unusable_input_names_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "would-be-walked.txt").write_text("Text.")
    items = run(["", "a\x00b"])
    assert [type(i) for i in items] == [Rejection, Rejection]


def test_oversized_file_rejected_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    noext = tmp_path / "bignoext"
    with noext.open("wb") as f:
        f.seek(50 * 1024 * 1024 - 5)
        f.write(b"text\n")
    tracemalloc.start()
    try:
        items = run([str(big), str(noext)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i) for i in items] == [Rejection, Rejection]
    assert all("52428800 bytes, larger than the 8388608-byte limit" in i.reason for i in rejections(items))
    assert peak < 2 * 1024 * 1024


def test_max_bytes_setting_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x" * 200)
    (tmp_path / "b.txt").write_text("y" * 50)
    items = run([str(tmp_path)], load_settings(max_bytes=100))
    assert [type(i) for i in items] == [Rejection, Document]


def test_directory_walk_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    rels = ["b/z.txt", "a.txt", "b/a/y.txt", "c.txt", ".hidden.txt", ".git/x.txt", "b/.cache/q.txt", "B.txt"]
    for rel in rels:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"Text of {rel}.")
    first = [i.source for i in run([str(tmp_path)])]
    assert first == [str(tmp_path / r) for r in ["B.txt", "a.txt", "b/a/y.txt", "b/z.txt", "c.txt"]]
    assert [i.source for i in run([str(tmp_path)])] == first


def test_directory_symlink_loop_visited_once(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("Some text.")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    items = run([str(tmp_path)])
    assert [d.name for d in docs(items)] == ["a.txt"] and len(items) == 1


def test_unlistable_directory_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, where permission bits do not stop reading; fail the listing instead.
    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_text("Readable text.")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = run([str(tmp_path)])
    assert [type(i) for i in items] == [Rejection, Document]
    assert str(items[0]) == f"{tmp_path / 'locked'}: cannot list directory: Permission denied"


def test_generator_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First.")
    asked: list[str] = []

    def inputs() -> Iterator[str]:
        for name in ("a.txt", "b.txt"):
            asked.append(name)
            yield str(tmp_path / name)

    it = iter_documents(inputs(), load_settings())
    assert isinstance(next(it), Document) and asked == ["a.txt"]
    assert isinstance(next(it), Rejection) and asked == ["a.txt", "b.txt"]


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page.php").write_text(article_html())
    (tmp_path / "feed.xml").write_text(RSS)
    (tmp_path / "dump").write_text(json.dumps({"text": PARA_1}) + "\n")
    (tmp_path / "notes").write_text("Plain notes.")
    got = [(i.fmt, i.name) for i in docs(run([str(tmp_path)]))]
    assert got == [("jsonl", "dump:1"), ("feed", "wire-1"), ("feed", "https://wire.example/2"),
                   ("feed", "wire-3"), ("text", "notes"), ("html", "page.php")]


def test_stdin_text_jsonl_and_html() -> None:
    raw = "Zeile eins.\r\nLine two \u2014 kept exactly.\n"
    (doc,) = run(["-"], stdin=io.BytesIO(raw.encode()))
    assert isinstance(doc, Document) and doc.raw_text == raw and doc.source == "<stdin>" and doc.fmt == "text"

    data = "\n".join([json.dumps({"text": PARA_1}), "", "nope", json.dumps({"id": "x", "text": PARA_2})])
    items = run(["-"], stdin=io.BytesIO(data.encode()))
    assert [(type(i).__name__, i.name if isinstance(i, Document) else i.line) for i in items] == \
        [("Document", "stdin:1"), ("Rejection", 3), ("Document", "x")]

    (page,) = run(["-"], stdin=io.BytesIO(article_html().encode()))
    assert isinstance(page, Document) and page.fmt == "html" and page.meta.outlet == "The Example Herald"


def test_stdin_large_jsonl_streams_past_max_bytes() -> None:
    line = json.dumps({"text": PARA_1}) + "\n"
    data = (line * 1000).encode()  # longer than both the sniffed head and max_bytes
    items = run(["-"], load_settings(max_bytes=1024), stdin=io.BytesIO(data))
    assert len(data) > 128 * 1024
    assert [d.name for d in docs(items)] == [f"stdin:{n}" for n in range(1, 1001)]


def test_stdin_empty_rejected() -> None:
    assert [str(i) for i in run(["-"], stdin=io.BytesIO(b""))] == ["<stdin>: empty file"]


# --- URLs (served from 127.0.0.1, never the internet) ---------------------------------------------

ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/article": (200, "text/html; charset=utf-8", article_html().encode()),
    "/feed": (200, "application/rss+xml", RSS.encode()),
    "/feed-as-xml": (200, "application/xml", RSS.encode()),
    "/plain": (200, "text/plain; charset=utf-8", f"{PARA_1}\n".encode()),
    "/login": (200, "text/html", b"<html><body><form>Log in</form></body></html>"),
}


class _Handler(BaseHTTPRequestHandler):
    agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.agents.append(self.headers.get("User-Agent", ""))
        try:
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/article")
                self.end_headers()
            elif self.path == "/slow":
                time.sleep(1.0)
                self.send_response(200)
                self.end_headers()
            elif self.path in ROUTES:
                status, ctype, body = ROUTES[self.path]
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_error(404, "Not Found")
        except OSError:
            pass  # the client gave up (timeout test) and closed the connection

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.agents.clear()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_url_html_feed_text_and_errors(server: str) -> None:
    urls = [f"{server}/article", f"{server}/feed", f"{server}/feed-as-xml", f"{server}/plain",
            f"{server}/moved", f"{server}/missing", f"{server}/login"]
    items = run(urls)
    got = [(type(i).__name__, i.source) for i in items]
    assert got == [
        ("Document", f"{server}/article"),
        *[("Document", f"{server}/feed#{n}") for n in (1, 2, 3)],
        *[("Document", f"{server}/feed-as-xml#{n}") for n in (1, 2, 3)],
        ("Document", f"{server}/plain"),
        ("Document", f"{server}/moved"),
        ("Rejection", f"{server}/missing"),
        ("Rejection", f"{server}/login"),
    ]
    page = items[0]
    assert isinstance(page, Document) and page.fmt == "html" and page.name == f"{server}/article"
    assert page.meta.published == "2022-05-03" and page.meta.byline == "Ana Petrova"
    assert isinstance(items[7], Document) and items[7].fmt == "text" and items[7].raw_text == f"{PARA_1}\n"
    assert isinstance(items[8], Document) and items[8].meta.title == "Town shelled overnight"
    assert str(items[9]) == f"{server}/missing: HTTP 404 Not Found"
    assert isinstance(items[10], Rejection) and items[10].reason == "no article text found in HTML page"
    assert set(_Handler.agents) == {f"eventwire/{__version__}"}


def test_url_network_errors_are_rejections(server: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/x"
    items = run([closed, f"{server}/slow", f"{server}/plain"], load_settings(http_timeout=0.2))
    assert [type(i) for i in items] == [Rejection, Rejection, Document]
    refused, slow = rejections(items)
    assert refused.source == closed and "ConnectError" in refused.reason
    assert slow.source == f"{server}/slow" and "Timeout" in slow.reason


def test_url_over_limit_rejected(server: str) -> None:
    (item,) = run([f"{server}/article"], load_settings(max_bytes=500))
    assert isinstance(item, Rejection) and "limit" in item.reason


def test_stdin_warc_sniffed() -> None:
    items = run(["-"], stdin=io.BytesIO(_two_pages(gz=True)))
    assert [(type(i).__name__, i.source.split("#")[0]) for i in items] == [("Document", "<stdin>")] * 2

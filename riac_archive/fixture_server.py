"""A tiny HTTP server for a saved copy of the site (tests/fixtures/site/): replay crawls, `demo`.

URL to file: `/en/news/` -> `en/news/index.html`; a query selects a sibling file,
`/en/news/?PAGEN_1=2` -> `en/news/index@PAGEN_1=2.html`; `/robots.txt` -> `robots.txt`.
Responses carry an ETag and Last-Modified and honour If-None-Match / If-Modified-Since (304).
Every request's path (with its query) is logged in `requests`, so tests can assert on it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

_Server = TypeVar("_Server", bound=ThreadingHTTPServer)

CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)  # fixed, so runs are reproducible


class SiteServer(ThreadingHTTPServer):
    """The server: a site root, a request log, and statuses forced for chosen paths."""

    daemon_threads = True

    def __init__(self, root: Path, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), SiteHandler)
        self.root = Path(root)
        self.requests: list[str] = []
        self.headers_seen: list[dict[str, str]] = []
        self.forced_status: dict[str, int] = {}  # path -> status to answer instead of the file
        self.delay = 0.0  # seconds to wait before answering (a slow site, for cron tests)
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def log_request_path(self, path: str, headers: dict[str, str]) -> None:
        """Remember one request (thread-safe)."""
        with self.lock:
            self.requests.append(path)
            self.headers_seen.append(headers)

    def file_for(self, target: str) -> Path | None:
        """The file that answers a request target, or None."""
        parts = urlsplit(target)
        path = unquote(parts.path).lstrip("/")
        candidates = [path] if path and not path.endswith("/") else []
        directory = path if path.endswith("/") or not path else path + "/"
        name = f"index@{parts.query}.html" if parts.query else "index.html"
        candidates.append(directory + name)
        for candidate in candidates:
            file = (self.root / candidate).resolve()
            if file.is_file() and self.root.resolve() in file.parents:
                return file
        return None


class SiteHandler(BaseHTTPRequestHandler):
    """GET/HEAD on the site root with validators."""

    server: SiteServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """Answer a GET."""
        self.server.log_request_path(self.path, dict(self.headers.items()))
        if self.server.delay:
            time.sleep(self.server.delay)
        forced = self.server.forced_status.get(urlsplit(self.path).path)
        file = self.server.file_for(self.path)
        if forced or file is None:
            self.send_body(forced or 404, b"<html><body><p>Not found</p></body></html>",
                           "text/html; charset=utf-8")
            return
        body = file.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.not_modified(etag):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        self.send_body(200, body, content_type, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def not_modified(self, etag: str) -> bool:
        """True when the request's validators match the current file."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [tag.strip() for tag in if_none_match.split(",")]
        return self.headers.get("If-Modified-Since") == LAST_MODIFIED

    def send_body(self, status: int, body: bytes, content_type: str,
                  headers: dict[str, str] | None = None) -> None:
        """Send a complete response."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the request log is `server.requests`."""


@contextmanager
def in_background(server: _Server, name: str) -> Iterator[_Server]:
    """Run an HTTP server in a daemon thread until the block ends; then stop and close it."""
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_site(root: Path, port: int = 0) -> Iterator[SiteServer]:
    """Serve `root` on 127.0.0.1 (an ephemeral port by default) in a background thread."""
    with in_background(SiteServer(root, port), "fixture-site") as server:
        yield server


def serve_until_interrupted(root: Path, port: int = 0) -> None:
    """Serve a saved site on 127.0.0.1 until Ctrl-C."""
    with serve_site(root, port) as server:
        print(f"Serving {root} at {server.base_url}/ (Ctrl-C to stop)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


def main() -> None:
    """`python -m riac_archive.fixture_server ROOT [PORT]`: serve a saved site until Ctrl-C."""
    import sys

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tests/fixtures/site")
    serve_until_interrupted(root, int(sys.argv[2]) if len(sys.argv) > 2 else 8000)


if __name__ == "__main__":
    main()

"""A fault-injecting copy of the fixture site on 127.0.0.1, for the reliability tests.

It serves tests/fixtures/site/ like `riac_archive.fixture_server`, but a test can make any path
misbehave (`Fault`), add pages that exist only in memory (`pages`) and list them on the first
English news listing (`listed`), so the crawl finds them. Site-wide faults imitate a flaky
mirror: the first N requests answer 503 (`fail_first`), every Nth request is cut mid-body
(`drop_every`).

Fault kinds, for the first `times` requests of a path (every request when `times` is None):
- "status":   answer `status` (503, 404, ...) with a small HTML body;
- "drop":     send the headers with the full Content-Length, half the body, then close;
- "stall":    wait `seconds` (longer than the crawl's download timeout), then answer;
- "redirect": answer 302 to `location` (itself for a loop; another host for an off-site jump);
- "huge":     announce and stream a `size`-byte HTML body (cut by DOWNLOAD_MAXSIZE).
"""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from riac_archive.fixture_server import LAST_MODIFIED, SiteHandler, SiteServer, in_background

SITE = Path(__file__).parent / "fixtures" / "site"
LISTING_WITH_EXTRAS = "/en/news/"  # where `listed` paths are linked from
CHUNK = 64 * 1024


@dataclass
class Fault:
    """How one path misbehaves, and for how many of its requests."""

    kind: str  # status | drop | stall | redirect | huge
    times: int | None = None  # the first N requests of the path; None: all of them
    status: int = 503
    location: str = ""
    seconds: float = 0.0
    size: int = 30 * 1024 * 1024
    hits: int = 0

    def fires(self) -> bool:
        """Count one request; True while the fault still applies to it."""
        self.hits += 1
        return self.times is None or self.hits <= self.times


class FaultServer(SiteServer):
    """The fixture site with per-path faults, in-memory extra pages and site-wide flakiness."""

    def __init__(self, root: Path = SITE, port: int = 0) -> None:
        super().__init__(root, port)
        self.RequestHandlerClass = FaultHandler
        self.faults: dict[str, Fault] = {}  # request target (path and query, as sent) -> fault
        self.pages: dict[str, tuple[bytes, str]] = {}  # path -> (body, content type)
        self.listed: list[str] = []  # extra paths linked from LISTING_WITH_EXTRAS
        self.fail_first = 0  # the first N requests of the whole site answer 503
        self.drop_every = 0  # every Nth request is cut mid-body (0: never)
        self.count = 0
        self.stopping = threading.Event()

    def behave(self) -> None:
        """Stop every fault: the server answers like the plain fixture site from now on."""
        with self.lock:
            self.faults.clear()
            self.fail_first = self.drop_every = 0

    def next_number(self) -> int:
        """The 1-based number of this request across the whole site (thread-safe)."""
        with self.lock:
            self.count += 1
            return self.count

    def fault_for(self, target: str) -> Fault | None:
        """The fault that applies to this request of `target`, if any (thread-safe)."""
        with self.lock:
            fault = self.faults.get(target)
            return fault if fault is not None and fault.fires() else None

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: broken pipes are the point of this server."""


class FaultHandler(SiteHandler):
    """SiteHandler with faults applied before the normal answer."""

    server: FaultServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        """Answer a GET, misbehaving where the server says so."""
        self.server.log_request_path(self.path, dict(self.headers.items()))
        number = self.server.next_number()
        if number <= self.server.fail_first:
            self.send_body(503, b"<html><body><p>Busy</p></body></html>", "text/html")
            return
        if self.server.delay:
            self.server.stopping.wait(self.server.delay)
        fault = self.server.fault_for(self.path)
        if fault is not None and fault.kind != "stall":
            self.misbehave(fault, urlsplit(self.path).path)
            return
        if fault is not None:
            self.server.stopping.wait(fault.seconds)
        self.answer(drop=bool(self.server.drop_every and number % self.server.drop_every == 0))

    def answer(self, drop: bool) -> None:
        """The normal answer (with validators and 304s, like the fixture server), maybe cut."""
        path = urlsplit(self.path).path
        file = self.server.file_for(self.path)
        body, content_type = self.page_body(path)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if drop:
            self.send_cut(body, content_type)
        elif file is None and path not in self.server.pages:
            self.send_body(404, body, content_type)
        elif self.not_modified(etag):
            self.send_body(304, b"", content_type, {"ETag": etag, "Last-Modified": LAST_MODIFIED})
        else:
            self.send_body(200, body, content_type,
                           {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def page_body(self, path: str) -> tuple[bytes, str]:
        """The bytes and content type of an extra page, a site file or the extended listing."""
        if path in self.server.pages:
            return self.server.pages[path]
        file = self.server.file_for(self.path)
        if file is not None and file.suffix == ".txt":
            return file.read_bytes(), "text/plain; charset=utf-8"
        if file is None:
            return b"<html><body><p>Not found</p></body></html>", "text/html; charset=utf-8"
        body = file.read_bytes()
        if path == LISTING_WITH_EXTRAS and not urlsplit(self.path).query and self.server.listed:
            links = "".join(f'<p><a href="{p}">{p}</a></p>' for p in self.server.listed)
            body = body.replace(b"</body>", links.encode() + b"</body>")
        return body, "text/html; charset=utf-8"

    def misbehave(self, fault: Fault, path: str) -> None:
        """Apply one fault instead of the normal answer."""
        if fault.kind == "status":
            self.send_body(fault.status, b"<html><body><p>Failure</p></body></html>",
                           "text/html")
        elif fault.kind == "drop":
            self.send_cut(*self.page_body(path))
        elif fault.kind == "redirect":
            self.send_response(302)
            self.send_header("Location", fault.location or path)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif fault.kind == "huge":
            self.send_huge(fault.size)
        else:
            raise ValueError(f"unknown fault kind {fault.kind!r}.")

    def send_cut(self, body: bytes, content_type: str) -> None:
        """Headers promising the whole body, half of it, then a closed connection."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def send_huge(self, size: int) -> None:
        """A `size`-byte HTML page, streamed until done or until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>" + b"x" * (CHUNK - 8) + b"</p>\n"
        self.close_connection = True
        try:
            for start in range(0, size, CHUNK):
                self.wfile.write(chunk[: size - start])
        except OSError:
            pass  # the crawler stopped reading at its size limit


@contextmanager
def serve_faults(root: Path = SITE) -> Iterator[FaultServer]:
    """A FaultServer on an ephemeral 127.0.0.1 port, in a background thread."""
    with in_background(FaultServer(root), "fault-site") as server:
        try:
            yield server
        finally:
            server.stopping.set()  # before shutdown: stalled answers end first

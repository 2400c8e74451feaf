"""Shared fixtures: the fixture site served on 127.0.0.1, a fresh archive path, a crawl runner."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from riac_archive.fixture_server import SiteServer, serve_site

FIXTURES = Path(__file__).parent / "fixtures"
SITE = FIXTURES / "site"
REPO = Path(__file__).parent.parent
# Fast and quiet crawls for tests: no politeness delays, no back-off between retries.
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False",
        "--set", "RIAC_RETRY_BACKOFF_BASE=0"]


@pytest.fixture
def site_server() -> Iterator[SiteServer]:
    """The bundled fixture site on an ephemeral 127.0.0.1 port; `.requests` logs every path."""
    with serve_site(SITE) as server:
        yield server


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture site that a test may change."""
    return Path(shutil.copytree(SITE, tmp_path / "site"))


@pytest.fixture
def copy_server(site_copy: Path) -> Iterator[SiteServer]:
    """The private copy of the fixture site, served on 127.0.0.1."""
    with serve_site(site_copy) as server:
        yield server


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """Where a test's archive goes (it does not exist yet)."""
    return tmp_path / "data" / "riac.db"


def crawl_command(base_url: str, db: Path, *args: str) -> list[str]:
    """The `riac-archive crawl` command line against a served site, with test speed settings."""
    return [sys.executable, "-c", "from riac_archive.cli import main; main()", "crawl",
            "--base-url", base_url, "--db", str(db), *FAST, *args]


def run_crawl(base_url: str, db: Path, *args: str, timeout: float = 60
              ) -> subprocess.CompletedProcess:
    """Run a crawl in a subprocess (Twisted's reactor cannot restart in one process)."""
    return subprocess.run(crawl_command(base_url, db, *args), capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of one query on an archive."""
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()

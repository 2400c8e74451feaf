"""Crawl commands: `crawl` (cron-ready), `demo` (offline, on the bundled fixture site), `capture`.

Scrapy is imported inside the commands so that `riac-archive --help` and a run refused by the
lock stay quick.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import click

from riac_archive import urls

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_SITE = REPO_ROOT / "tests" / "fixtures" / "site"
DEMO_DB = Path("data/demo.db")
FAST_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                 "RANDOMIZE_DOWNLOAD_DELAY": False, "RIAC_RETRY_BACKOFF_BASE": 0}


def project_settings(overrides: dict[str, Any]) -> Any:
    """riac_archive.settings plus overrides, wherever the command is run from (cron: anywhere)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("riac_archive.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def parse_sets(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--set NAME=VALUE` pairs as a dict; a malformed pair is a usage error."""
    result = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}.", param_hint="--set")
        result[name.strip()] = value
    return result


def check_spider_args(args: dict[str, Any]) -> None:
    """Reject bad --lang/--sections/--since values before anything starts (exit code 2)."""
    from riac_archive.spiders.riac import RiacSpider

    try:
        RiacSpider(**args)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def run_crawl(settings: Any, spider_args: dict[str, Any]) -> dict[str, Any]:
    """Run the `riac` spider in this process and return its final stats."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    crawler = process.create_crawler("riac")
    process.crawl(crawler, **spider_args)
    process.start()
    return crawler.stats.get_stats()


def locked_crawl(db: Path, overrides: dict[str, Any], spider_args: dict[str, Any]
                 ) -> dict[str, Any]:
    """One crawl under the archive lock, resuming an interrupted one, logging beside the db."""
    from riac_archive import runner

    try:
        lock = runner.acquire_lock(db)
    except runner.LockHeld as exc:
        click.echo(f"riac-archive crawl: {exc}", err=True)
        sys.exit(runner.EXIT_LOCKED)
    try:
        jobdir, resuming = runner.prepare_job_dir(db)
        if resuming:
            click.echo(f"riac-archive crawl: resuming the interrupted crawl in {jobdir}.",
                       err=True)
        settings = project_settings({
            "JOBDIR": str(jobdir), "LOG_FILE": str(runner.log_path(db)), "RIAC_LOCK_HELD": True,
            "RIAC_PROGRESS": sys.stderr.isatty(), **overrides, "RIAC_DB": str(db)})
        stats = run_crawl(settings, spider_args)
        runner.finish_job_dir(jobdir, stats.get("finish_reason"))
        return stats
    finally:
        lock.close()


def since_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate --since as an ISO date."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter("expected a date like 2024-01-31.") from None


@click.command()
@click.option("--base-url", help="Crawl this mirror instead of https://russiancouncil.ru.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="The SQLite archive (default data/riac.db).")
@click.option("--lang", default="en,ru", show_default=True, help="Languages: en, ru or both.")
@click.option("--sections", default=",".join(urls.LISTING_SECTIONS), show_default=True,
              help="Listings to read.")
@click.option("--max-pages", type=click.IntRange(min=1),
              help="Read at most N pages of each listing.")
@click.option("--since", callback=since_date, help="Stop paging at listing pages older than DATE.")
@click.option("--full", is_flag=True, help="Walk every listing page and check every document.")
@click.option("--refresh-days", type=click.IntRange(min=0), default=30, show_default=True,
              help="Re-check documents last checked more than N days ago...")
@click.option("--refresh-limit", type=click.IntRange(min=0), default=100, show_default=True,
              help="...at most K of them per run (conditional requests).")
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="Any Scrapy setting, e.g. --set DOWNLOAD_DELAY=0 (repeatable).")
def crawl(base_url: str | None, db: Path | None, lang: str, sections: str,
          max_pages: int | None, since: str | None, full: bool, refresh_days: int,
          refresh_limit: int, sets: tuple[str, ...]) -> None:
    """Crawl the site into the SQLite archive (incremental; safe to run from cron).

    Exit codes: 0 ok; 1 some pages failed (kept in `errors`, retried next run) or nothing could
    be fetched; 2 usage; 75 another crawl holds the lock.
    """
    from riac_archive import runner

    overrides: dict[str, Any] = parse_sets(sets)
    if base_url:
        overrides["RIAC_BASE_URL"] = base_url
    db = db or Path(overrides.pop("RIAC_DB", None) or project_settings({})["RIAC_DB"])
    spider_args = {"lang": lang, "sections": sections, "max_pages": max_pages, "since": since,
                   "full": full, "refresh_days": refresh_days, "refresh_limit": refresh_limit}
    check_spider_args(spider_args)
    stats = locked_crawl(db, overrides, spider_args)
    click.echo(runner.summary_line(stats, db))
    sys.exit(runner.exit_code(stats))


@click.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEMO_DB,
              show_default=True, help="Where to write the demo archive (replaced each time).")
def demo(db: Path) -> None:
    """Serve the bundled fixture site on 127.0.0.1 and crawl it into data/demo.db (offline)."""
    from riac_archive import runner
    from riac_archive.fixture_server import serve_site

    if not DEMO_SITE.is_dir():
        raise click.ClickException(f"the demo needs a checkout of the repository ({DEMO_SITE} "
                                   "is missing).")
    remove_archive(db)
    with serve_site(DEMO_SITE) as server:
        click.echo(f"Serving the fixture site at {server.base_url} and crawling it into {db}.")
        stats = locked_crawl(db, {"RIAC_BASE_URL": server.base_url, **FAST_SETTINGS},
                             {"full": True})
    click.echo(runner.summary_line(stats, db))
    describe_archive(db)
    sys.exit(runner.exit_code(stats))


def remove_archive(db: Path) -> None:
    """Delete a previous demo archive and the files beside it."""
    import shutil

    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), db.with_suffix(".log")):
        path.unlink(missing_ok=True)
    shutil.rmtree(db.with_suffix(".job"), ignore_errors=True)


def describe_archive(db: Path) -> None:
    """Print what the archive holds: counts, the newest titles, the poll with its votes."""
    from riac_archive.storage import Archive

    with Archive(db) as archive:
        counts = archive.counts()
        click.echo("Archived: " + ", ".join(f"{n} {name}" for name, n in counts.items() if n))
        click.echo("Newest documents:")
        for row in archive.newest_documents():
            click.echo(f"  {row['published'] or '':10}  [{row['lang']}] {row['title']}")
        for poll in archive.latest_polls():
            click.echo(f"Poll: {poll['question']}")
            for option in poll["options"]:
                click.echo(f"  {option['votes']!s:>5} ({option['percent']!s}%)  {option['label']}")
    click.echo(f"Browse it with: riac-archive serve {db}")


def capture_name(url: str) -> str:
    """A fixture name for a live URL: language, section and slug (e.g. en-news-some-slug)."""
    canonical = urls.canonical_url(url)
    parts = [urls.language(canonical), urls.section(canonical) or "page",
             urls.slug(canonical) or "index"]
    return re.sub(r"[^a-z0-9-]+", "-", "-".join(parts).lower()).strip("-")[:120]


def fetch(url: str, user_agent: str) -> bytes:
    """The body of one live page, fetched with the project's User-Agent."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http(s) only
        return response.read()


@click.command()
@click.argument("urls_", metavar="URL...", nargs=-1, required=True)
@click.option("--to", "target", type=click.Path(file_okay=False, path_type=Path),
              default=Path("tests/fixtures"), show_default=True, help="Fixture directory.")
def capture(urls_: tuple[str, ...], target: Path) -> None:
    """Save live pages as fixtures, each with a draft expectation for a person to check."""
    user_agent = project_settings({})["USER_AGENT"]
    target.mkdir(parents=True, exist_ok=True)
    failed = 0
    for url in urls_:
        if not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{url!r} is not an http(s) URL.", param_hint="URL")
        name = capture_name(url)
        try:
            body = fetch(url, user_agent)
        except OSError as exc:
            click.echo(f"{url}: not captured: {exc}", err=True)
            failed += 1
            continue
        (target / f"{name}.html").write_bytes(body)
        draft = draft_expectation(body, url)
        (target / f"{name}.json").write_text(json.dumps(draft, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")
        click.echo(f"{url} -> {target / name}.html (+ draft {name}.json: check it by hand)")
    sys.exit(1 if failed else 0)


def draft_expectation(body: bytes, url: str) -> dict[str, Any]:
    """The fixture's draft JSON: today's extraction, or why there is none."""
    from riac_archive.extract import extract_page

    try:
        return {"url": url, "expected": extract_page(body, url), "draft": True}
    except Exception as exc:  # the page is still worth keeping; a person fills the expectation
        return {"url": url, "expected": None, "draft": True, "error": f"{exc}" or repr(exc)}

"""The measurements of issue 8, each one independent, each beside a baseline from the same run.

Every stage returns a `Figure`; one that cannot run returns a Figure saying why ("not measured:
<reason>") instead of stopping the others. Profiles (cProfile) say where the time goes.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.mirror import Mirror, furnish
from riac_archive import urls

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
# Politeness off for the benchmark, the same for the crawl and the bare spider.
FAST_SETTINGS = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False",
                 "RANDOMIZE_DOWNLOAD_DELAY": "False", "CONCURRENT_REQUESTS": "16",
                 "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "COOKIES_ENABLED": "False",
                 "LOG_LEVEL": "INFO"}
FTS_QUERIES = ("cooperation", "security forum", "Kortunov", "Baltic shipping", "сотрудничество",
               "sanctions trade", "energy OR logistics", "Caspian")


@dataclass
class Figure:
    """One line of the results table: a value beside its baseline and the target."""

    label: str
    unit: str = ""
    value: float | None = None
    baseline: float | None = None
    baseline_label: str = ""
    ratio: float | None = None
    target: tuple[str, float] | None = None  # (">=" | "<=" | "<", threshold) on the ratio
    note: str = ""
    reason: str | None = None  # set when the figure could not be measured
    profile: str = ""  # where the time goes (cProfile summary)

    @property
    def passed(self) -> bool | None:
        """Whether the ratio meets the target (None when there is nothing to compare)."""
        if self.ratio is None or self.target is None:
            return None
        op, limit = self.target
        return {">=": self.ratio >= limit, "<=": self.ratio <= limit, "<": self.ratio < limit}[op]


@dataclass
class Run:
    """A finished subprocess: exit code, wall and CPU seconds, peak RSS (KiB), its log file."""

    returncode: int
    seconds: float
    cpu_seconds: float
    peak_rss_kib: int
    log: Path

    def tail(self, lines: int = 3) -> str:
        """The last lines of the log, for a failure's reason."""
        text = self.log.read_text(errors="replace").strip().splitlines() if self.log.exists() \
            else []
        return " | ".join(line.strip() for line in text[-lines:]) or "no output"


@dataclass
class CrawlMemory:
    """Peak RSS (KiB) of one crawl: Scrapy's process and the archive worker's, each its own."""

    scrapy_kib: int
    worker_kib: int  # 0 when archiving ran in Scrapy's process
    tree_kib: int  # wait4()'s figure: the largest of the crawl process and its reaped children

    @property
    def larger(self) -> int:
        """The peak of the larger of the two processes."""
        return max(self.scrapy_kib, self.worker_kib)

    @property
    def total(self) -> int:
        """The sum of both processes' peaks (an upper bound on what the crawl held at once)."""
        return self.scrapy_kib + self.worker_kib

    def describe(self) -> str:
        """Both processes in MiB, for a note."""
        return (f"Scrapy {self.scrapy_kib / 1024:.1f} + worker {self.worker_kib / 1024:.1f} MiB "
                f"(wait4: {self.tree_kib / 1024:.1f})")


@dataclass
class Context:
    """What the stages share: the work directory, the mirror, its server, earlier results."""

    workdir: Path
    mirror: Mirror
    base_url: str
    request_log: list[str]  # the server's request log (grows as requests arrive)
    results: dict[str, Any] = field(default_factory=dict)


# --- helpers -----------------------------------------------------------------------------------

def measured_stage(label: str, stage: Callable[[], Figure],
                   target: tuple[str, float] | None = None) -> Figure:
    """Run one stage; a failure becomes a "not measured" figure with one plain reason."""
    try:
        return stage()
    except Exception as exc:  # a broken stage must not hide the other figures
        return not_measured(label, exc, target)


def not_measured(label: str, exc: Exception, target: tuple[str, float] | None = None) -> Figure:
    """The figure of a stage that failed, with its exception as one plain reason."""
    reason = f"{type(exc).__name__}: {exc}".strip().rstrip(".")
    return Figure(label, target=target, reason=reason.splitlines()[0][:300])


def run_measured(command: list[str], log: Path, timeout: float) -> Run:
    """Run a command, wait for it with wait4() to read its own peak RSS; kill it on timeout."""
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(process.returncode, time.perf_counter() - started,
               usage.ru_utime + usage.ru_stime, usage.ru_maxrss, log)


def cli_command(*args: str, profile: Path | None = None) -> list[str]:
    """`riac-archive ARGS` with this Python (under cProfile when `profile` is given)."""
    script = Path(sys.executable).with_name("riac-archive")
    if profile is not None and script.is_file():
        return [sys.executable, "-m", "cProfile", "-o", str(profile), str(script), *args]
    return [sys.executable, "-c", "from riac_archive.cli import main; main()", *args]


def crawl_command(base_url: str, db: Path, profile: Path | None = None) -> list[str]:
    """The benchmark's crawl: politeness off, everything else as shipped."""
    sets = [arg for name, value in FAST_SETTINGS.items() for arg in ("--set", f"{name}={value}")]
    return cli_command("crawl", "--base-url", base_url, "--db", str(db), *sets, profile=profile)


def summarise_profile(stats: pstats.Stats, top: int = 8) -> str:
    """The functions that take the most time: own time overall, total time in the project."""
    rows = stats.stats  # type: ignore[attr-defined]
    total = max((ct for (_, _, _, ct, _) in rows.values()), default=0.0)

    def name(key: tuple[str, int, str]) -> str:
        path, line, func = key
        short = path.split("site-packages/")[-1].replace(str(REPO) + "/", "")
        return f"{short}:{line}({func})" if line else func

    by_self = sorted(rows.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    ours = [kv for kv in rows.items() if "riac_archive" in kv[0][0]]
    by_total = sorted(ours, key=lambda kv: kv[1][3], reverse=True)[:top]
    lines = [f"profiled {total:.2f} s; own time (tottime), top {top}:"]
    lines += [f"  {v[2]:7.3f} s own  {v[3]:7.3f} s total  {v[1]:>7} calls  {name(k)}"
              for k, v in by_self]
    lines.append(f"riac_archive functions by total time (cumtime), top {top}:")
    lines += [f"  {v[3]:7.3f} s total  {v[2]:7.3f} s own  {v[1]:>7} calls  {name(k)}"
              for k, v in by_total]
    return "\n".join(lines)


def profile_file(path: Path, top: int = 8) -> str:
    """The summary of a cProfile output file, or why there is none."""
    if not path.is_file():
        return "no profile written"
    return summarise_profile(pstats.Stats(str(path)), top)


def crawl_row(db: Path, index: int) -> dict[str, Any]:
    """Row `index` (0 = first) of the archive's crawls table, with its stats parsed."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("select * from crawls order by id").fetchall()
    if len(rows) <= index:
        raise RuntimeError(f"the archive has {len(rows)} crawls rows, expected {index + 1}.")
    row = dict(rows[index])
    row["stats"] = json.loads(row.get("stats") or "{}")
    return row


def crawl_memory(stats: dict[str, Any], run: Run) -> CrawlMemory:
    """The crawl's peak RSS per process, from the stats its crawls row keeps."""
    scrapy = int(stats.get("riac/scrapy/max_rss_kib") or 0)
    if not scrapy:
        raise RuntimeError("the crawl's stats have no riac/scrapy/max_rss_kib.")
    return CrawlMemory(scrapy, int(stats.get("riac/worker/max_rss_kib") or 0), run.peak_rss_kib)


def pages_per_second(stats: dict[str, Any]) -> tuple[float, int, float]:
    """(responses per second, responses, seconds) from Scrapy's final stats."""
    responses = int(stats.get("downloader/response_count") or 0)
    seconds = float(stats.get("elapsed_time_seconds") or 0)
    if not responses or not seconds:
        raise RuntimeError("the crawl's stats have no responses or no elapsed time.")
    return responses / seconds, responses, seconds


# --- 1. extraction ---------------------------------------------------------------------------

def parsel_paragraphs(html: bytes) -> list[str]:
    """The baseline: parse with parsel and read the text of every //p."""
    from parsel import Selector

    selector = Selector(body=html, type="html")
    return ["".join(p.xpath(".//text()").getall()) for p in selector.xpath("//p")]


def _extract_all(pages: list[tuple[bytes, str]]) -> tuple[int, int]:
    """Run extract_page over the pages; (pages refused with ExtractionError, pages that crashed)."""
    from riac_archive.extract import ExtractionError, extract_page

    refused = crashed = 0
    for html, url in pages:
        try:
            extract_page(html, url)
        except ExtractionError:
            refused += 1
        except Exception:  # an extractor bug: counted, as the crawl would record it
            crashed += 1
    return refused, crashed


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _one_core() -> Callable[[], None]:
    """Pin this process to one CPU; return the function that undoes it."""
    if not hasattr(os, "sched_setaffinity"):
        return lambda: None
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    return lambda: os.sched_setaffinity(0, before)


def measure_extraction(mirror: Mirror, profile_pages: int = 300, furnished: bool = False) -> Figure:
    """Figure 1: extract_page pages/s on the mirror's pages against parsel reading every <p>;
    with `furnished` (figure 1b), on the same pages inside the site's full furniture."""
    pages = [(mirror.read(page), page.canonical) for page in mirror.documents]
    label = "1b. Extraction, pages in full site furniture" if furnished else \
        "1. Extraction, one core"
    figure = Figure(label, "pages/s", baseline_label="parsel //p", target=(">=", 0.5))
    if furnished:
        plain = pages
        pages = [(furnish(html.decode("utf-8"), urls.language(url), i).encode("utf-8"), url)
                 for i, (html, url) in enumerate(pages)]
    restore = _one_core()
    try:
        _extract_all(pages[:20])  # warm up imports and caches
        base_seconds, _ = _timed(lambda: [parsel_paragraphs(html) for html, _ in pages])
        seconds, (refused, crashed) = _timed(lambda: _extract_all(pages))
        profiler = cProfile.Profile()
        profiler.runcall(_extract_all, pages[:profile_pages])
    finally:
        restore()
    figure.value, figure.baseline = len(pages) / seconds, len(pages) / base_seconds
    figure.ratio = figure.value / figure.baseline
    figure.note = (f"{len(pages)} pages, {_mean_kib(pages):.1f} KiB on average; {refused} refused "
                   f"(ExtractionError), {crashed} crashed (other exceptions)")
    if furnished:
        checked = min(len(pages), profile_pages)
        changed = _changed_records(plain[:checked], pages[:checked])
        figure.note += f"; the furniture changed {changed} of {checked} records"
    figure.profile = summarise_profile(pstats.Stats(profiler), 10)
    return figure


def _mean_kib(pages: list[tuple[bytes, str]]) -> float:
    """The pages' mean size in KiB."""
    return sum(len(html) for html, _ in pages) / max(1, len(pages)) / 1024


def _changed_records(plain: list[tuple[bytes, str]], furnished: list[tuple[bytes, str]]) -> int:
    """How many furnished pages give another record than the same page without furniture."""
    from riac_archive.extract import extract_page

    def record(html: bytes, url: str) -> dict[str, Any] | str:
        try:
            return extract_page(html, url)
        except Exception as exc:  # compared, not raised: the figure still stands
            return repr(exc)

    return sum(record(*a) != record(*b) for a, b in zip(plain, furnished, strict=True))


# --- 2. crawl ----------------------------------------------------------------------------------

def run_bare_spider(ctx: Context, timeout: float) -> tuple[tuple[float, int, float], Run]:
    """The baseline crawl (benchmarks/bare_spider.py) in a subprocess: its pages/s, its run."""
    stats_file = ctx.workdir / "bare-stats.json"
    sets = [f"{name}={value}" for name, value in FAST_SETTINGS.items()]
    command = [sys.executable, str(BENCH_DIR / "bare_spider.py"), ctx.base_url,
               str(stats_file), *sets]
    run = run_measured(command, ctx.workdir / "bare.log", timeout)
    if run.returncode != 0 or not stats_file.is_file():
        raise RuntimeError(f"the bare spider exited with {run.returncode}: {run.tail()}")
    return pages_per_second(json.loads(stats_file.read_text())), run


def crawl_count(db: Path) -> int:
    """Finished crawls rows in an archive (0 when there is no archive yet)."""
    if not db.is_file():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("select count(*) from crawls where finished is not null"
                                ).fetchone()[0]
        except sqlite3.OperationalError:  # no crawls table yet
            return 0


def run_crawl(ctx: Context, db: Path, log_name: str, timeout: float) -> Run:
    """`riac-archive crawl` into `db` as a subprocess; it must leave a finished crawls row."""
    before = crawl_count(db)
    run = run_measured(crawl_command(ctx.base_url, db), ctx.workdir / log_name, timeout)
    if run.returncode not in (0, 1) or crawl_count(db) <= before:
        raise RuntimeError(f"riac-archive crawl exited with {run.returncode} and recorded no "
                           f"finished crawl: {run.tail()}")
    return run


def measure_crawl(ctx: Context, timeout: float) -> Figure:
    """Figure 2: pages/s of the full crawl against the bare spider, same server, same URLs."""
    figure = Figure("2. Full crawl", "pages/s", baseline_label="bare Scrapy spider",
                    target=(">=", 0.8))
    (base_rate, base_pages, base_seconds), bare = run_bare_spider(ctx, timeout)
    db = ctx.workdir / "archive.db"
    run = run_crawl(ctx, db, "crawl-1.log", timeout)
    row = crawl_row(db, 0)
    rate, responses, seconds = pages_per_second(row["stats"])
    ctx.results.update(archive=db, crawl_memory=crawl_memory(row["stats"], run),
                       first_crawl=row)
    figure.value, figure.baseline, figure.ratio = rate, base_rate, rate / base_rate
    figure.note = (f"crawl {responses} responses in {seconds:.1f} s (exit {run.returncode}, "
                   f"{row['documents_new']} new documents, {row['errors']} errors; process "
                   f"{run.cpu_seconds:.1f} s CPU in {run.seconds:.1f} s wall); bare "
                   f"{base_pages} in {base_seconds:.1f} s ({bare.cpu_seconds:.1f} s CPU in "
                   f"{bare.seconds:.1f} s wall)")
    return figure


# --- 3. incremental rerun ----------------------------------------------------------------------

def measure_incremental(ctx: Context, timeout: float) -> Figure:
    """Figure 3: requests of a second crawl of the unchanged mirror over those of the first."""
    figure = Figure("3. Incremental rerun", "requests", baseline_label="first run",
                    target=("<=", 0.02))
    db = ctx.results.get("archive")
    if db is None:
        raise RuntimeError("the first crawl did not run, so there is nothing to rerun.")
    served_before = len(ctx.request_log)
    run = run_crawl(ctx, db, "crawl-2.log", timeout)
    first, second = crawl_row(db, 0), crawl_row(db, 1)
    figure.value, figure.baseline = second["requests"], first["requests"]
    figure.ratio = second["requests"] / first["requests"]
    figure.note = (f"server saw {len(ctx.request_log) - served_before} requests on the rerun "
                   f"(exit {run.returncode}, {second['documents_new']} new documents)")
    return figure


# --- 4. reparse --------------------------------------------------------------------------------

def count_documents(db: Path) -> int:
    """Rows in the archive's documents table."""
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from documents").fetchone()[0]


def profile_reparse(db: Path, workdir: Path) -> str:
    """Where reparse spends its time, profiled in-process on a copy of an archive."""
    from riac_archive.reparse import reparse_archive
    from riac_archive.storage import Archive

    copy = workdir / "reparse-profile.db"
    shutil.copyfile(db, copy)
    profiler = cProfile.Profile()
    with Archive(copy) as archive:
        profiler.runcall(reparse_archive, archive)
    return summarise_profile(pstats.Stats(profiler), 10)


def measure_reparse(ctx: Context, timeout: float, profile_db: Path | None) -> Figure:
    """Figure 4: `riac-archive reparse` pages/s against extraction alone (figure 1)."""
    figure = Figure("4. Offline reparse", "pages/s", baseline_label="extraction alone",
                    target=(">=", 0.8))
    db, extraction = ctx.results.get("archive"), ctx.results.get("extraction_rate")
    if db is None:
        raise RuntimeError("the crawl did not run, so there is no archive to reparse.")
    if extraction is None:
        raise RuntimeError("the extraction figure is missing, so there is no baseline.")
    documents = count_documents(db)
    run = run_measured(cli_command("reparse", "--db", str(db)), ctx.workdir / "reparse.log",
                       timeout)
    if run.returncode != 0:
        raise RuntimeError(f"riac-archive reparse exited with {run.returncode}: {run.tail()}")
    figure.value, figure.baseline = documents / run.seconds, extraction
    figure.ratio = figure.value / extraction
    figure.note = (f"{documents} documents in {run.seconds:.1f} s wall (process start "
                   f"included); it said: {run.tail(1)}")
    if profile_db is not None:
        figure.profile = profile_reparse(profile_db, ctx.workdir)
    return figure


# --- 5. memory ---------------------------------------------------------------------------------

MEMORY_LABEL = "5. Crawl peak RSS, Scrapy + worker (sum)"
LARGER_LABEL = "5b. Crawl peak RSS, larger process"


def measure_memory(small: CrawlMemory | None, large: CrawlMemory | None, small_pages: int,
                   large_pages: int) -> list[Figure]:
    """Figure 5: peak RSS of the crawl at the larger size over the smaller.

    Two rows: the sum of both processes' peaks (the target applies to it) and the peak of the
    larger process.
    """
    sizes = f", {large_pages} vs {small_pages} pages"
    total = Figure(MEMORY_LABEL + sizes, "MiB", baseline_label=f"{small_pages} pages",
                   target=("<=", 1.25))
    larger = Figure(LARGER_LABEL + sizes, "MiB", baseline_label=f"{small_pages} pages")
    if small is None or large is None:
        raise RuntimeError("a crawl of one of the two sizes did not run.")
    for figure, pick in ((total, lambda m: m.total), (larger, lambda m: m.larger)):
        figure.value, figure.baseline = pick(large) / 1024, pick(small) / 1024
        figure.ratio = pick(large) / pick(small)
    total.note = (f"{large_pages} pages: {large.describe()}; {small_pages} pages: "
                  f"{small.describe()}")
    return [total, larger]


# --- 6. archive --------------------------------------------------------------------------------

def archive_bytes(db: Path) -> int:
    """Bytes on disk of an archive: the database and its write-ahead log."""
    return sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists())


def fts_query_ms(db: Path, queries: tuple[str, ...] = FTS_QUERIES, repeats: int = 5
                 ) -> list[float]:
    """Milliseconds of each full-text query (ranked, top 20, joined to documents)."""
    sql = ("select d.url, d.title, snippet(documents_fts, 1, '[', ']', '…', 12) "
           "from documents_fts join documents d on d.rowid = documents_fts.rowid "
           "where documents_fts match ? order by rank limit 20")
    times = []
    with sqlite3.connect(db) as conn:
        for _ in range(repeats):
            for query in queries:
                started = time.perf_counter()
                conn.execute(sql, [query]).fetchall()
                times.append((time.perf_counter() - started) * 1000)
    return times


def measure_archive_size(db: Path | None, raw_html_per_page: float) -> Figure:
    """Figure 6a: archive bytes per document (raw pages included) against the raw HTML size."""
    figure = Figure("6a. Archive size per document", "KiB",
                    baseline_label="the page's HTML as served")
    if db is None or not db.is_file():
        raise RuntimeError("the crawl did not run, so there is no archive.")
    documents = count_documents(db)
    with sqlite3.connect(db) as conn:
        raw = conn.execute("select coalesce(sum(length(body)), 0) from pages").fetchone()[0]
    size = archive_bytes(db)
    figure.value = size / max(documents, 1) / 1024
    figure.baseline = raw_html_per_page / 1024
    figure.ratio = figure.value / figure.baseline
    figure.note = (f"{size / 1e6:.1f} MB for {documents} documents; gzipped raw pages are "
                   f"{raw / max(documents, 1) / 1024:.1f} KiB of each")
    return figure


def measure_fts(db: Path | None, pages: int) -> Figure:
    """Figure 6b: the slowest full-text query (ranked, top 20) against the 50 ms target."""
    figure = Figure(f"6b. Full-text query, {pages}-page archive (worst)", "ms",
                    baseline=50.0, baseline_label="target", target=("<", 1.0))
    if db is None or not db.is_file():
        raise RuntimeError("the crawl did not run, so there is no archive.")
    times = fts_query_ms(db)
    figure.value = max(times)
    figure.ratio = figure.value / figure.baseline
    figure.note = (f"median {statistics.median(times):.2f} ms over {len(times)} queries "
                   f"({len(FTS_QUERIES)} queries x 5)")
    return figure

"""`make bench`: build a synthetic mirror, serve it on 127.0.0.1, measure, print the table.

    .venv/bin/python benchmarks/run.py [--pages 2000] [--scale] [--workdir DIR] [--keep]

Figures (each beside a baseline from the same run; see README.md): 1 extraction, 2 full crawl,
3 incremental rerun, 4 offline reparse, 5 crawl peak RSS, 6 archive size and full-text query.
By default memory compares N/10 with N pages and the archive figures use the N-page archive;
`--scale` adds a 10 x N crawl and uses it for both (slow). Results go to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from benchmarks import report, stages  # noqa: E402
from benchmarks.mirror import Mirror, build_mirror  # noqa: E402
from benchmarks.stages import Context, Figure, measured_stage  # noqa: E402
from riac_archive.fixture_server import serve_site  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description="riac-archive benchmarks (issue 8).")
    parser.add_argument("--pages", type=int, default=2000, help="detail pages in the mirror")
    parser.add_argument("--scale", action="store_true",
                        help="also crawl a 10 x N mirror (memory and archive at 10 x N; slow)")
    parser.add_argument("--workdir", type=Path, help="where mirrors and archives go")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="the Markdown file to write (default benchmarks/RESULTS.md)")
    parser.add_argument("--no-results", action="store_true", help="print only")
    return parser.parse_args(argv)


def crawl_timeout(pages: int) -> float:
    """Seconds a crawl of `pages` pages may take before it is killed."""
    return 120 + pages * 0.5


def say(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def raw_html_per_page(mirror: Mirror) -> float:
    """Mean bytes of a detail page of the mirror as served."""
    sizes = [page.file.stat().st_size for page in mirror.documents]
    return sum(sizes) / max(len(sizes), 1)


@dataclass
class SideCrawl:
    """A crawl of another mirror: its peak RSS, archive, profile (when asked) and mirror."""

    memory: stages.CrawlMemory
    db: Path
    profile: Path | None
    mirror: Mirror


def side_crawl(workdir: Path, name: str, pages: int, profile: bool = False) -> SideCrawl:
    """Build and crawl another mirror; with `profile`, crawl it again under cProfile."""
    mirror = build_mirror(workdir / f"mirror-{name}", pages)
    db, prof = workdir / f"archive-{name}.db", workdir / f"crawl-{name}.prof"
    with serve_site(mirror.root) as server:
        run = stages.run_measured(stages.crawl_command(server.base_url, db),
                                  workdir / f"crawl-{name}.log", crawl_timeout(pages))
        if profile:
            stages.run_measured(stages.crawl_command(server.base_url, workdir / "profiled.db",
                                                     profile=prof),
                                workdir / f"crawl-{name}-profiled.log", crawl_timeout(pages) * 3)
    if run.returncode not in (0, 1) or not stages.crawl_count(db):
        raise RuntimeError(f"the {pages}-page crawl exited with {run.returncode}: {run.tail()}")
    memory = stages.crawl_memory(stages.crawl_row(db, 0)["stats"], run)
    return SideCrawl(memory, db, prof if profile else None, mirror)


def main_figures(ctx: Context, pages: int) -> list[Figure]:
    """Figures 1-3 on the N-page mirror (the crawl leaves the archive in ctx.results)."""
    say(f"1. extraction on {pages} pages")
    extraction = measured_stage("1. Extraction, one core",
                                lambda: stages.measure_extraction(ctx.mirror), (">=", 0.5))
    if extraction.value:
        ctx.results["extraction_rate"] = extraction.value
    say(f"1b. extraction on the same {pages} pages in full site furniture")
    furnished = measured_stage("1b. Extraction, pages in full site furniture",
                               lambda: stages.measure_extraction(ctx.mirror, furnished=True),
                               (">=", 0.5))
    say("2. bare spider, then the full crawl")
    crawl = measured_stage("2. Full crawl",
                           lambda: stages.measure_crawl(ctx, crawl_timeout(pages)), (">=", 0.8))
    say("3. incremental rerun")
    rerun = measured_stage("3. Incremental rerun",
                           lambda: stages.measure_incremental(ctx, crawl_timeout(pages)),
                           ("<=", 0.02))
    return [extraction, furnished, crawl, rerun]


def run(args: argparse.Namespace, workdir: Path) -> list[Figure]:
    """Every figure, in table order."""
    small_pages = max(20, args.pages // 10)
    say(f"building a {args.pages}-page mirror in {workdir}")
    mirror = build_mirror(workdir / "mirror", args.pages)
    with serve_site(mirror.root) as server:
        ctx = Context(workdir, mirror, server.base_url, server.requests)
        extraction, furnished, crawl, rerun = main_figures(ctx, args.pages)
    say(f"profiling a {small_pages}-page crawl (and measuring its memory)")
    small = optional(lambda: side_crawl(workdir, "small", small_pages, profile=True))
    if small and small.profile:
        crawl.profile = stages.profile_file(small.profile, 10)
    archive_db, archive_pages, archive_mirror = ctx.results.get("archive"), args.pages, mirror
    memory_pair = (small.memory if small else None, ctx.results.get("crawl_memory"),
                   small_pages, args.pages)
    if args.scale:
        say(f"crawling a {args.pages * 10}-page mirror (--scale)")
        large = optional(lambda: side_crawl(workdir, "large", args.pages * 10))
        memory_pair = (ctx.results.get("crawl_memory"), large.memory if large else None,
                       args.pages, args.pages * 10)
        if large:
            archive_db, archive_pages, archive_mirror = large.db, args.pages * 10, large.mirror
    say("5-6. memory, archive size, full-text queries")
    memory = memory_figures(memory_pair)
    size = measured_stage("6a. Archive size per document", lambda: stages.measure_archive_size(
        archive_db, raw_html_per_page(archive_mirror)))
    fts = measured_stage("6b. Full-text query",
                         lambda: stages.measure_fts(archive_db, archive_pages), ("<", 1.0))
    say("4. offline reparse")
    reparse = measured_stage("4. Offline reparse", lambda: stages.measure_reparse(
        ctx, crawl_timeout(args.pages), small.db if small else None), (">=", 0.8))
    return [extraction, furnished, crawl, rerun, reparse, *memory, size, fts]


def memory_figures(pair: tuple) -> list[Figure]:
    """Figure 5's two rows, or one "not measured" row saying why."""
    try:
        return stages.measure_memory(*pair)
    except Exception as exc:  # the other figures still stand
        return [stages.not_measured(stages.MEMORY_LABEL, exc, ("<=", 1.25))]


def optional(work: Callable[[], SideCrawl]) -> SideCrawl | None:
    """A side crawl, or None when it failed (the figures that need it say so)."""
    try:
        return work()
    except Exception as exc:  # the other figures still stand
        say(f"side crawl failed: {exc}")
        return None


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the table, write RESULTS.md."""
    args = parse_args(argv)
    started = time.perf_counter()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="riac-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        figures = run(args, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(report.table(figures))
    if not args.no_results:
        command = "benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        report.write_results(figures, command.strip(), seconds, args.results)
        say(f"wrote {args.results}")
    say(f"done in {seconds / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())

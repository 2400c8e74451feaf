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


def side_crawl(workdir: Path, name: str, pages: int, profile: bool = False
               ) -> tuple[int, Path, Path | None]:
    """Build and crawl another mirror: (peak RSS KiB, archive, profile file or None)."""
    mirror = build_mirror(workdir / f"mirror-{name}", pages)
    db, prof = workdir / f"archive-{name}.db", workdir / f"crawl-{name}.prof"
    with serve_site(mirror.root) as server:
        run = stages.run_measured(stages.crawl_command(server.base_url, db),
                                  workdir / f"crawl-{name}.log", crawl_timeout(pages))
        if profile:
            stages.run_measured(stages.crawl_command(server.base_url, workdir / "profiled.db",
                                                     profile=prof),
                                workdir / f"crawl-{name}-profiled.log", crawl_timeout(pages) * 3)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"the {pages}-page crawl exited with {run.returncode}: {run.tail()}")
    return run.peak_rss_kib, db, (prof if profile else None)


def main_figures(ctx: Context, pages: int) -> list[Figure]:
    """Figures 1-3 on the N-page mirror (the crawl leaves the archive in ctx.results)."""
    say(f"1. extraction on {pages} pages")
    extraction = measured_stage("1. Extraction, one core",
                                lambda: stages.measure_extraction(ctx.mirror))
    if extraction.value:
        ctx.results["extraction_rate"] = extraction.value
    say("2. bare spider, then the full crawl")
    crawl = measured_stage("2. Full crawl",
                           lambda: stages.measure_crawl(ctx, crawl_timeout(pages)))
    say("3. incremental rerun")
    rerun = measured_stage("3. Incremental rerun",
                           lambda: stages.measure_incremental(ctx, crawl_timeout(pages)))
    return [extraction, crawl, rerun]


def run(args: argparse.Namespace, workdir: Path) -> list[Figure]:
    """Every figure, in table order."""
    small_pages = max(20, args.pages // 10)
    say(f"building a {args.pages}-page mirror in {workdir}")
    mirror = build_mirror(workdir / "mirror", args.pages)
    with serve_site(mirror.root) as server:
        ctx = Context(workdir, mirror, server.base_url, server.requests)
        extraction, crawl, rerun = main_figures(ctx, args.pages)
    say(f"profiling a {small_pages}-page crawl (and measuring its memory)")
    small: dict = {}
    try:
        small["rss"], small["db"], prof = side_crawl(workdir, "small", small_pages, profile=True)
        crawl.profile = stages.profile_file(prof, 10) if prof else ""
    except Exception as exc:  # the other figures still stand
        small["error"] = str(exc)
    archive_db, archive_pages, sizes = ctx.results.get("archive"), args.pages, mirror
    memory_pair = (small.get("rss"), ctx.results.get("crawl_rss_kib"), small_pages, args.pages)
    if args.scale:
        say(f"crawling a {args.pages * 10}-page mirror (--scale)")
        large = measured_stage("5. memory", lambda: _scale_crawl(workdir, args.pages * 10))
        if isinstance(large, tuple):
            memory_pair = (ctx.results.get("crawl_rss_kib"), large[0], args.pages,
                           args.pages * 10)
            archive_db, archive_pages, sizes = large[1], args.pages * 10, large[2]
        else:
            memory_pair = (ctx.results.get("crawl_rss_kib"), None, args.pages, args.pages * 10)
    say("5-6. memory, archive size, full-text queries")
    memory = measured_stage("5. Crawl peak RSS", lambda: stages.measure_memory(*memory_pair))
    size = measured_stage("6a. Archive size per document", lambda: stages.measure_archive_size(
        archive_db, raw_html_per_page(sizes)))
    fts = measured_stage("6b. Full-text query", lambda: stages.measure_fts(archive_db,
                                                                           archive_pages))
    say("4. offline reparse")
    reparse = measured_stage("4. Offline reparse", lambda: stages.measure_reparse(
        ctx, crawl_timeout(args.pages), small.get("db")))
    return [extraction, crawl, rerun, reparse, memory, size, fts]


def _scale_crawl(workdir: Path, pages: int) -> tuple[int, Path, Mirror]:
    """The 10 x N crawl: (peak RSS KiB, archive, mirror)."""
    rss, db, _ = side_crawl(workdir, "large", pages)
    return rss, db, build_mirror_stub(workdir / "mirror-large")


def build_mirror_stub(root: Path) -> Mirror:
    """A Mirror listing the detail pages already written under `root` (for their sizes)."""
    from benchmarks.mirror import MirrorPage

    mirror = Mirror(root)
    for file in root.rglob("*/index.html"):
        if file.parent.name and "@" not in file.name:
            mirror.documents.append(MirrorPage(str(file.parent.relative_to(root)) + "/", file, ""))
    mirror.documents = [p for p in mirror.documents if p.path.count("/") >= 2
                        and not p.path.rstrip("/").endswith(("news", "analytics", "comments",
                                                             "interview"))]
    return mirror


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

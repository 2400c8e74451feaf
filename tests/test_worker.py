"""The archive worker process: same archive and stats as in-process, no orphan when killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, SITE, crawl_command, query, run_crawl
from test_crawl import EXPECTED_DOCUMENTS
from test_pipelines import CRAWL_SCRIPT, page

from riac_archive.fixture_server import serve_site
from riac_archive.storage import Archive
from riac_archive.worker import ArchiveWorker

QUIET = {"LOG_ENABLED": False}


def crawl_stats(db: Path) -> dict:
    """The stats of the archive's only crawl."""
    [(stats,)] = query(db, "select stats from crawls")
    return json.loads(stats)


def comparable(stats: dict) -> dict:
    """The stats that must not depend on where archiving ran (memory does)."""
    keys = [k for k in stats if k.startswith(("riac/", "item_", "log_count/WARNING",
                                              "log_count/ERROR"))]
    return {k: stats[k] for k in keys if k != "riac/crawl_id" and "max_rss" not in k}


def wait_for_changes(worker: ArchiveWorker, timeout: float = 10.0) -> dict:
    """The first non-empty poll() of a running worker."""
    deadline = time.monotonic() + timeout
    while not (changes := worker.poll()):
        assert time.monotonic() < deadline, "the worker sent no counters while running"
        time.sleep(0.05)
    return changes


def test_worker_stores_a_page_and_sends_its_counters_back(tmp_path):
    db = tmp_path / "riac.db"
    with Archive(db) as archive:
        crawl_id = archive.start_crawl()
    worker = ArchiveWorker(str(db), crawl_id, QUIET)
    assert worker.put(page()) and worker.put(page())  # the second is a duplicate
    report = worker.finish()
    assert report.complete
    rss = report.counters.pop("riac/worker/max_rss_kib")
    assert 10_000 < rss < 1_000_000  # KiB: a Python process that imported the extractor
    assert report.counters == {"riac/pages_stored": 1, "riac/documents/new": 1,
                               "riac/duplicates_dropped": 1, "item_dropped_count": 1,
                               "item_dropped_reasons_count/DropItem": 1}
    assert not worker.process.is_alive()
    assert query(db, "select url from documents") == [(page().url,)]


def test_counters_arrive_while_the_worker_runs_and_add_up_to_the_totals(tmp_path):
    db = tmp_path / "riac.db"
    worker = ArchiveWorker(str(db), None, QUIET)
    assert worker.put(page())
    first = wait_for_changes(worker)  # sent while the worker still waits for more items
    assert first == {"riac/pages_stored": 1, "riac/documents/new": 1}
    assert worker.process.is_alive()
    assert worker.put(page()) and worker.put(page(f"{page().url}b/", "Another text."))
    rest = worker.finish()
    assert rest.complete
    rest.counters.pop("riac/worker/max_rss_kib")
    assert rest.counters == {"riac/pages_stored": 1, "riac/documents/new": 1,
                             "riac/duplicates_dropped": 1, "item_dropped_count": 1,
                             "item_dropped_reasons_count/DropItem": 1}
    assert query(db, "select count(*) from documents") == [(2,)]


def test_a_dead_worker_is_noticed_instead_of_waited_for(tmp_path):
    db = tmp_path / "riac.db"
    worker = ArchiveWorker(str(db), None, QUIET)
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.join(timeout=10)
    started = time.monotonic()
    assert worker.finish() == ({}, False)
    assert time.monotonic() - started < 5


def test_worker_and_in_process_crawls_give_the_same_archive_and_stats(tmp_path):
    dbs = {mode: tmp_path / mode / "riac.db" for mode in ("worker", "in_process")}
    with serve_site(SITE) as server:
        results = {"worker": run_crawl(server.base_url, dbs["worker"]),
                   "in_process": run_crawl(server.base_url, dbs["in_process"],
                                           "--set", "RIAC_ARCHIVE_WORKER=False")}
    for result in results.values():
        assert result.returncode == 0, result.stdout + result.stderr
    stats = {mode: crawl_stats(db) for mode, db in dbs.items()}
    assert comparable(stats["worker"]) == comparable(stats["in_process"])
    assert stats["worker"]["riac/documents/new"] == len(EXPECTED_DOCUMENTS)
    with Archive(dbs["worker"]) as worker, Archive(dbs["in_process"]) as in_process:
        assert worker.counts() == in_process.counts()
    summaries = [r.stdout.split(" requests in ")[0] for r in results.values()]
    assert summaries[0] == summaries[1]


def test_the_crawl_stats_and_status_show_stored_documents_before_the_crawl_ends(tmp_path):
    db, seen = tmp_path / "riac.db", tmp_path / "probe.json"
    extensions = {"riac_archive.runner.RunStatus": 500, "stats_probe.StatsProbe": 600}
    env = {**os.environ, "PYTHONPATH": str(REPO / "tests")}
    with serve_site(SITE) as server:
        command = crawl_command(server.base_url, db, "--set", f"STATS_PROBE_FILE={seen}",
                                "--set", f"STATS_PROBE_EXPECTED={len(EXPECTED_DOCUMENTS)}",
                                "--set", f"EXTENSIONS={json.dumps(extensions)}")
        result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                                timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    probe = json.loads(seen.read_text())  # written at spider_idle, before spider_closed
    assert probe["new"] == len(EXPECTED_DOCUMENTS)
    assert f", {len(EXPECTED_DOCUMENTS)} new, 0 revised, 0 errors" in probe["status"]
    stats = crawl_stats(db)  # the final merge added only what the live ones had not
    assert stats["riac/documents/new"] == len(EXPECTED_DOCUMENTS)
    assert f"documents {len(EXPECTED_DOCUMENTS)} new," in result.stdout
    assert stats["riac/worker/max_rss_kib"] > 10_000 and stats["riac/scrapy/max_rss_kib"] > 10_000


def test_dedup_in_the_worker_counts_like_the_pipeline(tmp_path):
    db = tmp_path / "crawl.db"
    script = CRAWL_SCRIPT.replace('"LOG_LEVEL": "WARNING",',
                                  '"LOG_LEVEL": "WARNING", "RIAC_ARCHIVE_WORKER": True,')
    assert script != CRAWL_SCRIPT
    done = subprocess.run([sys.executable, "-c", script, str(db)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    stats = crawl_stats(db)
    assert (stats["riac/documents/new"], stats["riac/duplicates_dropped"]) == (2, 1)
    assert (stats["item_scraped_count"], stats["item_dropped_count"]) == (2, 1)


def children(pid: int) -> list[int]:
    """Process ids whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """True while a process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killing_the_crawl_alone_ends_its_worker_and_the_rerun_completes(archive_path):
    with serve_site(SITE) as server:
        server.delay = 0.1
        proc = subprocess.Popen(crawl_command(server.base_url, archive_path), cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not children(proc.pid):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        time.sleep(0.5)
        helpers = children(proc.pid)  # the worker and multiprocessing's resource tracker
        os.kill(proc.pid, signal.SIGKILL)  # the crawl only, not its process group
        proc.wait()
        deadline = time.monotonic() + 5
        while any(running(pid) for pid in helpers):
            assert time.monotonic() < deadline, "a helper process outlived the killed crawl"
            time.sleep(0.05)
        server.delay = 0
        result = run_crawl(server.base_url, archive_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {url for (url,) in query(archive_path, "select url from documents")} == \
        EXPECTED_DOCUMENTS
    assert query(archive_path, "pragma integrity_check") == [("ok",)]

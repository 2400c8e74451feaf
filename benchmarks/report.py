"""The benchmark's output: the results table, the machine it ran on, and benchmarks/RESULTS.md."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.stages import REPO, Figure

ANALYSIS_HEADING = "## Analysis"  # hand-written; kept when RESULTS.md is rewritten
_OPS = {">=": "≥", "<=": "≤", "<": "<"}


def number(value: float | None, unit: str = "") -> str:
    """A figure for the table: few significant digits, thousands separated."""
    if value is None:
        return ""
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 1:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3f}"
    return f"{text} {unit}".strip()


def ratio_text(value: float | None) -> str:
    """A ratio to three significant digits (1.16, 0.048), so it reads against its target."""
    return "" if value is None else f"{value:.3g}"


def target_text(figure: Figure) -> str:
    """The target as printed: "≥ 0.5" (on the ratio)."""
    if figure.target is None:
        return "—"
    op, limit = figure.target
    return f"{_OPS[op]} {limit:g}"


def verdict(figure: Figure) -> str:
    """met / MISSED / — for one figure."""
    if figure.reason:
        return "not measured"
    return {True: "met", False: "**MISSED**", None: "—"}[figure.passed]


def table(figures: list[Figure]) -> str:
    """The results as a Markdown table, one row per figure, notes below it."""
    lines = ["| Figure | Measured | Baseline (same run) | Ratio | Target | Result |",
             "|---|---|---|---|---|---|"]
    for f in figures:
        if f.reason:
            lines.append(f"| {f.label} | not measured: {f.reason} | | | {target_text(f)} "
                         f"| not measured |")
            continue
        baseline = f"{number(f.baseline, f.unit)} ({f.baseline_label})" if f.baseline else ""
        lines.append(f"| {f.label} | {number(f.value, f.unit)} | {baseline} | "
                     f"{ratio_text(f.ratio)} | {target_text(f)} | {verdict(f)} |")
    notes = [f"- {f.label}: {f.note}" for f in figures if f.note and not f.reason]
    return "\n".join(lines + ([""] + notes if notes else []))


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_commit() -> str:
    """The checked-out commit (short), or "unknown"."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def machine() -> str:
    """One line about where the benchmark ran."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cores} cores ({cpu_model()}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}, commit {git_commit()} (working tree)")


def profiles(figures: list[Figure]) -> str:
    """Where the time goes, per figure that was profiled."""
    parts = []
    for f in figures:
        if f.profile:
            parts += [f"### {f.label}", "", "```", f.profile, "```", ""]
    return "\n".join(parts)


def kept_analysis(path: Path) -> str:
    """The hand-written analysis section of an existing RESULTS.md (or a placeholder)."""
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if ANALYSIS_HEADING in text:
            return text[text.index(ANALYSIS_HEADING):].rstrip() + "\n"
    return f"{ANALYSIS_HEADING}\n\n(No analysis written yet.)\n"


def results_markdown(figures: list[Figure], command: str, seconds: float, path: Path) -> str:
    """The whole RESULTS.md: date, machine, table, profiles, then the kept analysis."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        "# Benchmark results", "",
        "Written by `benchmarks/run.py` (`make bench`); the Analysis section at the end is",
        "written by hand and kept across runs. How the figures are measured: README.md.", "",
        f"- Date: {when}", f"- Machine: {machine()}", f"- Command: `{command}`",
        f"- Wall time of the whole run: {seconds / 60:.1f} min", "",
        "## Figures", "", table(figures), "",
        "## Where the time goes (cProfile)", "", profiles(figures),
        kept_analysis(path)])


def write_results(figures: list[Figure], command: str, seconds: float, path: Path) -> None:
    """Rewrite RESULTS.md with this run's figures (keeping the hand-written analysis)."""
    path.write_text(results_markdown(figures, command, seconds, path), encoding="utf-8")

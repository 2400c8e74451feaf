"""The `riac-archive` command: crawl, extract, reparse, serve, capture, demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from riac_archive.crawl import capture, crawl, demo
from riac_archive.reparse import reparse
from riac_archive.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="riac-archive")
def main() -> None:
    """Archive russiancouncil.ru (RIAC) into one SQLite file, and inspect it."""


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", required=True, help="The URL the page was fetched from.")
def extract(path: Path, url: str) -> None:
    """Print the document extracted from a saved page PATH as one JSON object."""
    from riac_archive.extract import ExtractionError, extract_page

    try:
        record = extract_page(path.read_bytes(), url)
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}.") from None
    except ExtractionError as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


for command in (crawl, demo, capture, reparse, serve):
    main.add_command(command)

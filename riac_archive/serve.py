"""datasette (0.65) on the archive, with the project's metadata.yml whatever the file's name."""

from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import click
import yaml

from riac_archive.reparse import DEFAULT_DB, archive_path
from riac_archive.storage import Archive

METADATA_DATABASE = "riac"  # the database key used in metadata.yml
# Canned queries join and group the whole archive: give them more than datasette's 1 s.
SETTINGS = {"sql_time_limit_ms": 5000, "facet_time_limit_ms": 1000, "default_page_size": 50}


def database_name(db_path: str | Path) -> str:
    """The name datasette gives a database file: its stem."""
    return Path(db_path).stem


def load_metadata(db_path: str | Path) -> dict[str, Any]:
    """The packaged metadata.yml, its database entry renamed to the archive's file name."""
    text = resources.files("riac_archive").joinpath("metadata.yml").read_text(encoding="utf-8")
    metadata = yaml.safe_load(text)
    databases = metadata.get("databases", {})
    if METADATA_DATABASE in databases:
        databases[database_name(db_path)] = databases.pop(METADATA_DATABASE)
    return metadata


def build_datasette(db_path: str | Path):  # -> datasette.app.Datasette
    """A Datasette instance on the archive with the project's metadata (for tests and tools)."""
    from datasette.app import Datasette

    return Datasette(files=[str(db_path)], metadata=load_metadata(db_path), settings=SETTINGS)


def _datasette_args(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The `datasette serve` command line."""
    args = ["serve", str(db_path), "--metadata", str(metadata_path), "--host", host,
            "--port", str(port)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value)]
    return args


@click.command()
@click.argument("db_argument", metavar="[DB]", required=False,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--db", "db_option", type=click.Path(dir_okay=False, path_type=Path),
              help=f"The SQLite archive (default {DEFAULT_DB}).")
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def serve(db_argument: Path | None, db_option: Path | None, port: int, host: str) -> None:
    """Start datasette on the archive with the project's metadata.yml."""
    from datasette.cli import cli as datasette_cli

    db_path = archive_path(db_argument, db_option)
    if not db_path.is_file():
        raise click.ClickException(f"there is no archive at {db_path}.")
    with Archive(db_path):  # bring an older archive's schema (views) up to date
        pass
    with tempfile.TemporaryDirectory(prefix="riac-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(load_metadata(db_path), ensure_ascii=False))
        click.echo(f"datasette on http://{host}:{port}/{database_name(db_path)}")
        datasette_cli.main(_datasette_args(db_path, metadata_path, host, port),
                           prog_name="datasette", standalone_mode=False)

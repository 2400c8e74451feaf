"""Offline re-extraction of archived raw pages. (stub)"""

import click


@click.command()
def reparse() -> None:
    """Re-run the extractor over the latest raw page of every document."""
    raise click.ClickException("not implemented yet.")

"""Crawl commands: crawl, demo, capture. (stub)"""

import click


@click.command()
def crawl() -> None:
    """Crawl the site into the SQLite archive."""
    raise click.ClickException("not implemented yet.")


@click.command()
def demo() -> None:
    """Serve the bundled fixture site on 127.0.0.1 and crawl it into data/demo.db."""
    raise click.ClickException("not implemented yet.")


@click.command()
def capture() -> None:
    """Save live pages as fixtures, each with a draft expectation."""
    raise click.ClickException("not implemented yet.")

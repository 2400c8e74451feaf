"""datasette on the archive. (stub)"""

import click


@click.command()
def serve() -> None:
    """Start datasette on the archive with the project's metadata.yml."""
    raise click.ClickException("not implemented yet.")

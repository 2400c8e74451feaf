"""riac-archive: a complete, queryable, honest archive of russiancouncil.ru."""

__version__ = "0.1.0"

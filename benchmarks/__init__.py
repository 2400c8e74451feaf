"""Benchmarks for riac-archive: a synthetic mirror of the site and the measurements of issue 8."""

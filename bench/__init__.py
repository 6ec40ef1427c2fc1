"""The engine's benchmark harness: ``python -m bench`` (or ``make bench``).

Each benchmark in :mod:`bench.figures` is a function returning a dict of figures; the
harness (:mod:`bench.harness`) runs them, writes ``bench/results.json`` with the machine
and the commit, and prints the table; :mod:`bench.report` writes the tables of
``BENCHMARKS.md`` from ``bench/results.json`` and the committed ``bench/baseline.json``.
"""

"""A results store's runs and series as CSV or Parquet files, for other tools.

Two tables, written into a folder as ``runs.csv`` and ``series.csv`` (or ``.parquet``):

- runs: ``run`` (the run's id in the store), ``cell``, ``parameters`` (the cell's, as
  JSON), ``seed``, ``status``, ``error``, ``wall_s``, ``worker``, then one column
  ``final.<metric key>`` per metric at the run's end (empty for a failed run);
- series: ``run``, ``cell``, ``seed``, ``metric``, ``hours``, ``value``.

Floats are written so that they read back equal (CSV uses Python's shortest repr).
Every file goes through :mod:`scenario.outputs`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from engine.store import Store
from scenario.outputs import check_output, open_binary, open_text

RUN_COLUMNS = ("run", "cell", "parameters", "seed", "status", "error", "wall_s", "worker")
SERIES_COLUMNS = ("run", "cell", "seed", "metric", "hours", "value")


def run_rows(store: Store) -> tuple[list[str], list[list[Any]]]:
    """The runs table: its column names and rows (see the module)."""
    parameters = {c.name: json.dumps(dict(c.parameters), sort_keys=True)
                  for c in store.cells()}
    runs = store.runs()
    finals = [json.loads(str(r["final"])) if r["final"] is not None else {} for r in runs]
    keys = sorted({key for final in finals for key in final})
    rows = [[r["id"], r["cell"], parameters[str(r["cell"])], r["seed"], r["status"],
             r["error"], r["wall_s"], r["worker"], *(final.get(k) for k in keys)]
            for r, final in zip(runs, finals, strict=True)]
    return [*RUN_COLUMNS, *(f"final.{k}" for k in keys)], rows


def export(store: Store, folder: Path, fmt: str) -> list[Path]:
    """Write the runs and series of *store* into *folder* as ``csv`` or ``parquet``.

    Returns the files written.

    Raises:
        OutputError: a file cannot be written, or is the store itself.
    """
    runs = folder / f"runs.{fmt}"
    series = folder / f"series.{fmt}"
    for path in (runs, series):  # before either is written
        check_output(path, [store.path], what="the results store being exported",
                     instead="another folder")
    columns, rows = run_rows(store)
    write = _write_csv if fmt == "csv" else _write_parquet
    write(runs, columns, rows)
    write(series, list(SERIES_COLUMNS), store.series())
    return [runs, series]


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with open_text(path) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _write_parquet(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Any]]
                   ) -> None:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    listed = list(rows)
    data = {name: [row[i] for row in listed] for i, name in enumerate(columns)}
    table = pa.table({name: pa.array(values, type=_type(name, values))
                      for name, values in data.items()})
    with open_binary(path) as out:
        pq.write_table(table, out)


def _type(name: str, values: list[Any]) -> Any:
    """The Arrow type of a column: floats for metrics and times even when all are whole."""
    import pyarrow as pa

    if name in ("wall_s", "hours", "value") or name.startswith("final."):
        return pa.float64()
    if name in ("run", "seed"):
        return pa.int64()
    return pa.string()

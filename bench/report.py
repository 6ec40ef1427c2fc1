"""The tables of BENCHMARKS.md, generated from the results files, never typed.

    python -m bench.report                 # rewrite the tables in BENCHMARKS.md
    python -m bench.report --print         # print them instead
    python -m bench.report --check         # exit 1 if BENCHMARKS.md is not up to date
    python -m bench.report --set-baseline  # make bench/results.json the new "before"

"Before" is ``bench/baseline.json`` (committed: the figures of the engine before the
work, with their date and commit); "after" is ``bench/results.json`` (written by
``python -m bench``, not committed). The tables go between the markers
``<!-- results:start -->`` and ``<!-- results:end -->`` in BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import operator
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.machine import ROOT, read_json, write_json

RESULTS = ROOT / "bench" / "results.json"
BASELINE = ROOT / "bench" / "baseline.json"
DOC = ROOT / "BENCHMARKS.md"
START = "<!-- results:start -->"
END = "<!-- results:end -->"

Run = dict[str, Any]


@dataclass(frozen=True)
class Target:
    """A figure the engine is held to."""

    figure: str
    """The figure's id in the results."""
    op: str
    """``<``, ``<=``, ``>=`` or ``>``."""
    limit: float
    text: str
    aim: float | None = None
    """A stricter figure aimed at (reported beside pass/miss)."""
    beside: tuple[str, str] | None = None
    """``(figure id, words)``: a figure shown beside the verdict, for what bounds it."""


TARGETS = (
    Target("kursk.ratio", "<=", 0.2,
           "Kursk replay at most 0.2 of bare SimPy 100k (aim 0.12)", aim=0.12),
    Target("calibrate.speedup", ">=", 1.8,
           "calibrate 200 runs: 2 jobs at least 1.8x faster than 1",
           beside=("machine.ceiling", "the machine's ceiling, measured beside it")),
    Target("grid.10000.run_s", "<", 30.0,
           "grid of 10,000 places, 1,000 units a side: 10-day run under 30 s"),
    Target("grid.growth", "<=", 1.2, "growth of grid run time no worse than n^1.2"),
    Target("load.kursk_ms", "<", 150.0, "Kursk load + validate under 150 ms"),
    Target("tui.turn_p95_ms", "<", 50.0, "app: a turn advanced and redrawn, p95 under 50 ms"),
    Target("tui.first_paint_ms", "<", 1000.0, "app: first paint under 1 s from process start"),
    Target("tui.view_ms", "<", 100.0, "app: switching the view under 100 ms"),
    Target("tui.claims_ms", "<", 100.0, "app: opening the claims under 100 ms"),
)

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">=": operator.ge, ">": operator.gt}


def verdict(target: Target, figure: dict[str, Any] | None) -> str:
    """``pass``, ``miss``, or ``-`` (not measured, or a bound that cannot decide)."""
    if figure is None:
        return "-"
    value = figure.get("value")
    if value is None:
        bound = figure.get("lower_bound")
        if bound is not None and target.op in ("<", "<=") and not _OPS[target.op](bound,
                                                                                   target.limit):
            return "miss"
        return "miss" if "note" in figure and target.op in ("<", "<=") else "-"
    if figure.get("bound") == "at_least":
        return "miss" if not _OPS[target.op](value, target.limit) else "-"
    ok = _OPS[target.op](value, target.limit)
    if ok and target.aim is not None and not _OPS[target.op](value, target.aim):
        return f"pass (aim {target.aim:g}: not yet)"
    return "pass" if ok else "miss"


FORMATS = {"ms": "{:,.1f} ms", "s": "{:,.2f} s", "MB": "{:,.1f} MB", "ratio": "{:.3f}",
           "x": "{:.2f}x", "runs/s": "{:,.2f} runs/s", "CPUs": "{:.2f} CPUs",
           "exponent": "n^{:.2f}"}
"""How a figure of each unit is written; a unit not listed is a whole count."""


def number(value: float, unit: str) -> str:
    """*value* written for its *unit*."""
    return FORMATS.get(unit, "{:,.0f}").format(value)


class Notes:
    """Footnotes of a table: each distinct text once, numbered in order of first use."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def mark(self, text: str) -> str:
        if text not in self.texts:
            self.texts.append(text)
        return f"[{self.texts.index(text) + 1}]"

    def lines(self) -> list[str]:
        return [f"[{i}] {text}" + ("  " if i < len(self.texts) else "")
                for i, text in enumerate(self.texts, 1)]


def cell(figure: dict[str, Any] | None, notes: Notes, who: str) -> str:
    """A figure's table cell: its value, a bound, or a dash, with a footnote if any."""
    if figure is None:
        return "-"
    value, unit, note = figure.get("value"), figure["unit"], figure.get("note")
    mark = f" {notes.mark(f'{who}: {note}')}" if note else ""
    if value is None:
        bound = figure.get("lower_bound")
        return (f"> {number(bound, unit)}" if bound is not None else "not measured") + mark
    prefix = ">= " if figure.get("bound") == "at_least" else ""
    return prefix + number(value, unit) + mark


def change(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """After against before: a factor (after / before), or a difference for exponents."""
    if before is None or after is None:
        return ""
    b, a = before.get("value"), after.get("value")
    if b is None or a is None:
        return ""
    if after["unit"] == "exponent":
        return f"{a - b:+.2f}"
    return f"x{a / b:.2f}" if b else ""


def beside(target: Target, figures: dict[str, Any], notes: Notes, who: str) -> str:
    """The figure *target* names to show beside its verdict, as `` (words: value)``."""
    if target.beside is None:
        return ""
    fid, words = target.beside
    found = figures.get(fid)
    return "" if found is None else f" ({words}: {cell(found, notes, who)})"


def describe(name: str, path: str, run: Run) -> str:
    """One line saying when, on what code and on what machine a run was made."""
    m, g = run.get("machine", {}), run.get("git", {})
    commit = (g.get("commit") or "unknown")[:10]
    changed = g.get("uncommitted") or []
    folders = sorted({c.split("/", 1)[0] for c in changed})
    dirty = (f" with uncommitted changes in {', '.join(f'{f}/' for f in folders)}"
             f" ({len(changed)} files)" if changed else "")
    loads = run.get("load_average", {})
    load, end = loads.get("start"), loads.get("end")
    wall = run.get("wall_s")
    parts = [
        f"**{name}** (`{path}`): {run.get('date', '?')}, commit `{commit}` "
        f"({g.get('branch', '?')}){dirty}, {run.get('kind', '?')} run",
        f"{m.get('cpus_available', '?')} of {m.get('cpus', '?')} CPUs ({m.get('cpu_model')}), "
        f"{m.get('memory_gb')} GB, Python {m.get('python')}, SimPy {m.get('simpy')}, "
        f"{m.get('platform')}",
        f"load average (1 min) {load[0] if load else '?'} at the start, "
        f"{end[0] if end else '?'} at the end" + (
            " (a busy machine: its times are high and noisy; the ratio to bare SimPy "
            "much less so)" if load and load[0] > (m.get("cpus_available") or 1) / 2 else ""),
        f"the whole harness took {wall / 60:.1f} min" if isinstance(wall, float | int) else "",
    ]
    return "; ".join(p for p in parts if p) + "."


def stale(before: Run | None, after: Run | None) -> bool:
    """True if *after* is the baseline's own run, or older than it: no "after" yet."""
    return (before is not None and after is not None
            and str(after.get("date", "")) <= str(before.get("date", "")))


def render(before: Run | None, after: Run | None) -> str:
    """The generated Markdown: which runs, the targets table, every figure."""
    if stale(before, after):
        after = None
    runs = [(n, p, r) for n, p, r in (("before", "bench/baseline.json", before),
                                      ("after", "bench/results.json", after)) if r is not None]
    if not runs:
        return "No results yet: run `make bench`.\n"
    notes = Notes()
    lines = ["<!-- generated by `python -m bench.report` from the results files: "
             "do not edit by hand -->", ""]
    lines += [f"- {describe(n, p, r)}" for n, p, r in runs]
    if after is None and before is not None:
        lines.append("- **after**: no run since the baseline; `make bench` after the engine "
                     "work fills this column.")
    if before is not None and after is not None:
        mb, ma = before.get("machine", {}), after.get("machine", {})
        if (mb.get("cpu_model"), mb.get("cpus")) != (ma.get("cpu_model"), ma.get("cpus")):
            lines.append("- The two runs were made on different machines: compare the "
                         "ratios, not the times.")
        ib, ia = before.get("inputs", {}), after.get("inputs", {})
        differ = [name for name in sorted(set(ib) | set(ia)) if ib.get(name) != ia.get(name)]
        if differ:
            lines.append(f"- {', '.join(f'`{n}`' for n in differ)} differ between the two "
                         "runs: the figures that use them measure different inputs.")
    names = [n for n, _, _ in runs]
    lines += ["", "#### Targets", "",
              "| target | " + " | ".join(names) + " |",
              "|---|" + "---|" * len(runs)]
    for t in TARGETS:
        row = [f"{cell(r.get('figures', {}).get(t.figure), notes, n)} "
               f"**{verdict(t, r.get('figures', {}).get(t.figure))}**"
               + beside(t, r.get("figures", {}), notes, n) for n, _, r in runs]
        lines.append(f"| {t.text} | " + " | ".join(row) + " |")
    ids = list(dict.fromkeys(fid for _, _, r in reversed(runs) for fid in r.get("figures", {})))
    lines += ["", "#### All figures", "",
              "| figure | " + " | ".join(names) + (" | after / before |" if len(runs) == 2
                                                   else " |"),
              "|---|" + "---:|" * len(runs) + ("---:|" if len(runs) == 2 else "")]
    for fid in ids:
        figs = [r.get("figures", {}).get(fid) for _, _, r in runs]
        label = next(f["label"] for f in reversed(figs) if f is not None)
        row = [cell(f, notes, n) for f, (n, _, _) in zip(figs, runs, strict=True)]
        if len(runs) == 2:
            row.append(change(figs[0], figs[1]))
        lines.append(f"| {label} | " + " | ".join(row) + " |")
    errors = [(n, e) for n, _, r in runs for e in r.get("errors", [])]
    if notes.texts or errors:
        lines.append("")
    lines += notes.lines()
    lines += [f"\n**{n}: benchmark `{e['benchmark']}` failed:** `{e['error']}`"
              for n, e in errors]
    return "\n".join(lines) + "\n"


def splice(text: str, block: str) -> str:
    """*text* with everything between the markers replaced by *block*.

    Raises:
        ValueError: the markers are missing or out of order.
    """
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} and {END} are missing or out of order")
    return text[:start + len(START)] + "\n" + block + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--baseline", type=Path, default=BASELINE)
    parser.add_argument("--doc", type=Path, default=DOC)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--print", action="store_true", help="print the tables, write nothing")
    what.add_argument("--check", action="store_true",
                      help="exit 1 if the document's tables are not what the files give")
    what.add_argument("--set-baseline", action="store_true",
                      help="copy the results to the baseline (a full run only), then write")
    parser.add_argument("--allow-partial", action="store_true",
                        help="put a quick or partial run into the document")
    args = parser.parse_args(argv)
    after, before = read_json(args.results), read_json(args.baseline)
    if args.set_baseline:
        if after is None or after.get("kind") != "full":
            print(f"{args.results}: no full run to make the baseline", file=sys.stderr)
            return 2
        write_json(args.baseline, after)
        before = after
    block = render(before, after)
    if args.print:
        print(block, end="")
        return 0
    if after is not None and after.get("kind") != "full" and not args.allow_partial:
        print(f"{args.results} holds a {after.get('kind')} run; BENCHMARKS.md takes full runs "
              "only (--allow-partial to override). The tables:\n", file=sys.stderr)
        print(block, end="")
        return 2
    text = args.doc.read_text(encoding="utf-8")
    new = splice(text, block)
    if args.check:
        if new != text:
            print(f"{args.doc}: the tables are out of date; run python -m bench.report",
                  file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.doc.write_text(new, encoding="utf-8")
    print(f"{args.doc}: tables {'rewritten' if new != text else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The ``salient`` command line.

Every error a user can cause (a bad file, flag or value) ends as one clear message on
stderr and exit code 2; a traceback means a bug. Heavy modules (the Textual app, the
engine) are imported inside the commands that need them, so ``salient validate`` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from scenario.errors import SalientError, ScenarioError

EXIT_OK = 0
EXIT_USAGE = 2
DEFAULT_SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "kursk_2024.yaml"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``salient`` command with *argv*; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except SalientError as exc:
        print(f"salient: {exc}" if not isinstance(exc, ScenarioError) else str(exc),
              file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="salient", description="Terminal wargame and scenario engine.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")
    validate = sub.add_parser("validate", help="check scenario files; exit 2 if any is invalid")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(command=cmd_validate)
    info = sub.add_parser("info", help="summarise a scenario: places, roads, units, timeline")
    info.add_argument("file", type=Path, metavar="FILE", nargs="?", default=DEFAULT_SCENARIO)
    info.set_defaults(command=cmd_info)
    schema = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    schema.add_argument("--out", type=Path, metavar="FILE", help="write it to FILE instead")
    schema.set_defaults(command=cmd_schema)
    return parser


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate each file; print every problem; exit 2 if any file is invalid."""
    from scenario.loader import load

    failed = 0
    for path in args.files:
        try:
            load(path)
        except ScenarioError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
            count = len(exc.problems)
            print(f"{path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        else:
            print(f"{path}: valid")
    return EXIT_USAGE if failed else EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    """Print a summary table of one scenario."""
    from scenario.loader import load
    from scenario.summary import summarise
    from tui.render import print_summary

    print_summary(summarise(load(args.file)), str(args.file))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema."""
    from scenario.schema import json_schema_text

    text = json_schema_text()
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_atomically(args.out, text)
        print(f"wrote {args.out}")
    return EXIT_OK


def write_atomically(path: Path, text: str) -> None:
    """Write *text* to *path* through a temporary file, so no half-written file is left.

    Raises:
        SalientError: the folder does not exist or cannot be written.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise SalientError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise SalientError(f"cannot write {str(path)!r}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SalientError(f"cannot write {str(path)!r}: {exc.strerror}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


if __name__ == "__main__":
    raise SystemExit(main())

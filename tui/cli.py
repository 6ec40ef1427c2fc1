"""The ``salient`` command line.

Every error a user can cause (a bad file, flag or value) ends as one clear message on
stderr and exit code 2; a traceback means a bug. Ctrl-C ends with exit code 130 and a
broken pipe on standard output with 141 (see :mod:`tui.guard`). Every output file is
written through :mod:`scenario.outputs`. Heavy modules (the Textual app, the engine) are
imported inside the commands that need them, so ``salient validate`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from scenario.errors import SalientError, ScenarioError
from scenario.outputs import STDOUT, check_output, write_text
from tui.guard import guarded

if TYPE_CHECKING:
    from engine.simulation import Simulation
    from scenario.experiment import Experiment
    from tui.app import SalientApp
    from tui.serve import Settings as ServeSettings
    from tui.session import Session

T = TypeVar("T")

EXIT_OK = 0
EXIT_USAGE = 2
MAX_RUNS = 1_000_000
"""The most runs one command makes (``--runs``)."""
MAX_SEED = 2**32 - 1
"""The largest seed, as in a scenario's ``seed:`` (:data:`scenario.models.Seed`)."""
DEFAULT_SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "kursk_2024.yaml"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``salient`` command with *argv*; return the exit code.

    0 on success; 2 for anything the user can fix (a bad file, flag or output path, or
    standard output failing); 130 on Ctrl-C; 141 when standard output's reader went away.
    """
    return guarded(lambda: _run(argv))


def _run(argv: Sequence[str] | None) -> int:
    """Parse *argv* and run its command; a :class:`SalientError` is one message and exit 2."""
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
    run = sub.add_parser("run", help="run a scenario headless and print the daily table")
    _scenario_arguments(run, one_run=True)
    run.add_argument("--until", type=str, default=None, metavar="TIME",
                     help="stop at TIME: hours from the start (36h) or a date and time "
                     "with offset (2024-08-09T21:00+03:00)")
    run.add_argument("--json", type=str, default=None, metavar="FILE",
                     help="write the full result (metric series and log) to FILE "
                     "(- for standard output)")
    run.add_argument("--log", action="store_true", help="print the whole event log")
    run.set_defaults(command=cmd_run)
    cal = sub.add_parser("calibrate", help="replay over many seeds and compare with the "
                         "claims' calibration bands")
    _scenario_arguments(cal, one_run=False)
    _many_runs_arguments(cal)
    cal.set_defaults(command=cmd_calibrate)
    play = sub.add_parser("play", help="open the app: the scenario turn by turn on a map")
    _scenario_arguments(play, one_run=True, default=None)
    play.add_argument("--side", default="umpire", metavar="SIDE",
                      help="whose view to open with: umpire (default) or a side id; with "
                      "--teams, the side that gives its orders first")
    play.add_argument("--speed", type=_speed, default=1.5, metavar="SECONDS",
                      help="seconds between turns while playing (default 1.5)")
    play.add_argument("--teams", action="store_true",
                      help="two teams on one screen: each side gives its orders, then the "
                      "turn is played (WEGO)")
    play.add_argument("--load", default=None, metavar="GAME",
                      help="go on with a saved game: a file, or a game id from `salient games`")
    play.add_argument("--scenario-from-save", action="store_true",
                      help="with --load: play the scenario text kept in the save, not the "
                      "file on disk")
    play.add_argument("--no-autosave", dest="autosave", action="store_false",
                      help="do not save the game into the games folder after every turn")
    _served_arguments(play)
    play.set_defaults(command=cmd_play)
    _serve_parser(sub)
    games = sub.add_parser("games", help="list the saved games, newest first")
    games.add_argument("--folder", type=Path, default=None, metavar="DIR",
                       help="where to look (default: the games folder, see docs/saves.md)")
    games.set_defaults(command=cmd_games)
    report = sub.add_parser("report", help="write a saved game's debrief, or a batch's "
                            "distributions, as Markdown with PNG charts")
    report.add_argument("game", metavar="GAME|RESULTS",
                        help="a saved game (a file, or a game id from `salient games`), or "
                        "a batch's results store (results.sqlite)")
    report.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="folder to write report.md and its charts into (made if "
                        "missing; default: <game id>-report here)")
    report.add_argument("--line", default=None, metavar="NAME",
                        help="which line of play (default: the one played last)")
    report.set_defaults(command=cmd_report)
    _batch_commands(sub)
    schema = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    schema.add_argument("--out", type=str, metavar="FILE", help="write it to FILE instead")
    schema.add_argument("--markdown", action="store_true",
                        help="print the field reference as Markdown instead")
    schema.set_defaults(command=cmd_schema)
    return parser


def _batch_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``batch`` and ``export`` commands."""
    batch = sub.add_parser("batch", help="run an experiment, or a scenario and its variants, "
                           "over many seeds into a results store (SQLite)")
    batch.add_argument("file", type=Path, metavar="EXPERIMENT|SCENARIO",
                       help="an experiment file (docs/experiments.md), or a scenario file "
                       "whose base and variants are the batch's cells")
    batch.add_argument("--variant", type=_variant, action="append", default=[], metavar="NAME",
                       help="with a scenario: a variant to run beside the base (repeat for "
                       "more; default: every variant of the scenario)")
    batch.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                       dest="sets", help="with a scenario: change a field in every cell, "
                       "e.g. rules.control.hold_hours=20 (repeat for more)")
    batch.add_argument("--runs", type=_runs, default=None, metavar="N",
                       help="seeds 0 to N-1 of every cell (default: the experiment's runs, "
                       "or 100)")
    batch.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                       help="processes (or local Dask workers), at most one per CPU "
                       "(default 1)")
    batch.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="local processes (default) or dask")
    batch.add_argument("--address", default=None, metavar="tcp://HOST:PORT",
                       help="with --executor dask: the scheduler of a running cluster "
                       "(default: start a local one)")
    batch.add_argument("--out", type=Path, default=Path("results.sqlite"), metavar="FILE",
                       help="the results store (default results.sqlite)")
    batch.add_argument("--resume", action="store_true",
                       help="go on with the batch in --out: skip runs done, rerun failed ones")
    batch.add_argument("--time-limit", type=_time_limit, default=None, metavar="SECONDS",
                       help="stop a run after SECONDS of computing and store it as failed")
    batch.set_defaults(command=cmd_batch)
    export = sub.add_parser("export", help="write a results store's runs and series as "
                            "CSV or Parquet")
    export.add_argument("store", type=Path, metavar="RESULTS", help="a store made by "
                        "salient batch")
    kind = export.add_mutually_exclusive_group(required=True)
    kind.add_argument("--csv", dest="format", action="store_const", const="csv",
                      help="write runs.csv and series.csv")
    kind.add_argument("--parquet", dest="format", action="store_const", const="parquet",
                      help="write runs.parquet and series.parquet")
    export.add_argument("folder", type=Path, metavar="DIR", help="folder to write into "
                        "(made if missing)")
    export.set_defaults(command=cmd_export)


def _scenario_arguments(parser: argparse.ArgumentParser, *, one_run: bool,
                        default: Path | None = DEFAULT_SCENARIO) -> None:
    """The scenario and variant every running command takes; *one_run* adds seed and mode.

    *default* is the scenario when none is named (None: the command decides).
    """
    parser.add_argument("file", type=Path, metavar="SCENARIO", nargs="?", default=default)
    parser.add_argument("--variant", type=_variant, default=None, metavar="NAME",
                        help="a named variant")
    if one_run:
        parser.add_argument("--seed", type=_seed, default=None,
                            help="random seed (default: the scenario's)")
        parser.add_argument("--mode", choices=("replay", "free"), default="replay",
                            help="replay the historical orders (default) or give none")


def _many_runs_arguments(parser: argparse.ArgumentParser) -> None:
    """The seeds and parallelism every command that makes several runs takes."""
    parser.add_argument("--runs", type=_runs, default=200, metavar="N",
                        help=f"number of seeds, 1 to {MAX_RUNS:,} (default 200)")
    parser.add_argument("--first-seed", type=_seed, default=0, metavar="S",
                        help="seeds run from S to S+N-1 (default 0)")
    parser.add_argument("--jobs", "--workers", dest="jobs", type=_jobs, default=1,
                        metavar="N", help="processes to run the seeds in, at most one per "
                        "CPU (default 1)")


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


def cmd_run(args: argparse.Namespace) -> int:
    """Run one scenario headless; print the daily table and the key events."""
    import json

    from engine.results import record
    from engine.simulation import Simulation
    from scenario.loader import load
    from tui.marks import TimelineMarks
    from tui.render import print_log

    read: set[Path] = set()
    scenario = load(args.file, files_read=read)
    if args.json is not None:
        check_output(args.json, read, "--json")  # before the run, not after it
    sim = Simulation(scenario, seed=args.seed, variant=args.variant, mode=args.mode)
    _headless(sim, args.variant, parse_until(args.until, sim.end_hours, scenario.metadata.start))
    if args.log:
        print_log(sim.log.entries, sim.time_at, marks=TimelineMarks(sim.scenario))
    if args.json is not None:
        write_text(args.json, json.dumps(record(sim), indent=1, default=str) + "\n")
        _wrote(args.json)
    return EXIT_OK


def _headless(sim: Simulation, variant: str | None, until: float | None = None) -> int:
    """Run *sim* to *until* (the end by default); print the daily table and key events."""
    from engine.results import daily_rows, key_events
    from tui.render import print_run

    sim.advance(sim.end_hours if until is None else until)
    print_run(sim.scenario, sim.seed, variant, daily_rows(sim), key_events(sim))
    return EXIT_OK


def parse_until(text: str | None, end_hours: float, start: dt.datetime) -> float:
    """Hours from the start named by ``--until``: ``36h``, ``36`` or an ISO date and time.

    Raises:
        SalientError: the text is neither, has no UTC offset, or is not a time after the
            start and no later than the end (the message gives that window).
    """
    if text is None:
        return end_hours
    hours = _hours_from_start(text, start)
    if not (math.isfinite(hours) and 0 < hours <= end_hours):
        end = start + dt.timedelta(hours=end_hours)
        raise SalientError(f"--until {text!r} is outside the scenario: give hours above 0h "
                           f"and up to {end_hours:g}h, or a time after {_iso(start)} and up "
                           f"to {_iso(end)}")
    return hours


def _hours_from_start(text: str, start: dt.datetime) -> float:
    """*text* as hours (``36h``, ``36``) or a date and time with offset, in hours from *start*.

    Raises:
        SalientError: the text is neither, or the date and time has no offset.
    """
    try:
        return float(text.removesuffix("h"))
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise SalientError(f"--until {text!r}: write hours (36h) or a date and time "
                           "(2024-08-09T21:00+03:00)") from None
    if moment.tzinfo is None:
        raise SalientError(f"--until {text!r} has no UTC offset; add one, e.g. +03:00")
    return (moment - start).total_seconds() / 3600.0


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Replay over many seeds; print each banded claim against the simulated range."""
    from engine.calibrate import calibrate
    from scenario.loader import load
    from scenario.variants import apply
    from tui.render import print_calibration

    last = args.first_seed + args.runs - 1
    if last > MAX_SEED:
        raise SalientError(f"--first-seed {args.first_seed} with --runs {args.runs} runs seeds "
                           f"past {MAX_SEED:,}; give a first seed of at most "
                           f"{MAX_SEED + 1 - args.runs:,}")
    scenario = load(args.file)
    if args.variant:
        apply(scenario, args.variant)  # an unknown variant fails here, before any run
    seeds = range(args.first_seed, last + 1)
    outcomes = calibrate(scenario, seeds, args.variant, jobs=args.jobs)
    print_calibration(scenario, outcomes, seeds)
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    """Run a scenario's base and variants over seeds into a results store."""
    from engine.batch import make_executor, run_batch
    from tui.batch_cli import interrupted, progress_bar, summary_line

    experiment = _experiment(args)
    executor = make_executor(args.executor, args.jobs, args.address)
    cells = experiment.cells
    runs = args.runs or experiment.runs
    recording = experiment.recording
    try:
        with progress_bar(f"{len(cells)} cell{'' if len(cells) == 1 else 's'}") as progress:
            summary = run_batch(cells, runs, args.out, metrics=recording.metrics,
                                times=recording.times, text=experiment.text,
                                resume=args.resume, executor=executor,
                                time_limit=args.time_limit, progress=progress)
    except KeyboardInterrupt:
        interrupted(args.out)
        raise
    print(summary_line(summary))
    return EXIT_OK


def _experiment(args: argparse.Namespace) -> Experiment:
    """The experiment ``salient batch`` runs: the file's, or a scenario's with its variants.

    Raises:
        SalientError: ``--variant`` or ``--set`` given with an experiment file.
    """
    from scenario.experiment import from_scenario, is_experiment, load_experiment

    if not is_experiment(args.file):
        return from_scenario(args.file, args.variant, args.sets, args.runs or 100)
    given = [flag for flag, value in (("--variant", args.variant), ("--set", args.sets))
             if value]
    if given:
        raise SalientError(f"{' and '.join(given)} go with a scenario file; in an experiment "
                           "file write them as variants: and set:")
    return load_experiment(args.file)


def cmd_export(args: argparse.Namespace) -> int:
    """Write a results store's runs and series into a folder as CSV or Parquet."""
    from engine.export import export
    from engine.store import Store
    from tui.batch_cli import export_folder, said

    store = Store.open(args.store)  # checked before the folder is made
    try:
        print(said(export(store, export_folder(args.folder), args.format)))
    finally:
        store.close()
    return EXIT_OK


def cmd_play(args: argparse.Namespace) -> int:
    """Open the Textual app on a scenario, or on a saved game with ``--load``.

    Off a terminal the run is printed headless instead, except with the hidden
    ``--served`` (the command ``salient serve`` runs on pipes for each browser page):
    then the app always opens, going on with the newest fitting autosave (:mod:`tui.serve`).
    """
    with app_starting():
        session = _play_session(args)
        app = (_app(args, session) if args.served or (sys.stdin.isatty() and sys.stdout.isatty())
               else None)
    if app is None:
        print("salient play: not a terminal, so the run is shown headless instead "
              "(open a terminal for the app)", file=sys.stderr)
        return _headless(session.sim, session.sim.variant)
    app.run()
    if session.path is not None or (args.autosave and session.position > 0):
        print(f"salient: game {session.game.id} saved; go on with "
              f"`salient play --load {session.game.id}`", file=sys.stderr)
    return EXIT_OK


@contextlib.contextmanager
def app_starting() -> Iterator[None]:
    """Start the app lean: numpy's BLAS on one thread, and the garbage collector held.

    Nothing the app runs calls BLAS (no matrix products), yet OpenBLAS starts a thread per
    CPU as numpy is imported: 30 ms of CPU and more, and on a busy machine those threads
    take the CPU from the start-up itself (numpy's import: 65 ms alone, 65-140 ms with
    them). ``OPENBLAS_NUM_THREADS`` is 1 while the app starts (unless set already), which
    is when numpy loads; then the environment is as it was.

    Python's cyclic garbage collector is held while the app starts (then as it was).
    Starting imports about a thousand modules, loads the scenario and builds the run (or
    replays a saved game): some 170,000 objects the collector tracks, nearly all living as
    long as the process, and next to no cyclic garbage (about a thousand objects on Kursk;
    none from playing its 30 turns). Run as they were made, the collector went through
    them 300 times, 2 of them all of them: some 90 ms of the 900 before the app's first
    frame. The app then freezes them (:func:`_app`), so later collections leave them out.
    """
    blas = "OPENBLAS_NUM_THREADS" not in os.environ
    if blas:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
    held = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if held:
            gc.enable()
        if blas:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)


def _app(args: argparse.Namespace, session: Session) -> SalientApp:
    """The app on *session*, ready to run; what start-up made is frozen (see below)."""
    from engine.saves import games_folder
    from tui.app import SalientApp  # Textual loads only when the app opens

    if args.autosave:
        session.autosave = games_folder()
    app = SalientApp(session, seconds_per_turn=args.speed)
    gc.freeze()  # start-up's objects live as long as the app: collections leave them out
    return app


def _play_session(args: argparse.Namespace) -> Session:
    """The session ``play`` opens: a loaded game, a served game resumed, or a new one."""
    if args.load is not None:
        return _loaded_session(args)
    if args.served:
        from engine.saves import games_folder
        from tui.serve import resume

        path = (args.file or DEFAULT_SCENARIO).resolve()
        view = None if args.side == "umpire" else str(args.side)
        resumed = resume(games_folder(), _serve_settings(args, path), view)
        if resumed is not None:
            return resumed
    return _new_session(args)


def _view(args: argparse.Namespace, sides: Sequence[str], where: str) -> str | None:
    """The view ``--side`` names (None: the umpire).

    Raises:
        SalientError: it names no side of the scenario.
    """
    if args.side != "umpire" and args.side not in sides:
        raise SalientError(f"--side {args.side!r} is not a side of {where}; write "
                           f"umpire or one of: {', '.join(sides)}")
    return None if args.side == "umpire" else str(args.side)


def _new_session(args: argparse.Namespace) -> Session:
    from scenario.loader import load
    from tui.session import Session

    if args.scenario_from_save:
        raise SalientError("--scenario-from-save goes with --load GAME")
    path = args.file or DEFAULT_SCENARIO
    scenario = load(path)
    view = _view(args, [s.id for s in scenario.sides], str(path))
    return Session(scenario, seed=args.seed, variant=args.variant, mode=args.mode,
                   view=view, teams=args.teams, source=path)


def _loaded_session(args: argparse.Namespace) -> Session:
    from engine.saves import find_game
    from tui.session import Session

    given = [flag for flag, value in (("--seed", args.seed), ("--variant", args.variant),
                                      ("--teams", args.teams)) if value]
    if given:
        raise SalientError(f"{', '.join(given)} cannot go with --load: a saved game keeps "
                           "its own settings")
    path = find_game(args.load)
    session = Session.load(path, scenario=args.file, from_save=args.scenario_from_save)
    sides = [s.id for s in session.sim.scenario.sides]
    view = _view(args, sides, str(path))
    if not session.teams and view != session.view:
        session.view = view
    return session


def _served_arguments(play: argparse.ArgumentParser) -> None:
    """The hidden flags of the command ``salient serve`` runs for each browser page."""
    play.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    play.add_argument("--served-since", type=dt.datetime.fromisoformat, default=None,
                      help=argparse.SUPPRESS)


def _serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``serve`` command: its scenario and game settings are those of ``play``."""
    serve = sub.add_parser("serve", help="the app in a web browser (one screen: a projector "
                           "or one team's laptop); see docs/instructor.md")
    _scenario_arguments(serve, one_run=True, default=None)
    serve.add_argument("--side", default="umpire", metavar="SIDE",
                       help="whose view to open with: umpire (default) or a side id")
    serve.add_argument("--speed", type=_speed, default=1.5, metavar="SECONDS",
                       help="seconds between turns while playing (default 1.5)")
    serve.add_argument("--teams", action="store_true",
                       help="two teams on one screen (WEGO), as with play --teams")
    serve.add_argument("--port", type=_port, default=8000, metavar="N",
                       help="port to listen on (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", metavar="HOST",
                       help="address to listen on (default 127.0.0.1: this machine only; "
                       "0.0.0.0 lets other machines connect)")
    serve.add_argument("--new", action="store_true",
                       help="start a new game instead of going on with the newest autosave "
                       "of the same scenario and settings")
    serve.set_defaults(command=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the scenario, settings and address, then serve the app until stopped."""
    from scenario.loader import load
    from scenario.variants import apply
    from tui.serve import serve

    given = args.file or DEFAULT_SCENARIO
    scenario = load(given)
    _view(args, [s.id for s in scenario.sides], str(given))
    path = given.resolve()
    title = scenario.metadata.title
    if args.variant:
        apply(scenario, args.variant)  # an unknown variant fails here, before serving
    args.served_since = dt.datetime.now(dt.UTC).replace(microsecond=0) if args.new else None
    return serve(_serve_settings(args, path), host=args.host, port=args.port, title=title)


def _serve_settings(args: argparse.Namespace, path: Path) -> ServeSettings:
    """The served game's settings from ``serve``'s or the served ``play``'s flags."""
    from tui.serve import Settings

    return Settings(scenario=path, variant=args.variant, seed=args.seed, mode=args.mode,
                    side=args.side, teams=args.teams, speed=args.speed,
                    since=args.served_since)


def cmd_games(args: argparse.Namespace) -> int:
    """List the saved games, newest first, one line each."""
    from engine.saves import games_folder, list_games

    folder = args.folder or games_folder()
    found = list_games(folder)
    if not found:
        print(f"no saved games in {folder}")
        return EXIT_OK
    print(f"saved games in {folder}, newest first:")
    for saved in found:
        print(f"  {saved.summary()}")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the debrief of a saved game, or the report of a batch's results store."""
    if _is_sqlite(Path(args.game)):
        return _batch_report(args)
    from engine.game import scenario_from_texts
    from engine.saves import find_game, read_game
    from tui.report import write_report

    path = find_game(args.game)
    game = read_game(path)
    if game.scenario is None:
        raise SalientError(f"{path}: the save keeps no scenario text to replay")
    if args.line is not None:
        game.line(args.line)  # a SaveError naming the lines when there is no such line
    scenario = scenario_from_texts(game.scenario)  # before the folder: a failure leaves none
    out = _report_folder(args.out or Path(f"{game.id}-report"))
    report = write_report(scenario, game, out, args.line)
    print(f"wrote {report.markdown} and {len(report.charts)} charts")
    return EXIT_OK


def _is_sqlite(path: Path) -> bool:
    """True if *path* is a regular file that begins as an SQLite database does."""
    from engine.store import SQLITE_HEADER

    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _batch_report(args: argparse.Namespace) -> int:
    """Write the report of the batch in the store ``args.game``."""
    from tui.batchreport import write_batch_report

    if args.line is not None:
        raise SalientError("--line goes with a saved game, not with a results store")
    from engine.store import Store

    store = Path(args.game)
    Store.open(store).close()  # a damaged store is refused before the folder is made
    out = _report_folder(args.out or Path(f"{store.stem}-report"))
    report = write_batch_report(store, out)
    print(f"wrote {report.markdown} and {len(report.charts)} charts")
    return EXIT_OK


def _report_folder(out: Path) -> Path:
    """The ``--out`` folder of a report, made if missing (see :func:`export_folder`)."""
    from tui.batch_cli import export_folder

    return export_folder(out, "write the report into")


def _parsed(text: str, convert: Callable[[str], T], what: str) -> T:
    """*text* converted, or the flag error "'x' is not *what*"."""
    try:
        return convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None


def _speed(text: str) -> float:
    value = _parsed(text, float, "a number of seconds")
    if not 0.05 <= value <= 60:
        raise argparse.ArgumentTypeError(f"{value:g} s is outside 0.05-60 seconds")
    return value


def _runs(text: str) -> int:
    value = _parsed(text, int, "a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few; runs are 1 or more")
    if value > MAX_RUNS:
        raise argparse.ArgumentTypeError(f"{value} is too many; runs are at most {MAX_RUNS:,}")
    return value


def _jobs(text: str) -> int:
    from engine.parallel import available_cpus

    value = _parsed(text, int, "a whole number")
    cpus = available_cpus()
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few; jobs are 1 or more")
    if value > cpus:
        raise argparse.ArgumentTypeError(
            f"{value} is more than the {cpus} CPU{'s' if cpus != 1 else ''} this machine "
            f"lets salient use; give 1 to {cpus}")
    return value


def _port(text: str) -> int:
    value = _parsed(text, int, "a whole number")
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port; ports are 1 to 65535")
    return value


def _time_limit(text: str) -> float:
    value = _parsed(text, float, "a number of seconds")
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a time limit; give seconds above 0")
    return value


def _seed(text: str) -> int:
    value = _parsed(text, int, "a whole number")
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; seeds are 0 or more")
    if value > MAX_SEED:
        raise argparse.ArgumentTypeError(f"{value} is too large; seeds are 0 to {MAX_SEED:,}")
    return value


def _variant(text: str) -> str:
    """A variant's name; an empty one (``--variant "$V"``, V unset) is refused."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name; give a variant's name, or leave out "
                                         "--variant for the base scenario")
    return text


def cmd_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema."""
    from scenario.reference import markdown
    from scenario.schema import json_schema_text

    text = markdown() if args.markdown else json_schema_text()
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_text(args.out, text)
        _wrote(args.out)
    return EXIT_OK


def _wrote(path: str) -> None:
    """Say where an output went, unless it went to standard output itself."""
    if path != STDOUT:
        print(f"wrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())

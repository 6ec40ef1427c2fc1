"""Saved games: the record of a game, its replay, its file, and what is refused."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from engine import saves, umpire
from engine.game import (
    ControlChange,
    Game,
    GivenOrder,
    Inject,
    Line,
    new_game,
    perform,
    read_texts,
    replay,
    scenario_from_texts,
    turns,
)
from engine.orders import Order
from engine.simulation import Simulation
from engine.snapshot import Snapshot
from scenario.errors import OrderError, SalientError, SaveError
from scenario.loader import load

KURSK = Path("scenarios/kursk_2024.yaml")
VIEWS = (None, "ua", "ru")

PLAN: dict[int, list[GivenOrder | Inject | ControlChange]] = {
    1: [GivenOrder(turn=1, hours=12, side="ua", unit="ua_22_mech_1", action="attack",
                   to="sudzha"),
        Inject(turn=1, hours=12, text="Kyiv confirms the operation", sides=())],
    2: [ControlChange(turn=2, hours=24, place="goncharovka", side="ua"),
        GivenOrder(turn=2, hours=24, side="ru", unit="ru_cons_sudzha", action="withdraw",
                   to="goncharovka"),
        GivenOrder(turn=2, hours=24, side="ua", unit="ua_88_mech_1", action="move",
                   to="nowhere")],
    4: [GivenOrder(turn=4, hours=48, side="ua", unit="ua_88_mech_2", action="move",
                   to="sudzha")],
}
"""Orders (one refused), an inject and a hand-over, at three turns."""


def views(sim: Simulation) -> tuple[Snapshot, ...]:
    return tuple(sim.snapshot(v) for v in VIEWS)


def play(path: Path, turns: int) -> tuple[Game, list[tuple[Snapshot, ...]]]:
    """Play the plan for *turns* turns; the record and the snapshots at each turn's start."""
    scenario = load(path)
    sim = Simulation(scenario)
    game = new_game(sim, read_texts(path))
    seen = []
    for k in range(turns):
        seen.append(views(sim))
        for action in PLAN.get(k, []):
            perform(sim, action)
        sim.advance_turn()
    seen.append(views(sim))
    actions = tuple(a for k in range(turns) for a in PLAN.get(k, []))
    return game.with_line(Line(name="main", played=turns, actions=actions)), seen


@pytest.fixture(scope="module")
def played() -> tuple[Game, list[tuple[Snapshot, ...]]]:
    return play(KURSK, 6)


def test_a_saved_game_loads_and_replays_the_same_snapshots_at_every_turn(
        played: tuple[Game, list[tuple[Snapshot, ...]]], tmp_path: Path) -> None:
    game, seen = played
    saved = saves.write_game(tmp_path / "g.json", game)
    loaded = saves.read_game(tmp_path / "g.json")
    assert loaded == saved and loaded.saved is not None
    saves.check_scenario(loaded, KURSK, tmp_path / "g.json")
    scenario = load(KURSK)
    for k, expected in enumerate(seen):
        assert views(replay(scenario, loaded, "main", k)) == expected, f"turn {k}"
    umpire_log = seen[-1][0].log
    assert any(e.kind == "inject" and e.data.get("umpire") for e in umpire_log)
    assert any(e.kind == "control" and e.data.get("umpire") for e in umpire_log)
    assert any(e.kind == "rejected" and "nowhere" in e.text for e in umpire_log)


def test_one_run_stepped_turn_by_turn_stands_where_replay_brings_a_fresh_one(
        played: tuple[Game, list[tuple[Snapshot, ...]]]) -> None:
    game, seen = played
    stepped = [(k, views(sim)) for k, sim in turns(load(KURSK), game, "main")]
    assert [k for k, _ in stepped] == list(range(len(seen)))
    assert [v for _, v in stepped] == seen


def test_replay_to_a_turn_before_any_order_is_a_fresh_run_stopped_there(
        played: tuple[Game, list[tuple[Snapshot, ...]]]) -> None:
    game, seen = played
    fresh = Simulation(load(KURSK))
    fresh.advance_turn()
    assert views(replay(load(KURSK), game, "main", 1)) == views(fresh) == seen[1]
    assert views(replay(load(KURSK), game, "main", 1)) != seen[2]


def test_a_branch_replays_on_its_own_and_its_parent_is_kept(
        played: tuple[Game, list[tuple[Snapshot, ...]]], tmp_path: Path) -> None:
    game, seen = played
    extra = GivenOrder(turn=3, hours=36, side="ua", unit="ua_88_mech_2", action="move",
                       to="goncharovka")
    branch = game.line("main").cut("what-if", 3)
    branch = branch.model_copy(update={"actions": (*branch.actions, extra), "played": 3})
    saves.write_game(tmp_path / "g.json", game.with_line(branch))
    loaded = saves.read_game(tmp_path / "g.json")
    assert [x.name for x in loaded.lines] == ["main", "what-if"]
    assert (loaded.line("what-if").parent, loaded.line("what-if").from_turn) == ("main", 3)
    scenario = load(KURSK)
    assert views(replay(scenario, loaded, "what-if", 2)) == seen[2]
    at_branch = replay(scenario, loaded, "what-if", 3)
    assert any(e.kind == "order" and "Goncharovka" in e.text for e in at_branch.log.entries)
    assert views(replay(scenario, loaded, "main", 6)) == seen[6]


def test_a_turn_the_line_has_not_reached_is_refused(
        played: tuple[Game, list[tuple[Snapshot, ...]]]) -> None:
    with pytest.raises(SaveError, match="turn 7 is not on line 'main'"):
        replay(load(KURSK), played[0], "main", 7)
    with pytest.raises(SaveError, match="no line 'other'; its lines are main"):
        played[0].line("other")


def copy_kursk(folder: Path) -> Path:
    shutil.copytree("scenarios", folder / "scenarios")
    return folder / "scenarios" / "kursk_2024.yaml"


def test_a_save_for_an_edited_scenario_is_refused_with_the_lines_that_changed(
        tmp_path: Path) -> None:
    main = copy_kursk(tmp_path)
    game, _ = play(main, 2)
    save = tmp_path / "g.json"
    saves.write_game(save, game)
    rules = main.parent / "rules" / "default.yaml"
    text = rules.read_text()
    rules.write_text(text.replace("break_at:", "break_at:  ", 1))
    with pytest.raises(SaveError) as refused:
        saves.check_scenario(saves.read_game(save), main, save)
    message = str(refused.value)
    assert f"{save}: the scenario has changed" in message
    assert str(rules) in message and "rules/default.yaml (saved)" in message
    assert "\n-" in message and "\n+" in message and "--scenario-from-save" in message
    kept = scenario_from_texts(saves.read_game(save).scenario)  # type: ignore[arg-type]
    assert kept == load(KURSK)


def test_a_missing_scenario_file_is_refused(tmp_path: Path) -> None:
    main = copy_kursk(tmp_path)
    game, _ = play(main, 1)
    saves.write_game(tmp_path / "g.json", game)
    main.unlink()
    with pytest.raises(SaveError, match="kursk_2024.yaml cannot be read"):
        saves.check_scenario(game, main, tmp_path / "g.json")


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_a_save_interrupted_mid_write_leaves_the_previous_one_loadable(
        step: str, played: tuple[Game, list[tuple[Snapshot, ...]]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    game, _ = played
    save = tmp_path / "g.json"
    before = saves.write_game(save, game)
    later = game.with_line(game.line("main").model_copy(update={"played": 7}))

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, step, fail)  # the text is written, not yet synced or renamed
    with pytest.raises(SaveError, match="the game was not saved"):
        saves.write_game(save, later)
    monkeypatch.undo()
    assert saves.read_game(save) == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.json"]  # no temporary file left


@pytest.mark.parametrize(("text", "expected"), [
    ("", "the JSON breaks off or is corrupt at line 1"),
    ("[1, 2]", "no format version"),
    ('{"format": 99}', "saved in format version 99; this Salient reads format version 1"),
    ('{"format": 1, "engine": "0"}', "played by engine version '0', and this is engine "
     "version"),
    ('{"format": 1, "engine": "2", "seed": 1}', "not a valid saved game: at id: Field "
     "required"),
])
def test_a_bad_save_gives_one_message_naming_the_file(text: str, expected: str,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(SaveError) as refused:
        saves.read_game(path)
    assert str(refused.value).startswith(f"{path}: ") and expected in str(refused.value)


def test_a_truncated_or_tampered_save_is_refused(
        played: tuple[Game, list[tuple[Snapshot, ...]]], tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    saves.write_game(path, played[0])
    whole = path.read_text()
    path.write_text(whole[: len(whole) // 2])
    with pytest.raises(SaveError, match="breaks off or is corrupt"):
        saves.read_game(path)
    data = json.loads(whole)
    data["scenario"]["files"]["kursk_2024.yaml"] += "# edited\n"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="does not match its digest"):
        saves.read_game(path)
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SaveError, match="not text"):
        saves.read_game(path)
    assert issubclass(SaveError, SalientError)


def test_the_games_folder_follows_salient_home_then_xdg_then_home() -> None:
    assert saves.games_folder({"SALIENT_HOME": "/s", "XDG_DATA_HOME": "/x",
                               "HOME": "/h"}) == Path("/s/games")
    assert saves.games_folder({"XDG_DATA_HOME": "/x", "HOME": "/h"}) == Path(
        "/x/salient/games")
    assert saves.games_folder({"HOME": "/h"}) == Path("/h/.local/share/salient/games")


def test_the_folder_lists_games_newest_first_and_unreadable_files_as_such(
        played: tuple[Game, list[tuple[Snapshot, ...]]], tmp_path: Path) -> None:
    game = played[0]
    older = game.model_copy(update={"id": "kursk_2024-old"})
    saves.write_game(saves.game_file(tmp_path, older.id), older)
    newer = saves.write_game(saves.game_file(tmp_path, game.id), game)
    stamped_old = saves.read_game(saves.game_file(tmp_path, older.id))
    path = saves.game_file(tmp_path, older.id)
    path.write_text(stamped_old.model_copy(update={
        "saved": newer.saved.replace(year=2000)}).model_dump_json())  # type: ignore[union-attr]
    (tmp_path / "broken.json").write_text("{")
    os.utime(tmp_path / "broken.json", (0, 0))  # listed by its file's time
    listed = saves.list_games(tmp_path)
    assert [s.path.stem for s in listed[:2]] == [game.id, "kursk_2024-old"]
    assert "turn 6 on main" in listed[0].summary() and game.title in listed[0].summary()
    assert listed[-1].game is None and "unreadable: not a saved game" in listed[-1].summary()
    assert saves.find_game(game.id, tmp_path) == saves.game_file(tmp_path, game.id)
    with pytest.raises(SaveError, match="no such saved game"):
        saves.find_game("nothing", tmp_path)


def test_the_umpire_injects_for_chosen_sides_and_hands_places_over() -> None:
    sim = Simulation(load(KURSK))
    sim.advance_turn()
    umpire.inject(sim, "Only Russia hears this", ["ru"])
    assert [e.text for e in sim.snapshot("ru").log if e.data.get("umpire")] == [
        "Umpire: Only Russia hears this"]
    assert not [e for e in sim.snapshot("ua").log if e.data.get("umpire")]
    before = sim.snapshot(None).ground_km2["ua"]
    umpire.change_control(sim, "goncharovka", "ua")
    after = sim.snapshot(None)
    assert after.control["goncharovka"] == "ua" and after.ground_km2["ua"] > before
    sim.advance_turn()  # the invariant checks pass with the tally following
    with pytest.raises(OrderError, match="already held by Ukraine"):
        umpire.change_control(sim, "goncharovka", "ua")
    with pytest.raises(OrderError, match="unknown place 'atlantis'"):
        umpire.change_control(sim, "atlantis", "ua")
    with pytest.raises(OrderError, match="unknown side 'nato'"):
        umpire.inject(sim, "x", ["nato"])
    assert perform(sim, Inject(turn=2, hours=24, text="")) == "an injected event needs a text"


def test_an_order_records_what_was_given() -> None:
    order = Order("ua_22_mech_1", "move", to="sudzha", via=("goncharovka",))
    given = GivenOrder.of(order, "ua", 3, 36.0000001)
    assert given.order() == order and given.hours == 36.0 and given.kind == "order"

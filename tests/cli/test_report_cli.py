"""``salient report GAME``: a saved game's debrief as Markdown with PNG charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib import image

from engine.orders import Order
from scenario.loader import load
from tui.cli import main
from tui.session import Session

KURSK = Path("scenarios/kursk_2024.yaml")


def saved_game(folder: Path) -> Path:
    """A Kursk game of 8 turns with one order, saved into *folder*."""
    session = Session(load(KURSK), seed=11, source=KURSK)
    for _ in range(4):
        session.next_turn()
    session.view = "ua"
    assert session.give(Order("ua_22_mech_1", "hold")) is None
    for _ in range(4):
        session.next_turn()
    return session.save(folder / "game.json")


def report(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str
           ) -> tuple[int, str, str]:
    code = main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_report_links_every_chart_it_wrote_and_each_decodes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    game = saved_game(tmp_path)
    out = tmp_path / "debrief"
    code, said, _ = report(tmp_path, capsys, str(game), "--out", str(out))
    assert code == 0 and "report.md" in said
    text = (out / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert sorted(links) == pngs and len(pngs) == 3
    for name in pngs:
        pixels = image.imread(out / name)
        assert pixels.shape[0] > 100 and pixels.shape[1] > 100
        assert pixels.std() > 0  # something was drawn
    assert "## Claims beside the run" in text and "Syrskyi" not in text  # 8 turns: 8 Aug
    assert "## What each side believed" in text
    assert "| Ukraine |" in text and "| Russia |" in text


def test_a_bad_game_or_folder_is_one_message_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("{not json", encoding="utf-8")
    code, _, err = report(tmp_path, capsys, str(corrupt), "--out", str(tmp_path / "o"))
    assert code == 2 and err.count("\n") == 1 and "corrupt.json" in err
    game = saved_game(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = report(tmp_path, capsys, str(game), "--out", str(blocker))
    assert code == 2 and "is not a folder" in err
    code, _, err = report(tmp_path, capsys, str(game), "--out",
                          str(tmp_path / "missing" / "deeper"))
    assert code == 2 and "cannot make the folder" in err
    code, _, err = report(tmp_path, capsys, str(game), "--line", "nope", "--out",
                          str(tmp_path / "o2"))
    assert code == 2 and "no line 'nope'" in err

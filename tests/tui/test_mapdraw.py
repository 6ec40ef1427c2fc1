"""The map drawing, without the app: where places, roads, the border and units land."""

from __future__ import annotations

from rich.text import Text

from tests.tui.conftest import kursk, mini
from tui.mapdraw import PLACE_GLYPHS, draw, frame_for
from tui.session import Session


def lines(session: Session, width: int = 60, height: int = 20) -> list[str]:
    return draw(session.layout, session.snapshot(), width, height).plain.split("\n")


def test_the_drawing_fills_the_size_asked() -> None:
    rows = lines(Session(mini()), 50, 16)
    assert len(rows) == 16 and {len(r) for r in rows} == {50}


def test_every_place_lies_inside_the_frame() -> None:
    session = Session(kursk())
    frame = frame_for(session.layout, 90, 30)
    cells = [frame.cell(p.xy) for p in session.layout.places]
    assert all(0 <= col < 90 and 0 <= row < 30 for col, row in cells)
    cols = max(c for c, _ in cells) - min(c for c, _ in cells)
    rows = max(r for _, r in cells) - min(r for _, r in cells)
    assert cols >= 90 - 4 or rows >= 30 - 4  # the map fills the width or the height


def test_places_show_their_glyph_and_towns_their_name() -> None:
    session = Session(mini())
    layout = session.layout
    frame = frame_for(layout, 60, 20)
    rows = lines(session)
    for place in layout.places:
        col, row = frame.cell(place.xy)
        assert rows[row][col] in set(PLACE_GLYPHS.values()) | set("0123456789+")
    assert "Eastburg" in "\n".join(rows)


def test_a_unit_is_drawn_at_its_position_in_its_side_colour() -> None:
    session = Session(mini(), mode="free")
    session.sim.advance(1.0)
    text = draw(session.layout, session.snapshot(), 60, 20)
    marks = [span for span in text.spans if "on #" in str(span.style)]
    assert marks, "no unit drawn"
    colours = {c for _, c in session.layout.side_colours}
    assert all(any(c in str(span.style) for c in colours) for span in marks)


def test_a_cut_road_is_drawn_with_crosses() -> None:
    session = Session(mini(), mode="free")
    assert "×" not in "\n".join(lines(session))
    session.sim.close_road("ford", "crossing", "test")
    assert "×" in "\n".join(lines(session))


def marks_of(text: Text, colour: str, width: int) -> set[tuple[int, int]]:
    """Cells (column, row) holding a unit mark on *colour*."""
    return {(span.start % (width + 1), span.start // (width + 1)) for span in text.spans
            if f"on {colour}" in str(span.style)}


def test_a_side_sees_no_undetected_enemy_on_its_map() -> None:
    session = Session(kursk(), view="ru")
    for _ in range(6):
        session.next_turn()
    seen, everything = session.snapshot(), session.sim.snapshot()
    frame = frame_for(session.layout, 90, 30)
    ua = dict(session.layout.side_colours)["ua"]
    on_ru_map = marks_of(draw(session.layout, seen, 90, 30), ua, 90)
    on_umpire_map = marks_of(draw(session.layout, everything, 90, 30), ua, 90)
    ru_knows = {frame.cell(u.xy) for u in seen.units if u.side == "ua" and u.xy is not None}
    assert on_ru_map, "Russia has seen no Ukrainian unit by 9 August"
    assert all(cell in ru_knows or (cell[0] - 1, cell[1]) in ru_knows for cell in on_ru_map)
    assert on_umpire_map - on_ru_map, "the umpire's map shows units Russia has not seen"


def test_a_unit_covers_the_place_it_stands_at() -> None:
    session = Session(mini(), mode="free")
    frame = frame_for(session.layout, 60, 20)
    col, row = frame.cell(session.layout.place("westport").xy)
    assert lines(session)[row][col] == "1"  # 1st Rifles stand at Westport

"""The table's quick drawing of one-line cells gives exactly the segments Rich's does."""

from __future__ import annotations

import itertools

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from tui.celltable import CellCacheTable

CELLS: list[str | Text] = [
    "", "a", "Kursk", "exactly ten", "a cell far too long for its column", "[b]bold[/b] markup",
    "wide 漢字 characters", "trailing   ", "  leading",
    Text(""), Text("plain"), Text("coloured", style="#a0a0a0"),
    Text("a claim too long for the column, cut", overflow="ellipsis", no_wrap=True),
    Text("cropped and far too long", overflow="crop"), Text("folded and far too long"),
    Text("left justified", justify="left"), Text("left and much too long", justify="left"),
    Text("centred", justify="center"), Text("right", justify="right"),
    Text.assemble(("red", "red"), " and ", ("blue on white", "blue on white")),
    Text("two\nlines"), Text("a\ttab"), Text("wraps if asked", no_wrap=False),
    Text("漢字漢字漢字漢字", overflow="ellipsis"),
]
"""Cells of every kind the quick path takes or leaves to DataTable."""

WIDTHS = (3, 10, 12)


class TableApp(App[None]):
    """One table with a column of each width and a row for each cell."""

    def compose(self) -> ComposeResult:
        """The table alone."""
        yield CellCacheTable(id="t")

    def on_mount(self) -> None:
        """Fill the table: each cell in each column."""
        table = self.query_one(CellCacheTable)
        for width in WIDTHS:
            table.add_column(str(width), width=width)
        for cell in CELLS:
            table.add_row(*[cell] * len(WIDTHS))


async def test_one_line_cells_draw_as_datatable_draws_them() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        table = app.query_one(CellCacheTable)
        style = table.rich_style
        drawn = 0
        for padding, row, column, cursor, hover in itertools.product(
                (0, 1, 2), range(len(CELLS)), range(len(WIDTHS)), (False, True),
                (False, True)):
            table.cell_padding = padding
            width = table.ordered_columns[column].get_render_width(table)
            quick = table._draw_line(row, column, style, width, cursor, hover)
            table._cell_render_cache.clear()
            rich = DataTable._render_cell(table, row, column, style, width, cursor, hover)
            if quick is not None:
                drawn += 1
                assert quick == rich, (CELLS[row], width, padding, cursor, hover)
        assert drawn > len(CELLS) * len(WIDTHS), drawn

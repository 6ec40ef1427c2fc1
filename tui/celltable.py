"""A :class:`~textual.widgets.DataTable` that draws a cell again only when the cell changed.

Textual's table keys its cache of drawn cells on a counter that every ``update_cell``,
``add_row`` and ``clear`` bumps, so changing one cell draws every visible cell again (each
through Rich: padding, styling, cropping). :class:`CellCacheTable` keys the drawing of a
body cell on what decides how it looks instead: its place, its content, its width and its
style (cursor, hover, focus, theme). A turn that changes a few cells of the units list then draws
only those, and a table filled again with the same rows (the claims, on each visit) draws
nothing again. A changed cell repaints its row, not the table. Everything else (layout,
cursor, keys, messages) is the DataTable's own. A cell of one line of text is drawn
straight to its segments, the same segments Rich's padding and styling wrappers give, at
less than half their cost (the claims screen's first 245 cells: some 25 ms before, 10 after).

:meth:`CellCacheTable.reorder` puts the same rows in a new order as ``DataTable.sort``
does, for an order that no column gives: the table is not emptied and filled again, so
its size does not change and no layout of the screen follows.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from rich.cells import cell_len
from rich.console import JustifyMethod, OverflowMethod
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._two_way_dict import TwoWayDict
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import CellDoesNotExist, ColumnKey, RowKey

SegmentLines = list[list[Segment]]

_NEW_LINE = Text("\n")
"""What Rich joins a text's lines with before drawing them (it styles the result)."""


def fingerprint(value: object) -> Hashable:
    """A hashable value equal for two cells that draw the same (None: not known)."""
    if isinstance(value, str):
        return value
    if isinstance(value, Text):
        return (value.plain, str(value.style), tuple(value.spans), value.justify,
                value.overflow, value.no_wrap, value.end)
    return None


class CellCacheTable(DataTable[str | Text]):
    """A DataTable whose body cells are drawn again only when they change (see the module).

    Cells of ``str`` or :class:`~rich.text.Text` are cached by content; other cells, the
    header and row labels are drawn as the DataTable draws them.
    """

    CELL_CACHE_SIZE = 4000
    """Drawn cells kept (a few screens of a wide table)."""

    def __init__(self, *, id: str | None = None, cursor_type: str = "row") -> None:
        super().__init__(id=id, cursor_type=cursor_type)  # type: ignore[arg-type]
        self._drawn: LRUCache[Hashable, SegmentLines] = LRUCache(self.CELL_CACHE_SIZE)
        self._look: tuple[Style, ...] = ()
        """The table's style and its parts' styles at the last drawing."""
        self._text_defaults: tuple[JustifyMethod | None, OverflowMethod | None] | None = None
        """The console's justify and overflow for texts, as of the last drawing."""

    def _render_cell(self, row_index: int, column_index: int, base_style: Style,
                     width: int, cursor: bool = False, hover: bool = False) -> SegmentLines:
        """Draw a cell, or take it from the cache when a cell like it was drawn here."""
        if row_index < 0 or column_index < 0 or row_index < self.fixed_rows or \
                column_index < self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width,
                                        cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        row = self.rows.get(row_key) if row_key is not None else None
        content = None if row is None or column_key is None else \
            fingerprint(self._data[row.key].get(column_key))
        if row is None or content is None or row.auto_height:
            return super()._render_cell(row_index, column_index, base_style, width,
                                        cursor, hover)
        key = (row_index, column_index, content, row.height, base_style, width, cursor,
               hover, self._show_hover_cursor, self.show_cursor, self._pseudo_class_state,
               self.cursor_foreground_priority, self.cursor_background_priority, self._look)
        drawn = self._drawn.get(key)
        if drawn is None:
            if row.height == 1:
                drawn = self._draw_line(row_index, column_index, base_style, width, cursor,
                                        hover)
            if drawn is None:
                drawn = super()._render_cell(row_index, column_index, base_style, width,
                                             cursor, hover)
            self._drawn[key] = drawn
        return drawn

    def _draw_line(self, row_index: int, column_index: int, base_style: Style, width: int,
                   cursor: bool, hover: bool) -> SegmentLines | None:
        """Draw a one-line body cell without Rich's render pipeline (None: not one of those).

        Gives the segments DataTable's ``Styled(Padding(cell))`` would for a text of one
        line that needs no wrapping, justified by default or to the left: the text cut to
        the width inside the padding as Rich cuts it, padded, then the cell's styles.
        """
        cell = self._get_row_renderables(row_index).cells[column_index]
        inner = width - 2 * self.cell_padding
        if not isinstance(cell, Text) or inner < 1 or cell.no_wrap is False or \
                "\n" in cell.plain or "\t" in cell.plain:
            return None
        if self._text_defaults is None:
            options = self.app.console_options
            self._text_defaults = (options.justify, options.overflow)
        justify: JustifyMethod = cell.justify or self._text_defaults[0] or "default"
        overflow: OverflowMethod = cell.overflow or self._text_defaults[1] or "fold"
        if justify not in ("default", "left") or overflow == "ignore":
            return None
        line = cell
        if justify == "left" or cell_len(cell.plain) > inner:
            line = cell.copy()  # cut (and padded) as Rich cuts a text's lines
            if justify == "left":
                line.truncate(inner, overflow=overflow, pad=True)
            line.truncate(inner, overflow=overflow)
        console = self.app.console
        segments = list(_NEW_LINE.join([line]).render(console))
        if not segments:
            return None
        pad_style = console.get_style("none")
        segments = Segment.adjust_line_length(segments, inner, style=pad_style, pad=True)
        if self.cell_padding:
            side = Segment(" " * self.cell_padding, pad_style)
            segments = [side, *segments, side]
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css")
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) \
            + component_style
        return [list(Segment.apply_style(segments, pre_style, post_style))]

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str,
                    value: str | Text, *, update_width: bool = False) -> None:
        """Change a cell as DataTable does, but repaint only its row, not the whole table.

        With *update_width* (the column may widen) the whole table is repainted as usual.
        """
        if update_width:
            super().update_cell(row_key, column_key, value, update_width=True)
            return
        row_key = RowKey(row_key) if isinstance(row_key, str) else row_key
        column_key = ColumnKey(column_key) if isinstance(column_key, str) else column_key
        if row_key not in self._row_locations or column_key not in self._column_locations:
            raise CellDoesNotExist(f"No cell exists for row_key={row_key!r}, "
                                   f"column_key={column_key!r}.")
        self._data[row_key][column_key] = value
        self._update_count += 1  # as DataTable.update_cell: its line caches start again
        self.refresh_row(self.get_row_index(row_key))

    def size_now(self) -> None:
        """Work out the table's size for the rows just added now, not when next idle.

        DataTable measures new rows once its messages are handled; after filling a table in
        a handler, that lands after the screen's next frame and costs one of its own (for
        the scroll bar). Done here, in the handler, it is drawn in the same frame.
        """
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Work out the table's size for *new_rows*, measuring cells only where needed.

        DataTable measures every cell of the new rows for the widths of its columns, but
        a column given a width keeps it: where every column has one, and no new row has a
        label or takes its height from its cells, the size follows from the widths and
        the rows' heights alone (a table of a few hundred long claims: some 12 ms).
        """
        keys = list(new_rows)
        rows = [self.rows[key] for key in keys if key in self.rows]
        if any(column.auto_width for column in self.columns.values()) or \
                any(row.label is not None or row.auto_height for row in rows):
            super()._update_dimensions(keys)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width,
                                 self._total_row_height + header)

    def reorder(self, keys: Sequence[str]) -> None:
        """Show the rows in the order of *keys*, which must be the keys of every row."""
        rows = {str(row_key.value): row_key for row_key in self.rows}
        if sorted(keys) != sorted(rows):
            raise ValueError("reorder needs the keys of every row, once each")
        self._row_locations = TwoWayDict({rows[key]: index for index, key in enumerate(keys)})
        self._update_count += 1  # as DataTable.sort: the row and line caches start again
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Note the table's look (its style and its parts' styles), then draw as DataTable.

        The look is part of each cached cell's key, so a new theme draws cells again while
        a screen shown again (whose styles Textual applies afresh) finds them drawn.
        """
        self._look = (self.rich_style, *(self.get_component_rich_style(name)
                                         for name in sorted(self.COMPONENT_CLASSES)))
        self._text_defaults = None
        return super().render_lines(crop)

"""The log of the main screen: the entries one view may see, drawn only when they are shown.

:class:`EventLog` is a :class:`~textual.widgets.RichLog` (its looks, scrolling and keys) that
does not draw every entry as it is written. It keeps the entries and, for each, the width
it is wrapped at and how many lines it takes (one for an entry narrower than the log,
which is most: counted without drawing); an entry is drawn (wrapped through Rich, as
RichLog draws) the first time one of its lines is on screen, and kept. A turn then costs
the log a few string lengths, and the screen can keep every view's log written as the run
goes (:meth:`~tui.main_screen.MainScreen.show`), so showing another view draws ten lines
instead of the whole log.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar, Self, overload

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import RichLog

from engine.log import LogEntry
from engine.snapshot import Snapshot
from tui.marks import TimelineMarks
from tui.render import readable

KIND_STYLES = {"combat": "bold", "strike": "bold #e0a040", "intercept": "#e0a040",
               "damage": "bold #e0a040", "control": "bold #60c060", "inject": "italic #80a0e0",
               "rejected": "red", "destroyed": "bold red", "surrender": "bold red"}
"""How each kind of log entry stands out; kinds not listed are plain."""


class Lines(Sequence[Strip]):
    """The lines of an :class:`EventLog`, each drawn when it is first read.

    It stands in for RichLog's list of drawn lines, which RichLog only measures and reads
    by index (and empties through :meth:`clear`).
    """

    def __init__(self, log: EventLog) -> None:
        self._log = log

    def __len__(self) -> int:
        ends = self._log._ends
        return ends[-1] if ends else 0

    @overload
    def __getitem__(self, index: int) -> Strip: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Strip]: ...

    def __getitem__(self, index: int | slice) -> Strip | Sequence[Strip]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._log._line(index)

    def __iter__(self) -> Iterator[Strip]:
        return (self[i] for i in range(len(self)))

    def clear(self) -> None:
        """Nothing to drop here: the log empties its own entries (:meth:`EventLog.clear`)."""


class EventLog(RichLog):
    """The log entries one view may see, newest last, each one line of text with its time.

    The screen keeps one log per view and feeds each the entries its view may see as the
    run goes (:meth:`add`), so showing another view costs nothing: its log is already
    written. The log keeps the entries it shows (:attr:`entries`, each as its view was
    shown it); with the focus, a cursor marks one entry (up and down move it) and Enter
    posts :class:`EventLog.Chosen` for it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Earlier entry", show=False),
        Binding("down", "cursor(1)", "Later entry", show=False),
        Binding("home", "cursor_to(0)", "First entry", show=False),
        Binding("end", "cursor_to(-1)", "Last entry", show=False),
        Binding("enter", "choose", "Explain",
                tooltip="The numbers behind the entry under the cursor, with their rules"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"event-log--cursor"}
    DEFAULT_CSS = """
    EventLog > .event-log--cursor { background: $accent 40%; text-style: bold; }
    """
    HELP = ("What the view may know of the run, newest last: moves, combat rounds, strikes, "
            "orders and the timeline's events, with their sources in brackets. Up and down "
            "choose an entry; Enter explains it.")
    DRAWN_ENTRIES = 512
    """Drawn entries kept (a few screens of the log; others are drawn again if shown)."""

    class Chosen(Message):
        """Enter was pressed on a log entry."""

        def __init__(self, log: EventLog, entry: LogEntry) -> None:
            super().__init__()
            self.log = log
            self.entry = entry
            """The entry as the log's view was shown it."""

    def __init__(self, view: str | None, marks: TimelineMarks | None = None,
                 names: Mapping[str, str] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, max_lines=None, min_width=40)
        self.view = view
        """The view whose entries this log shows: None for the umpire, or a side id."""
        self.marks = marks
        self.names = names or {}
        """Ids to names: a refused order's reason is shown with names, not ids."""
        self.upto = 0
        """How far into the run's log (its entry numbers) this log has been fed."""
        self.entries: list[LogEntry] = []
        """The entries written, oldest first, as the view was shown them."""
        self.cursor: int | None = None
        """Index in :attr:`entries` of the entry under the cursor (None: none yet)."""
        self._texts: list[Text] = []
        """Each entry as a line of text, before wrapping."""
        self._widths: list[int] = []
        """The width each entry is wrapped at."""
        self._ends: list[int] = []
        """For each entry, the number of lines up to its end."""
        self._drawn: LRUCache[int, list[Strip]] = LRUCache(self.DRAWN_ENTRIES)
        self._waiting: list[tuple[tuple[LogEntry, ...], Snapshot]] = []
        """Entries added before the log's width was known, to lay out once it is."""
        self.lines = Lines(self)  # type: ignore[assignment]

    @property
    def count(self) -> int:
        """Entries of this view written so far."""
        return len(self.entries)

    @property
    def chosen(self) -> LogEntry | None:
        """The entry under the cursor, if any."""
        return None if self.cursor is None else self.entries[self.cursor]

    # -- adding entries -----------------------------------------------------------------

    def add(self, entries: Sequence[LogEntry], snapshot: Snapshot) -> None:
        """Append *entries*, timed relative to *snapshot*'s clock, and scroll to the end.

        An order or inject of the scenario's timeline ends with its source and its estimate
        mark, dimmed: ``[D ≈ timing]``. Until the log's container has a width the entries
        wait (:meth:`on_resize` or the next call lays them out).
        """
        width = self._width()
        if width is None:
            if entries:
                self._waiting.append((tuple(entries), snapshot))
            return
        waiting, self._waiting = self._waiting, []
        batches = [*waiting, (tuple(entries), snapshot)]
        added = 0
        for batch, at in batches:
            for entry in batch:
                self._append(entry, self._text(entry, at), width)
            added += len(batch)
        if not added:
            return
        self.virtual_size = Size(self._widest_line_width, len(self.lines))
        if self.auto_scroll:
            self._scroll_to_end()

    def _text(self, entry: LogEntry, snapshot: Snapshot) -> Text:
        """*entry* as one line of text: its time, its kind, what happened, its source mark."""
        when = snapshot.time - dt.timedelta(hours=snapshot.hours - entry.hours)
        tag = self.marks.tag(entry) if self.marks is not None else ""
        return Text.assemble((f"{when:%d %b %H:%M} ", "dim"),
                             (f"{entry.kind:<9}", KIND_STYLES.get(entry.kind, "")),
                             " ", readable(entry.text, self.names)
                             if entry.kind == "rejected" else entry.text,
                             (f" {tag}" if tag else "", "dim"))

    def _append(self, entry: LogEntry, text: Text, width: int) -> None:
        """Note *entry* and how many lines it takes at *width* (drawing it only if it wraps)."""
        index = len(self.entries)
        self.entries.append(entry)
        self._texts.append(text)
        self._widths.append(width)
        plain = text.plain
        if "\n" in plain or "\t" in plain or cell_len(plain) > width:
            strips = self._draw(index)
            height = len(strips)
            widest = max(strip.cell_length for strip in strips)
        else:
            height, widest = 1, cell_len(plain)
        self._ends.append((self._ends[-1] if self._ends else 0) + height)
        self._widest_line_width = max(self._widest_line_width, widest)

    def _draw(self, index: int) -> list[Strip]:
        """The lines of entry *index*, wrapped at its width as RichLog wraps a write."""
        strips = self._drawn.get(index)
        if strips is None:
            text, width = self._texts[index], self._widths[index]
            if "\t" in text.plain:
                text = text.copy()
                text.expand_tabs()
            console = self.app.console
            lines = list(Segment.split_lines(
                console.render(text, console.options.update_width(width))))
            strips = Strip.from_lines(lines) if lines else [Strip.blank(width)]
            self._drawn[index] = strips
        return strips

    def _line(self, y: int) -> Strip:
        """Line *y* of the log (drawing its entry if it was not drawn yet)."""
        index = bisect_right(self._ends, y)
        start = self._ends[index - 1] if index else 0
        return self._draw(index)[y - start]

    def on_resize(self, event: Resize) -> None:
        """Lay out the entries that waited for a width, once there is one."""
        super().on_resize(event)
        if self._waiting:
            self.add((), self._waiting[-1][1])

    def _width(self) -> int | None:
        """The width to wrap entries at, known from the log's container even while hidden.

        None until the container has a size.
        """
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.content_region.width:
            return None
        scrollbar = self.styles.scrollbar_size_vertical
        return max(self.min_width, parent.content_region.width - scrollbar)

    # -- refreshing and scrolling -------------------------------------------------------

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        """Refresh as any widget does, but lay out no screen for a line a log gains.

        A :class:`RichLog` grows its virtual size with every line, and Textual lays out
        the whole screen on any change of a virtual size (it may add a scroll bar). A
        hidden log (another view's) is laid out when it is shown; once a shown log's
        vertical scroll bar shows, a longer log changes nothing outside it: its scroll bar
        is updated in place instead (a turn then costs no screen layout).
        """
        if layout and not recompose and not self.display:
            layout = False
        elif layout and not recompose and self._scrolls_already():
            self._scroll_update(self.virtual_size)
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _scrolls_already(self) -> bool:
        """True if the vertical scroll bar shows and would still show at the new size."""
        height = self.scrollable_content_region.height
        return (self.show_vertical_scrollbar and height > 0
                and self.virtual_size.height > height
                and self.virtual_size.width <= self.scrollable_content_region.width + 1)

    def _scroll_to_end(self) -> None:
        """Scroll to the newest line, in the same frame as the lines are drawn if possible.

        :meth:`RichLog.write` scrolls after the next refresh, which costs a second frame
        (and a second paint of the log); once the log's scroll bar shows, the size after
        the new lines is already known, so the log scrolls at once. Before that (a layout
        may add the scroll bar), or while hidden, it scrolls after the refresh.
        """
        self.scroll_end(animate=False, immediate=self.display and self._scrolls_already(),
                        x_axis=False)

    def clear(self) -> Self:
        """Empty the log, its entries and its cursor; it is fed again from the start."""
        self.entries, self._texts, self._widths, self._ends = [], [], [], []
        self._drawn.clear()
        self._waiting = []
        self.upto, self.cursor = 0, None
        return super().clear()

    # -- the cursor ---------------------------------------------------------------------

    def _cursor_lines(self) -> tuple[int, int] | None:
        """The first line and the line past the end of the entry under the cursor."""
        if self.cursor is None or self.cursor >= len(self._ends):
            return None
        start = self._ends[self.cursor - 1] if self.cursor > 0 else 0
        return start, self._ends[self.cursor]

    def render_line(self, y: int) -> Strip:
        """A line of the log, marked when it belongs to the entry under the cursor."""
        strip = super().render_line(y)
        lines = self._cursor_lines()
        if self.has_focus and lines is not None and \
                lines[0] <= self.scroll_offset.y + y < lines[1]:
            strip = strip.apply_style(self.get_component_rich_style("event-log--cursor"))
        return strip

    def on_focus(self) -> None:
        """With the focus, the cursor starts on the newest entry."""
        if self.cursor is None and self.entries:
            self.cursor = len(self.entries) - 1
        self.refresh()

    def on_blur(self) -> None:
        """Without the focus, the cursor is not drawn."""
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """Move the cursor *step* entries (negative: earlier)."""
        if not self.entries:
            return
        current = len(self.entries) - 1 if self.cursor is None else self.cursor
        self.action_cursor_to(min(max(current + step, 0), len(self.entries) - 1))

    def action_cursor_to(self, index: int) -> None:
        """Put the cursor on entry *index* (negative: from the end) and bring it in sight."""
        if not self.entries:
            return
        self.cursor = index % len(self.entries)
        lines = self._cursor_lines()
        if lines is not None:
            self.scroll_to_region(Region(0, lines[0], 1, lines[1] - lines[0]),
                                  animate=False, immediate=True)
        self.refresh()

    def action_choose(self) -> None:
        """Post :class:`Chosen` for the entry under the cursor."""
        entry = self.chosen
        if entry is not None:
            self.post_message(self.Chosen(self, entry))

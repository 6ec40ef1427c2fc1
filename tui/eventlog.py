"""The log of the main screen: each view's entries, drawn only when they are shown.

:class:`EventLog` is a :class:`~textual.widgets.RichLog` (its looks, scrolling and keys) that
keeps a :class:`LogPage` for every view and shows one: ``v`` turns the page instead of
showing another widget, which would lay the whole screen out. A page keeps its entries
and, for each, the width it is wrapped at and how many lines it takes (one for an entry
narrower than the log, which is most: counted without drawing); an entry is drawn
(wrapped through Rich, as RichLog draws) the first time one of its lines is on screen,
and kept. A turn then costs the log a few string lengths, and the screen keeps every
view's page written as the run goes (:meth:`~tui.main_screen.MainScreen.show`), so
showing another view draws ten lines instead of the whole log.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar, Self, overload

from rich.cells import cell_len
from rich.console import Console
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
from tui.scrolling import refresh_in_place, scrolls_already

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
        return self._log.page.height

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
        return self._log.page.line(index, self._log.app.console)

    def __iter__(self) -> Iterator[Strip]:
        return (self[i] for i in range(len(self)))

    def clear(self) -> None:
        """Nothing to drop here: the log empties its pages itself (:meth:`EventLog.clear`)."""


class LogPage:
    """The entries of one view in the log, with what is needed to show them as lines."""

    DRAWN_ENTRIES = 512
    """Drawn entries kept (a few screens of the log; others are drawn again if shown)."""

    def __init__(self, view: str | None) -> None:
        self.view = view
        """The view whose entries the page holds: None for the umpire, or a side id."""
        self.clear()

    def clear(self) -> None:
        """Forget every entry; the page is fed again from the start of the run's log."""
        self.upto = 0
        """How far into the run's log (its entry numbers) the page has been fed."""
        self.entries: list[LogEntry] = []
        """The entries written, oldest first, as the view was shown them."""
        self.cursor: int | None = None
        """Index in :attr:`entries` of the entry under the cursor (None: none yet)."""
        self.widest = 0
        """The width of the widest line."""
        self.scroll_y: float | None = None
        """Where the page was scrolled to when another was shown (None: at its end)."""
        self._texts: list[Text] = []
        """Each entry as a line of text, before wrapping."""
        self._widths: list[int] = []
        """The width each entry is wrapped at."""
        self.ends: list[int] = []
        """For each entry, the number of lines up to its end."""
        self._drawn: LRUCache[int, list[Strip]] = LRUCache(self.DRAWN_ENTRIES)

    @property
    def count(self) -> int:
        """Entries written so far."""
        return len(self.entries)

    @property
    def height(self) -> int:
        """Lines the entries take."""
        return self.ends[-1] if self.ends else 0

    def append(self, entry: LogEntry, text: Text, width: int, console: Console) -> None:
        """Note *entry* and how many lines it takes at *width* (drawing it only if it wraps)."""
        index = len(self.entries)
        self.entries.append(entry)
        self._texts.append(text)
        self._widths.append(width)
        plain = text.plain
        if "\n" in plain or "\t" in plain or cell_len(plain) > width:
            strips = self.draw(index, console)
            height = len(strips)
            widest = max(strip.cell_length for strip in strips)
        else:
            height, widest = 1, cell_len(plain)
        self.ends.append(self.height + height)
        self.widest = max(self.widest, widest)

    @property
    def width(self) -> int | None:
        """The width the newest entry is wrapped at (None: no entry yet)."""
        return self._widths[-1] if self._widths else None

    def rewrap(self, width: int, console: Console) -> None:
        """Wrap every entry again at *width* (the log was resized); feeding goes on."""
        entries, texts, upto, cursor = self.entries, self._texts, self.upto, self.cursor
        self.clear()
        for entry, text in zip(entries, texts, strict=True):
            self.append(entry, text, width, console)
        self.upto, self.cursor = upto, cursor

    def draw(self, index: int, console: Console) -> list[Strip]:
        """The lines of entry *index*, wrapped at its width as RichLog wraps a write."""
        strips = self._drawn.get(index)
        if strips is None:
            text, width = self._texts[index], self._widths[index]
            if "\t" in text.plain:
                text = text.copy()
                text.expand_tabs()
            lines = list(Segment.split_lines(
                console.render(text, console.options.update_width(width))))
            strips = Strip.from_lines(lines) if lines else [Strip.blank(width)]
            self._drawn[index] = strips
        return strips

    def line(self, y: int, console: Console) -> Strip:
        """Line *y* of the page (drawing its entry if it was not drawn yet)."""
        index = bisect_right(self.ends, y)
        start = self.ends[index - 1] if index else 0
        return self.draw(index, console)[y - start]

    def lines_of(self, index: int) -> tuple[int, int]:
        """The first line of entry *index* and the line past its end."""
        return (self.ends[index - 1] if index > 0 else 0), self.ends[index]


class EventLog(RichLog):
    """The log entries of the view shown, newest last, each one line of text with its time.

    The screen feeds every view's page the entries it may see as the run goes (:meth:`add`)
    and turns to the page of the view shown (:meth:`show_page`), so showing another view
    costs nothing: its page is already written. A page keeps the entries it shows
    (:attr:`LogPage.entries`, each as its view was shown it); with the focus, a cursor
    marks one entry of the page shown (up and down move it) and Enter posts
    :class:`EventLog.Chosen` for it.
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

    class Chosen(Message):
        """Enter was pressed on a log entry."""

        def __init__(self, log: EventLog, entry: LogEntry) -> None:
            super().__init__()
            self.log = log
            self.entry = entry
            """The entry as the log's view was shown it."""

    def __init__(self, views: Sequence[str | None], view: str | None,
                 marks: TimelineMarks | None = None, names: Mapping[str, str] | None = None,
                 *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, max_lines=None, min_width=40)
        self.pages = {v: LogPage(v) for v in views}
        """A page for each view (None: the umpire)."""
        self.page = self.pages[view]
        """The page shown."""
        self.marks = marks
        self.names = names or {}
        """Ids to names: a refused order's reason is shown with names, not ids."""
        self._waiting: list[tuple[LogPage, tuple[LogEntry, ...], Snapshot]] = []
        """Entries added before the log's width was known, to lay out once it is."""
        self.lines = Lines(self)  # type: ignore[assignment]
        self._rows: int | None = None
        """The rows the log showed before its last resize (None: not shown yet)."""

    @property
    def view(self) -> str | None:
        """The view whose page is shown."""
        return self.page.view

    @property
    def entries(self) -> list[LogEntry]:
        """The entries of the page shown, oldest first."""
        return self.page.entries

    @property
    def count(self) -> int:
        """Entries of the page shown."""
        return self.page.count

    @property
    def cursor(self) -> int | None:
        """Index of the entry under the cursor in the page shown (None: none yet)."""
        return self.page.cursor

    @property
    def chosen(self) -> LogEntry | None:
        """The entry under the cursor, if any."""
        cursor = self.page.cursor
        return None if cursor is None else self.page.entries[cursor]

    # -- pages and entries --------------------------------------------------------------

    def show_page(self, view: str | None) -> None:
        """Show the page of *view*, where it was left (or at its end, if it grew since)."""
        page = self.pages[view]
        if page is self.page:
            return
        self.page.scroll_y = None if self.is_vertical_scroll_end else self.scroll_y
        self.page = page
        self._fit_width(page)
        self._line_cache.clear()
        self._widest_line_width = page.widest
        self.virtual_size = Size(page.widest, page.height)
        if page.scroll_y is None:
            self._scroll_to_end()
        else:
            self.scroll_to(y=page.scroll_y, animate=False, immediate=True)
        self.refresh()

    def add(self, view: str | None, entries: Sequence[LogEntry], snapshot: Snapshot) -> None:
        """Append *entries* to the page of *view*, timed relative to *snapshot*'s clock.

        An order or inject of the scenario's timeline ends with its source and its estimate
        mark, dimmed: ``[D ≈ timing]``. The page shown scrolls to its end. Until the log's
        container has a width the entries wait (:meth:`on_resize` or the next call lays
        them out).
        """
        page = self.pages[view]
        width = self._width()
        if width is None:
            if entries:
                self._waiting.append((page, tuple(entries), snapshot))
            return
        waiting, self._waiting = self._waiting, []
        grown = {page} if entries else set()
        for into, batch, at in [*waiting, (page, tuple(entries), snapshot)]:
            for entry in batch:
                into.append(entry, self._text(entry, at), width, self.app.console)
            grown |= {into} if batch else set()
        for grew in grown - {self.page}:
            grew.scroll_y = None  # shown at its end when turned to
        if self.page in grown:
            self._widest_line_width = self.page.widest
            self.virtual_size = Size(self.page.widest, self.page.height)
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

    def on_resize(self, event: Resize) -> None:
        """Lay out waiting entries; at a new width, wrap the page shown again.

        Entries that waited for a width are laid out once there is one. The page shown is
        wrapped again at a new width and shown from the entry it showed first, or at its
        end if it was there before the resize (a smaller log kept its old top, and the
        newest lines went out of sight).
        """
        super().on_resize(event)
        if self._waiting:
            page, _, at = self._waiting[-1]
            self.add(page.view, (), at)
        page, before = self.page, self._rows
        self._rows = self.scrollable_content_region.height
        at_end = before is None or self.scroll_y >= page.height - before - 0.5
        first = bisect_right(page.ends, round(self.scroll_y))
        if self._fit_width(page):
            self._line_cache.clear()
            self._widest_line_width = page.widest
            self.virtual_size = Size(page.widest, page.height)
            if not at_end and first < page.count:
                self.scroll_to(y=page.lines_of(first)[0], animate=False, immediate=True)
            self.refresh()
        if at_end:
            self._scroll_to_end()

    def _fit_width(self, page: LogPage) -> bool:
        """Wrap *page* again if it was wrapped at another width than the log's now.

        The page shown is wrapped again when the log is resized; the others when next
        shown (a resize then costs one page). True if it was wrapped again.
        """
        width = self._width()
        if width is None or page.width in (None, width):
            return False
        page.rewrap(width, self.app.console)
        return True

    def _width(self) -> int | None:
        """The width to wrap entries at, known from the log's container.

        None until the container has a size.
        """
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.content_region.width:
            return None
        scrollbar = self.styles.scrollbar_size_vertical
        return max(self.min_width, parent.content_region.width - scrollbar)

    def restart(self, view: str | None) -> None:
        """Empty the page of *view*, to be fed again from the start of the run's log."""
        page = self.pages[view]
        page.clear()
        if page is self.page:
            self._line_cache.clear()
            self._widest_line_width = 0
            self.virtual_size = Size(0, 0)
            self.refresh()

    def clear(self) -> Self:
        """Empty every page; each is fed again from the start of the run's log."""
        for page in self.pages.values():
            page.clear()
        self._waiting = []
        return super().clear()

    # -- refreshing and scrolling -------------------------------------------------------

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        """Refresh as any widget does, but lay out no screen for a line the log gains.

        A :class:`RichLog` grows its virtual size with every line, and Textual lays out
        the whole screen on any change of a virtual size (it may add a scroll bar). Once
        the log's vertical scroll bar shows, a longer log (or another page) changes
        nothing outside it: its scroll bar is updated in place instead (a turn, or ``v``,
        then costs no screen layout).
        """
        layout = refresh_in_place(self, layout, recompose)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _scroll_to_end(self) -> None:
        """Scroll to the newest line, in the same frame as the lines are drawn if possible.

        :meth:`RichLog.write` scrolls after the next refresh, which costs a second frame
        (and a second paint of the log); once the log's scroll bar shows, the size after
        the new lines is already known, so the log scrolls at once. Before that (a layout
        may add the scroll bar) it scrolls after the refresh.
        """
        self.scroll_end(animate=False, immediate=scrolls_already(self), x_axis=False)

    # -- the cursor ---------------------------------------------------------------------

    def _cursor_lines(self) -> tuple[int, int] | None:
        """The first line and the line past the end of the entry under the cursor."""
        cursor = self.page.cursor
        if cursor is None or cursor >= len(self.page.ends):
            return None
        return self.page.lines_of(cursor)

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
        if self.page.cursor is None and self.page.entries:
            self.page.cursor = len(self.page.entries) - 1
        self.refresh()

    def on_blur(self) -> None:
        """Without the focus, the cursor is not drawn."""
        self.refresh()

    def action_cursor(self, step: int) -> None:
        """Move the cursor *step* entries (negative: earlier)."""
        entries = self.page.entries
        if not entries:
            return
        current = len(entries) - 1 if self.page.cursor is None else self.page.cursor
        self.action_cursor_to(min(max(current + step, 0), len(entries) - 1))

    def action_cursor_to(self, index: int) -> None:
        """Put the cursor on entry *index* (negative: from the end) and bring it in sight."""
        if not self.page.entries:
            return
        self.page.cursor = index % len(self.page.entries)
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

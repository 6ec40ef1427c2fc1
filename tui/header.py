"""A header whose title changes without laying the screen out.

Textual's :class:`~textual.widgets.Header` writes a new title (the app's sub-title names the
view shown, so ``v`` changes it) into a ``HeaderTitle``, a ``Static`` updated with a layout
of the whole screen. The title fills the header's one line whatever it says, so
:class:`SteadyHeader` writes it with a repaint only.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderClock, HeaderClockSpace, HeaderIcon, HeaderTitle


class SteadyTitle(HeaderTitle):
    """A header title, updated in place: its size is the header's, not its text's."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        """Show *content* with a repaint only: the header's line does not change size.

        The same content again repaints nothing.
        """
        if content != self.content:
            super().update(content, layout=False)


class SteadyHeader(Header):
    """A :class:`~textual.widgets.Header` whose title changes with a repaint only."""

    def show_title(self, sub_title: str) -> None:
        """Write the title with the app's next *sub_title* now, in the frame being prepared.

        The Header writes a new title from a watcher that runs a step later, which costs a
        frame of its own; written here first, that later write finds it written.
        """
        self.query_one(SteadyTitle).update(self.app.format_title(
            self.screen_title, self.screen.sub_title or sub_title))

    def compose(self) -> ComposeResult:
        """The icon, the title and the clock (or the space for it), as the Header has."""
        yield HeaderIcon().data_bind(Header.icon)
        yield SteadyTitle()
        yield (HeaderClock().data_bind(Header.time_format) if self._show_clock
               else HeaderClockSpace())

"""An adjudication explained: one log entry's numbers and the rule each came from.

Opened with Enter on a log line; it shows :func:`engine.explain.explain` of the entry as
the current view was shown it, so a side reads its own half of a round and the enemy's
losses only as assessed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from engine.explain import Explanation
from tui.footer import SteadyFooter


class ExplainScreen(ModalScreen[None]):
    """The numbers behind one log entry, with their sources; Escape or Enter closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "app.pop_screen", "Close"),
    ]
    DEFAULT_CSS = """
    ExplainScreen { align: center middle; }
    ExplainScreen > VerticalScroll {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, explanation: Explanation) -> None:
        super().__init__()
        self.explanation = explanation

    def compose(self) -> ComposeResult:
        """The entry's sentence, then a table of its numbers and their sources."""
        with VerticalScroll(id="explain"):
            yield Static(Text(self.explanation.title, style="bold"), id="explain-title")
            yield Static(self.explanation.text, id="explain-text")
            yield Static(self._table(), id="explain-lines")
        yield SteadyFooter(keys_at_once=True)

    def _table(self) -> Table | Text:
        if not self.explanation.lines:
            return Text("No figures behind this entry.", style="italic")
        table = Table(expand=True, box=None, padding=(0, 1))
        table.add_column("", style="bold", no_wrap=True)
        table.add_column("Value")
        table.add_column("From", style="dim")
        for line in self.explanation.lines:
            table.add_row(line.label, line.value, line.source)
        return table

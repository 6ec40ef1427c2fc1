"""The help screen (``?`` or F1): how a turn works, the views, and every key.

The key table is built from the bindings live on the screen beneath when help opens,
so it never lists a key that does nothing or misses one that was added.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from tui.footer import SteadyFooter
from tui.widgets import LEGEND

HELP = """\
# Salient

A run of the scenario, turn by turn. The **umpire's view** sees everything; a **side's
view** is fog of war: its own units as they are, enemy units only as last seen, enemy
losses only as assessed (a range) or shown as —.

- **A turn**: `n` plays one turn; `space` plays turn after turn until pressed again.
- **Views**: `v` goes umpire → each side → umpire. The status panel names the view,
  the mode (replay of the record, or free play), the variant and the seed.
- **Orders**: in a side's view, choose one of its units in the *Units* list with the
  arrow keys and press `o`. The dialog says where the unit is, when it can act and what
  its weapon reaches. If the engine refuses an order it says why and nothing changes.
  The line under the list gives the chosen unit's standing order; `x` cancels it (the
  unit holds; in a replay the record's orders no longer move it).
- **Two teams** (`salient play --teams`): each side in turn gives its orders and presses
  `n` to submit them; the turn is played when both have. A hand-over screen hides the
  picture between the sides: press Enter once the named side is at the screen. The
  enemy's view cannot be shown; `U` opens the umpire's view after asking, and the game
  keeps a record of it.
- **The umpire**: in the umpire's view, `i` injects an event into the log (seen by one
  side or both) and `p` hands a place to a side; both are kept in the save.
- **Saves**: the game is saved after every turn; `ctrl+s` saves now; `q` asks before
  quitting with unsaved play. `salient games` lists the saves, `salient play --load`
  goes on with one.
- **Going back**: `b` goes back one turn. `G` lists the lines of play and bookmarks: Enter
  goes to any turn, `m` bookmarks the turn, `n` branches a new line from it (the old
  line is kept).
- **Explanations**: `l` puts the cursor in the log; up and down choose an entry, Enter
  shows its inputs, odds, rolls and outcome, each with the rule it came from (a side sees
  its own version).
- **Debrief**: `d` shows ground and losses over time with the claims, the key moments
  and, for the umpire, what each side believed beside what was true.
- **Objectives**: `g` shows each side's objectives (the umpire sees both).
- **The map**: `m` shows it on the whole screen (below 110 columns it is hidden
  otherwise) and hides it again. While it has the keys (alone, or reached with `tab` or
  a click): `+` and `-` zoom, `0` fits it again, the arrows or `h` `j` `k` `l` pan.
- **Commands**: `ctrl+p` opens the command palette: every command below, and a search
  that finds a unit or a place by name.
"""


def key_rows(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """``(key, what it does, more)`` for each binding live on *screen* now, deduplicated.

    Keys kept out of the footer are listed too when they have a tooltip to explain them;
    a key that cannot act at all here (hidden, as the umpire's actions in a side's view
    of a two-team game) is not.
    """
    found: dict[str, list[Binding]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.description and (binding.show or binding.tooltip):
            found.setdefault(binding.action, []).append(binding)
    return [key_row(screen, bindings) for bindings in found.values()]


def key_row(screen: Screen[object], bindings: list[Binding]) -> tuple[str, str, str]:
    """``(keys, what it does, more)`` of one action bound to *bindings*, every key listed.

    The words are those of the binding the footer shows, if any (``q`` Quit, which asks
    first, not Textual's own ``ctrl+q``); its key comes first.
    """
    main = next((b for b in bindings if b.show), bindings[0])
    keys = dict.fromkeys(screen.app.get_key_display(b) for b in (main, *bindings))
    return ", ".join(keys), main.description, main.tooltip or ""


class HelpScreen(ModalScreen[None]):
    """How to play, the map's signs and a table of the keys; any of escape, ? or F1 closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1", "dismiss(None)", "Close help"),
    ]

    def __init__(self, keys: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.keys = keys
        """``(key, what it does, more)`` of each key to list."""

    def compose(self) -> ComposeResult:
        """The guide, the keys and the legend, in one scrolling box."""
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold",
                      expand=True)
        table.add_column("Key", no_wrap=True, style="bold")
        table.add_column("Does")
        for key, does, more in self.keys:
            table.add_row(key, Text.assemble(does, (f": {more}" if more else "", "dim")))
        with VerticalScroll(id="help"):
            yield Markdown(HELP, id="help-guide")
            yield Static(table, id="help-keys")
            yield Static(Text.assemble(("Map: ", "bold"), LEGEND), id="help-legend")
        yield SteadyFooter(keys_at_once=True)

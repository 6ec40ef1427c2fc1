"""The command palette (ctrl+p): every game command with its key, and a unit or place finder.

:func:`game_commands` turns the main screen's bindings into palette entries, so the two
never disagree; :class:`FindProvider` finds a unit the view knows of, or a place, by name
and selects it (a place selects the first unit the view knows there, and says who holds it).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.main_screen import MainScreen


def game_commands(screen: MainScreen) -> Iterable[SystemCommand]:
    """A palette entry for each of *screen*'s commands that can run now, naming its key.

    Then one entry for each view, to go straight to it (not in a two-team game, where
    the enemy's view cannot be reached and the umpire's only through its own command).
    """
    for binding in screen.BINDINGS:
        assert isinstance(binding, Binding)
        if screen.check_action(binding.action, ()) is not True:
            continue
        key = screen.app.get_key_display(binding)
        yield SystemCommand(binding.description, f"{binding.tooltip} (key {key})",
                            partial(screen.run_action, binding.action))
    if screen.session.teams:
        return
    for view in screen.session.views:
        name = "Umpire" if view is None else screen.session.view_name(view)
        yield SystemCommand(f"View: {name}", f"Show the run as the {name} view sees it (v "
                            "goes through the views in turn)", partial(screen.show_view, view))


class FindProvider(Provider):
    """Finds a unit the shown view knows of, or a place, by name, and selects it."""

    def _targets(self) -> list[tuple[str, str, str]]:
        """``(name, help, key)`` of each unit and place; key ``unit:id`` or ``place:id``."""
        from tui.main_screen import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        name = screen.session.name_of
        found = [(u.name, f"Unit, {name(u.side)}: {screen.where(u)}", f"unit:{u.id}")
                 for u in screen.snapshot.units]
        found += [(p.name, f"Place ({p.kind}), held by "
                   f"{name(screen.snapshot.control.get(p.id, '-'))}", f"place:{p.id}")
                  for p in screen.session.layout.places]
        return found

    def _select(self, key: str) -> None:
        from tui.main_screen import MainScreen

        if isinstance(self.screen, MainScreen):
            self.screen.select(key)

    async def discover(self) -> Hits:
        """The view's own units first (the ones it can order), by name."""
        for name, help_text, key in self._targets():
            if key.startswith("unit:"):
                yield DiscoveryHit(f"Find: {name}", partial(self._select, key), help=help_text)

    async def search(self, query: str) -> Hits:
        """Units and places whose names match *query*, best first."""
        matcher = self.matcher(query)
        for name, help_text, key in self._targets():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._select, key),
                          text=name, help=help_text)

"""A footer that greys and restores its keys in place instead of building itself again.

Textual's :class:`~textual.widgets.Footer` recomposes (removes every key, mounts new ones,
lays the screen out) whenever the screen's bindings may have changed: a key greyed at the
end of the run or in the umpire's view, or the screen shown again after another. When the
same keys are shown, only greyed or not, :class:`SteadyFooter` sets each key's greying on
the key already there, which costs a repaint of the key and no layout; any other change
(keys added or gone, binding groups) recomposes as the Footer does.

The Footer also lets keys run off its right edge, cut in the middle of a word ("d
Debrie") or not shown at all, the help key among them. :class:`SteadyFooter` shows only
the keys that fit whole: help first (it lists every key), quit, then the screen's keys
in the order of its bindings; the others still work and help lists them. Below
:data:`NARROW` columns it draws its keys closer together, leaves out the palette's key
(``ctrl+p`` still opens it) and keeps quit for last.
"""

from __future__ import annotations

from typing import Any

from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 110
"""Below this many columns the footer is compact and shows no key for the palette."""
FIRST, LAST = ("help",), ("quit",)
"""Actions whose keys are kept before the screen's own (help), and after them (quit)."""

Shown = tuple[str, str, str]
"""A key as the footer shows it: its key, action and description."""


def shown_keys(screen: Screen[Any], palette: bool) -> list[tuple[Shown, bool]] | None:
    """The keys a Footer composes for *screen*, in order, each with whether it is enabled.

    The first binding of each action with ``show`` set, then the command palette's key
    (with *palette*); None where bindings are grouped (the Footer nests those).
    """
    keys: dict[str, tuple[Shown, bool]] = {}
    active = screen.active_bindings
    for _, binding, enabled, _ in active.values():
        if not binding.show:
            continue
        if binding.group is not None:
            return None
        keys.setdefault(binding.action, ((binding.key, binding.action, binding.description),
                                         enabled))
    found = list(keys.values())
    if palette and screen.app.ENABLE_COMMAND_PALETTE and \
            screen.app.COMMAND_PALETTE_BINDING in active:
        _, binding, enabled, _ = active[screen.app.COMMAND_PALETTE_BINDING]
        found.append(((binding.key, binding.action, binding.description), enabled))
    return found


class SteadyFooter(Footer):
    """A Footer that updates its keys' greying in place (see the module)."""

    def __init__(self, *, keys_at_once: bool = False) -> None:
        """A footer; with *keys_at_once*, one that composes its keys with itself.

        The Footer composes empty and waits for the screen's first word on its bindings to
        compose its keys, then again when that word comes twice: two more mounts and
        layouts of a new screen, each with a frame. Composed with the screen's keys at
        once, that word finds them in place and only greys or restores them. The main
        screen's footer waits as the Footer does: its first frame (the app's first paint)
        comes sooner with the keys drawn a frame later.
        """
        super().__init__()
        if keys_at_once:
            self.set_reactive(Footer._bindings_ready, True)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Grey or restore the keys shown; recompose only when other keys are to be shown."""
        if not self.grey_in_place(screen):
            super().bindings_changed(screen)

    def grey_in_place(self, screen: Screen[Any]) -> bool:
        """Grey or restore the keys shown if the same keys are to be shown; True if done.

        A screen may call it as soon as its keys change, so that the footer changes in
        the same frame (the Footer hears of it a step later, and then finds it done).
        """
        keys = list(self.query(FooterKey))
        wanted = shown_keys(screen, self.show_command_palette) \
            if keys and self._bindings_ready and self.is_attached and screen is self.screen \
            else None
        if wanted is None or [(k.key, k.action, k.description) for k in keys] != \
                [shown for shown, _ in wanted]:
            return False
        for key, (_, enabled) in zip(keys, wanted, strict=True):
            if key._disabled == enabled:
                key._disabled = not enabled
                key.set_class(not enabled, "-disabled")
        return True

    def on_resize(self, event: Resize) -> None:
        """Compact below :data:`NARROW` columns; show the keys that fit the new width."""
        self.compact = event.size.width < NARROW
        self.call_after_refresh(self.fit)

    async def recompose(self) -> None:
        """Compose the keys again, then show those that fit."""
        await super().recompose()
        self.fit()

    def fit(self) -> None:
        """Show each key only if it fits whole, in order of need (see the module)."""
        room = self.size.width
        if room <= 0:
            return
        keys = list(self.query(FooterKey))
        for key in keys:
            if key.has_class("-command-palette"):
                _show(key, not self.compact)
                room -= width(key) if key.display else 0
        keys = [key for key in keys if not key.has_class("-command-palette")]
        first = FIRST if self.compact else FIRST + LAST
        ranked = ([k for k in keys if k.action in first]
                  + [k for k in keys if k.action not in FIRST + LAST]
                  + [k for k in keys if k.action in LAST and k.action not in first])
        for key in ranked:
            needed = width(key)
            _show(key, needed <= room)
            room -= needed if key.display else 0


def _show(key: FooterKey, shown: bool) -> None:
    """Show or hide *key*, touching it only on a change (each change lays the footer out)."""
    if key.display != shown:
        key.display = shown


def width(key: FooterKey) -> int:
    """The columns *key* takes in the footer: its text, padding, border and margins."""
    return key.render().cell_len + key.styles.gutter.width + key.styles.margin.width

"""What a page's terminal was sent, as rows of text: enough of a terminal for the tests.

The app writes its screen as cursor moves (``ESC [ row ; col H``) followed by styled
text. :class:`Screen` keeps the characters each cell was last given; styles, modes and
other control sequences are skipped. Wide characters take two cells.
"""

from __future__ import annotations

import re
import unicodedata

_SEQUENCE = re.compile(
    r"\x1b\[(?P<params>[0-9;?<=>$]*)(?P<final>[ -/]*[@-~])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1b[()][0-9A-Za-z]|\x1b[=>78]"  # charset, keypad, save/restore
    r"|(?P<newline>\r?\n)|\r"
)


class Screen:
    """A grid of *columns* x *rows* cells fed with a terminal's output."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self._cells = [[" "] * columns for _ in range(rows)]
        self._row = 0
        self._col = 0
        self._pending = b""

    def feed(self, data: bytes) -> None:
        """Apply *data*, output the terminal received (may end inside a character)."""
        data = self._pending + data
        text = data.decode("utf-8", errors="ignore")
        kept = len(text.encode("utf-8"))
        self._pending = data[kept:] if kept < len(data) else b""
        end = 0
        for match in _SEQUENCE.finditer(text):
            self._write(text[end:match.start()])
            end = match.end()
            if match.group("final") == "H":
                row, _, col = (match.group("params") or "1;1").partition(";")
                self._row, self._col = int(row or 1) - 1, int(col or 1) - 1
            elif match.group("newline"):
                self._row, self._col = self._row + 1, 0
        self._write(text[end:])

    def _write(self, text: str) -> None:
        for char in text:
            width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
            if 0 <= self._row < self.rows and 0 <= self._col < self.columns:
                self._cells[self._row][self._col] = char
                if width == 2 and self._col + 1 < self.columns:
                    self._cells[self._row][self._col + 1] = ""
            self._col += width

    def lines(self) -> list[str]:
        """Each row's text."""
        return ["".join(row) for row in self._cells]

    def find(self, text: str) -> tuple[int, int] | None:
        """(row, column) where *text* starts on the screen, or None."""
        for number, row in enumerate(self._cells):
            line = "".join(c or "\0" for c in row)
            at = line.find(text)
            if at >= 0:
                return number, at
        return None

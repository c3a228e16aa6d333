"""Statistical disclosure control for the commissioners' figures: counts under five are shown as
"fewer than 5", and enough other counts are hidden with them that no hidden count can be worked
out from the totals beside it (complementary suppression)."""

from __future__ import annotations

from collections.abc import Sequence

THRESHOLD = 5
HIDDEN = "fewer than 5"
"""How a hidden count reads. A count hidden to protect another may be larger: the page says so."""


class Protected:
    """A table of counts with its row and column totals, some of them hidden.

    Every line (a row with its total, a column with its total, the totals row with the grand
    total) holds either no hidden count or at least two, so subtracting the shown counts from a
    shown total never gives one hidden count. Zeros are shown: an empty cell names no one.
    """

    def __init__(self, cells: Sequence[Sequence[int]]) -> None:
        self.rows = len(cells)
        self.cols = len(cells[0]) if cells else 0
        for row in cells:
            if len(row) != self.cols:
                raise ValueError("every row needs the same number of cells")
        # the grid with totals: column `cols` holds row totals, row `rows` column totals
        self.values = [[*row, sum(row)] for row in cells]
        self.values.append([sum(col) for col in zip(*self.values, strict=True)] if cells else [0])
        self.hidden = [[0 < v < THRESHOLD for v in row] for row in self.values]
        self._complete()

    def _complete(self) -> None:
        """Hides the smallest shown, non-zero count of any line with exactly one hidden count,
        until no line has one (it ends: each step hides one more count). Only the two lines
        through a newly hidden count need looking at again."""
        rows = [[(r, c) for c in range(self.cols + 1)] for r in range(self.rows + 1)]
        cols = [[(r, c) for r in range(self.rows + 1)] for c in range(self.cols + 1)]
        waiting = [*rows, *cols]
        while waiting:
            line = waiting.pop()
            if sum(self.hidden[r][c] for r, c in line) != 1:
                continue
            shown = [(self.values[r][c], r, c) for r, c in line if not self.hidden[r][c]]
            shown = [s for s in shown if s[0] > 0]
            if shown:  # (with none, the hidden one is a total of zeros: it is zero)
                _, r, c = min(shown)
                self.hidden[r][c] = True
                waiting += [rows[r], cols[c]]

    def cell(self, row: int, col: int) -> int | None:
        """A count, or None when hidden."""
        return None if self.hidden[row][col] else self.values[row][col]

    def row_total(self, row: int) -> int | None:
        return self.cell(row, self.cols)

    def col_total(self, col: int) -> int | None:
        return self.cell(self.rows, col)

    def total(self) -> int | None:
        return self.cell(self.rows, self.cols)


def shown(value: int | None) -> str:
    """A count as the pages and the CSV files write it."""
    return HIDDEN if value is None else f"{value:,}"


def protect_list(counts: Sequence[int]) -> tuple[list[int | None], int | None]:
    """One line of counts and its total, protected the same way."""
    table = Protected([list(counts)])
    return [table.cell(0, c) for c in range(len(counts))], table.row_total(0)

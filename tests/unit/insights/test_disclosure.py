"""Counts under five are hidden, and no hidden count can be recovered from a total."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.insights.disclosure import HIDDEN, Protected, protect_list, shown


def test_a_count_under_five_reads_fewer_than_5_and_its_row_hides_a_second_count() -> None:
    table = Protected([[3, 12, 40], [7, 9, 30]])
    assert shown(table.cell(0, 0)) == HIDDEN
    hidden_in_row = [c for c in range(3) if table.cell(0, c) is None]
    assert len(hidden_in_row) >= 2 or table.row_total(0) is None
    hidden_in_column = [r for r in range(2) if table.cell(r, 0) is None]
    assert len(hidden_in_column) >= 2 or table.col_total(0) is None


def test_zeros_and_large_counts_are_shown() -> None:
    table = Protected([[0, 12], [25, 9]])
    assert [table.cell(0, 0), table.cell(0, 1), table.total()] == [0, 12, 46]


def test_a_line_whose_only_count_is_small_hides_its_total_too() -> None:
    counts, total = protect_list([0, 2, 0])
    assert counts == [0, None, 0] and total is None


grids = st.integers(1, 5).flatmap(
    lambda cols: st.lists(
        st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=cols, max_size=cols),
        min_size=1,
        max_size=5,
    )
)


@settings(max_examples=300)
@given(grids)
def test_no_hidden_count_is_alone_in_a_line_and_no_count_under_five_is_shown(
    cells: list[list[int]],
) -> None:
    table = Protected(cells)
    rows, cols = len(cells), len(cells[0])
    grid = [[table.cell(r, c) for c in range(cols)] + [table.row_total(r)] for r in range(rows)] + [
        [table.col_total(c) for c in range(cols)] + [table.total()]
    ]
    truth = [[*row, sum(row)] for row in cells]
    truth.append([sum(col) for col in zip(*truth, strict=True)])
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            assert value is None or value == truth[r][c]
            assert value is None or not 0 < value < 5
    lines = [list(row) for row in grid] + [list(col) for col in zip(*grid, strict=True)]
    for line in lines:
        hidden = [v for v in line if v is None]
        assert len(hidden) != 1, line

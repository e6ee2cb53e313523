"""The view-wide audit and protection: hand-made systems whose answers are known."""

from __future__ import annotations

import numpy as np

from etl.privacy_audit import (
    PRIMARY,
    SECONDARY,
    VISIBLE,
    WIDE,
    linearly_determined,
    protect_view,
    recoverable_cells,
)

# a + b = t (cells 0, 1, 2)
SUM = [[(0, 1), (1, 1), (2, -1)]]


def test_total_minus_the_other_is_found() -> None:
    values = np.array([3, 40, 43])
    status = np.array([PRIMARY, VISIBLE, VISIBLE])
    assert recoverable_cells(values, status, SUM, 5) == [0]
    assert linearly_determined(status, SUM) == [0]


def test_bounds_pin_a_small_cell() -> None:
    # t = 9 visible, a "<5", b "x" (>= 5): a = 9 - b <= 4 and b >= 5 -> a in 1..4, free;
    # t = 6: a = 6 - b, b >= 5 -> a <= 1 -> a = 1
    status = np.array([PRIMARY, SECONDARY, VISIBLE])
    assert recoverable_cells(np.array([3, 6, 9]), status, SUM, 5) == []
    assert recoverable_cells(np.array([1, 5, 6]), status, SUM, 5) == [0, 1]


def test_pin_that_needs_two_equations_combined() -> None:
    # r + w = 7 (row), w + v = 4 (column): r - v = 3 with r, v in 1..4 -> r = 4, v = 1
    eqs = [[(0, 1), (1, 1), (3, -1)], [(1, 1), (2, 1), (4, -1)]]
    values = np.array([4, 3, 1, 7, 4])
    status = np.array([PRIMARY, PRIMARY, PRIMARY, VISIBLE, VISIBLE])
    assert recoverable_cells(values, status, eqs, 5) == [0, 1, 2]


def test_protect_view_hides_a_complement_and_widens_a_small_total() -> None:
    status = protect_view(np.array([3, 40, 43]), SUM, np.array([0, 0, 1]), 5)
    assert status.tolist() == [PRIMARY, SECONDARY, VISIBLE]
    # four "<5" parts under a total of 4 would each be 1: the total loses its upper bound
    eq = [[*((i, 1) for i in range(4)), (4, -1)]]
    status = protect_view(np.array([1, 1, 1, 1, 4]), eq, np.array([0, 0, 0, 0, 1]), 5)
    assert status.tolist() == [PRIMARY] * 4 + [WIDE]
    assert recoverable_cells(np.array([1, 1, 1, 1, 4]), status, eq, 5) == []


def test_zeros_stay_visible_and_are_never_complements() -> None:
    values = np.array([3, 0, 3])
    status = protect_view(values, SUM, np.array([0, 0, 1]), 5)
    assert status[1] == VISIBLE
    assert recoverable_cells(values, status, SUM, 5) == []

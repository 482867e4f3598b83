"""The two order statistics the dashboard quotes, defined once.

- The median of n values is the middle one, or the mean of the two middle ones when n is even.
- The 90th percentile is the nearest-rank value: the ceil(0.9 n)-th smallest.

``rank_slice`` says which sorted positions a statistic reads, so the same rule serves values
already in memory (``percentile``) and values still in the database (sorted, then sliced).
"""

import math


def rank_slice(n: int, q: float) -> tuple[int, int]:
    """The first and last 0-based sorted positions whose mean is the ``q`` statistic of n."""
    if n < 1:
        raise ValueError("No statistic of nothing.")
    if q == 0.5:
        return (n - 1) // 2, n // 2
    k = max(math.ceil(q * n) - 1, 0)
    return k, k


def percentile(values, q: float):
    """The ``q`` statistic of ``values`` (numbers or timedeltas); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    low, high = rank_slice(len(ordered), q)
    return middle(ordered[low : high + 1])


def middle(values):
    """The mean of one or two neighbouring values (timedeltas keep their type)."""
    if len(values) == 1:
        return values[0]
    return (values[0] + values[1]) / 2


def share(part, whole) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None when there is no whole."""
    if not whole:
        return None
    return round(100 * part / whole, 1)

"""The indicator expression evaluator: arithmetic only, None for missing values and division by zero."""

import pytest

from chengguan.assessment import expressions, periods
from chengguan.assessment.defaults import grade_for


def test_arithmetic_and_functions():
    assert expressions.evaluate("a * 0.1 + (1 - b) * 30", {"a": 80, "b": 0.5}) == pytest.approx(23)
    assert expressions.evaluate("max(0, 1 - r) * 30", {"r": 1.5}) == 0
    assert expressions.evaluate("-x", {"x": 2}) == -2


def test_missing_values_and_zero_division_give_no_figure():
    assert expressions.evaluate("a / b", {"a": 1, "b": 0}) is None
    assert expressions.evaluate("a + 1", {"a": None}) is None


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "a.b",
        "a[0]",
        "a if b else c",
        "'x'",
        "a < b",
        "open('f')",
        "lambda: 1",
        "True",
    ],
)
def test_anything_but_arithmetic_is_refused(text):
    with pytest.raises(expressions.ExpressionError):
        expressions.evaluate(text, {"a": 1, "b": 2, "c": 3})


def test_unknown_names_are_refused():
    with pytest.raises(expressions.ExpressionError):
        expressions.evaluate("a + nope", {"a": 1})
    assert expressions.names("min(a, b) / c") == {"a", "b", "c"}


def test_bands_and_grades():
    bands = [[0, 0], [1, 60], [10, 80], [40, 100]]
    assert [expressions.apply_bands(v, bands) for v in (0, 1, 9, 10, 100)] == [0, 60, 60, 80, 100]
    assert [grade_for(s) for s in (95, 90, 89.9, 75, 60, 59.9, 40, 39.9, None)] == [
        "A",
        "A",
        "B",
        "B",
        "C",
        "D",
        "D",
        "E",
        "",
    ]


def test_periods():
    assert periods.parse("2026-11").label == "2026-11"
    q = periods.parse("2026q4")
    assert (q.first_day.isoformat(), q.last_day.isoformat()) == ("2026-10-01", "2026-12-31")
    assert periods.parse("2026").last_day.isoformat() == "2026-12-31"
    assert periods.parse("20261101-20261115").last_day.isoformat() == "2026-11-15"
    with pytest.raises(ValueError):
        periods.parse("2026-13")
    assert [p.label for p in periods.last_months(3, now=periods.parse("2026-01").start)] == [
        "2025-11",
        "2025-12",
        "2026-01",
    ]

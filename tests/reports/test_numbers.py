"""The fast number filters write what Django's floatformat writes."""

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from maturity.numbers import percent_of
from reports.charts.style import percent, score_text
from reports.templatetags.numbers import fixed2, pct, upto2

VALUES = [0, 1, 2.5, 2.675, 1.625, 2.6666666666666665, 3.0, 0.8, 10.005, -0.125, 4.999]


@pytest.mark.parametrize("value", VALUES)
def test_fixed2_matches_floatformat_2(value: float) -> None:
    assert fixed2(value) == floatformat(value, 2)


@pytest.mark.parametrize("value", VALUES)
def test_upto2_matches_floatformat_minus_2(value: float) -> None:
    assert upto2(value) == floatformat(value, "-2")


def test_no_value_is_empty_so_default_can_replace_it() -> None:
    assert fixed2(None) == upto2(None) == ""


def test_the_decimal_separator_follows_the_language() -> None:
    with translation.override("de"):
        assert fixed2(2.5) == floatformat(2.5, 2) == "2,50"


# One rule everywhere: half up from the shortest decimal form.


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [
        (0.125, "13"),
        (0.005, "1"),
        (0.665, "67"),
        (1 / 3, "33"),
        (2 / 3, "67"),
        (1, "100"),
        (0, "0"),
    ],
)
def test_a_share_is_whole_percent_rounded_half_up(fraction: float, shown: str) -> None:
    assert pct(fraction) == shown
    assert percent(fraction) == f"{shown}%"


@pytest.mark.parametrize(
    ("part", "total", "shown"), [(1, 8, 13), (3, 8, 38), (1, 200, 1), (0, 0, 0)]
)
def test_progress_is_rounded_as_the_report_rounds(part: int, total: int, shown: int) -> None:
    assert percent_of(part, total) == shown
    assert pct(part / total if total else 0) == str(shown)


def test_scores_round_the_same_on_the_page_and_in_the_charts() -> None:
    for value in VALUES:
        assert score_text(value).replace(".", ",") == fixed2(value).replace(".", ",")


def test_no_number_is_empty_not_an_error() -> None:
    assert pct(None) == pct("") == pct("not a number") == ""

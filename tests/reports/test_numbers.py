"""The fast number filters write what Django's floatformat writes."""

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation

from reports.templatetags.numbers import fixed2, upto2

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

"""Number formatting for pages and the report: the one rounding rule of `maturity.numbers`.

Faster than Django's floatformat (the results page formats about 130 numbers, and
floatformat's localisation was the largest single cost of rendering it), and unlike
`widthratio` (Python's half-to-even `round`) it rounds half up, as the charts, the progress
bars and the exports do. Decimals follow the active language ("2,50" in German).
"""

from decimal import Decimal

from django import template

from maturity.numbers import localised as _localised
from maturity.numbers import percent_of as _percent_of
from maturity.numbers import two_decimals, whole_percent

register = template.Library()


@register.filter
def fixed2(value: object) -> str:
    """Two decimals, rounded half up, as floatformat:2 writes them; "" for no value."""
    rounded = two_decimals(value)
    return "" if rounded is None else _localised(f"{rounded:.2f}")


def _whole(value: object) -> bool:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return False
    return number == number.to_integral_value()


@register.filter
def upto2(value: object) -> str:
    """A whole number without decimals, else two, as floatformat:"-2" writes them."""
    rounded = two_decimals(value)
    if rounded is None:
        return ""
    if _whole(value):
        return f"{rounded:.0f}"
    return _localised(f"{rounded:.2f}")


@register.filter
def pct(fraction: object) -> str:
    """A share (0.125) as whole percent ("13"), half up; "" for no value. The page adds " %"."""
    rounded = whole_percent(fraction)
    return "" if rounded is None else str(rounded)


@register.simple_tag
def percent(fraction: object) -> str:
    """`pct` as a tag, for `{% percent x as name %}` inside a translated sentence."""
    return pct(fraction)


@register.simple_tag
def percent_of(part: int, total: int) -> int:
    """`part` of `total` as whole percent, half up (a bar's width)."""
    return _percent_of(part, total)

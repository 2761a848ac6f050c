"""Number formatting for result pages: `floatformat`'s output at a fraction of its cost.

The results page formats about 130 numbers; Django's floatformat parses each through
Decimal and localisation and was the largest single cost of rendering the page.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import get_format

register = template.Library()
CENTS = Decimal("0.01")


def _rounded(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(CENTS, rounding=ROUND_HALF_UP)
    except ArithmeticError:
        return None


def _localised(text: str) -> str:
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


@register.filter
def fixed2(value: object) -> str:
    """Two decimals, rounded half up, as floatformat:2 writes them; "" for no value."""
    rounded = _rounded(value)
    return "" if rounded is None else _localised(f"{rounded:.2f}")


@register.filter
def upto2(value: object) -> str:
    """A whole number without decimals, else two, as floatformat:"-2" writes them."""
    rounded = _rounded(value)
    if rounded is None:
        return ""
    if Decimal(str(value)) == Decimal(str(value)).to_integral_value():
        return f"{rounded:.0f}"
    return _localised(f"{rounded:.2f}")

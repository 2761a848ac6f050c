"""How every number is rounded for people to read: one rule, half up, everywhere.

Scores show two decimals and percentages whole percent, both rounded half up from the
value's shortest decimal form (so 0.125 is "13 %" and 2.675 is "2.68", as a person rounds
them, not as binary floating point or Python's half-to-even ``round`` would). The template
filters (``reports/templatetags/numbers.py``), the charts, the progress bars and the
exports all call these; a test keeps ``round(``, ``widthratio`` and ``floatformat`` out of
the code that shows numbers.

The rounding is the same in every language; only the writing follows the active one
(``localised``, ``percent_sign``): German shows "2,68" and "13 %".
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import get_format
from django.utils.translation import get_language

CENTS = Decimal("0.01")
ONE = Decimal(1)


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def two_decimals(value: object) -> Decimal | None:
    """A score to two decimals, half up; None for no value (or one that is not a number)."""
    number = _decimal(value)
    return None if number is None else number.quantize(CENTS, rounding=ROUND_HALF_UP)


def whole_percent(fraction: object) -> int | None:
    """A share (0.125) as whole percent (13), half up; None for no value."""
    number = _decimal(fraction)
    if number is None:
        return None
    return int((number * 100).quantize(ONE, rounding=ROUND_HALF_UP))


def percent_of(part: int, total: int) -> int:
    """``part`` of ``total`` as whole percent, half up; 0 of nothing is 0."""
    if not total:
        return 0
    return int((Decimal(part) * 100 / Decimal(total)).quantize(ONE, rounding=ROUND_HALF_UP))


# Languages whose typography puts a (non-breaking) space between a number and "%" (German:
# DIN 5008 writes "13 %"); English writes "13%".
SPACED_PERCENT = frozenset({"de"})
NBSP = "\u00a0"


def localised(text: str) -> str:
    """A number written with a decimal point ("2.68") as the active language writes it
    ("2,68" in German). Django's locale formats name the separator, so a new language
    needs no code here."""
    separator = str(get_format("DECIMAL_SEPARATOR"))
    return text if separator == "." else text.replace(".", separator)


def percent_sign() -> str:
    """What follows a whole percent where the code writes it (charts): "%" in English,
    a non-breaking space and "%" where the language spaces it, so "13 %" never breaks."""
    language = (get_language() or "").split("-")[0]
    return f"{NBSP}%" if language in SPACED_PERCENT else "%"

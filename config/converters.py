"""The one path converter for ids and numbers in URLs.

Django's ``int`` converter takes digits of any length; an id of 2**63 or more then reaches
the database, where SQLite raises ``OverflowError`` (a 500) before any query runs. ``id``
matches only what a signed 64-bit column can hold, so a larger number matches no URL and
is a plain 404 on every database, before any view runs.
"""

from django.urls import register_converter

LARGEST = 2**63 - 1


class BoundedInt:
    """A positive or zero whole number that fits a ``BigAutoField`` (at most 19 digits)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST:
            raise ValueError(f"{value} is larger than any id")  # no match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(BoundedInt, "id")

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`mapping[key]` in a template, for dictionaries keyed by question key."""
    return mapping.get(key)


@register.filter
def first_paragraph(text: str) -> str:
    """The text up to its first blank line: an introduction, not the whole description."""
    return text.strip().split("\n\n", 1)[0]

from django import template

register = template.Library()


@register.filter
def first_paragraph(text: str) -> str:
    """The text up to its first blank line: an introduction, not the whole description."""
    return text.strip().split("\n\n", 1)[0]

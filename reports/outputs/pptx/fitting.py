"""Text fitting without a renderer: how wide and tall a text is estimated to be, so that
long texts are clipped, names keep whole and long tables are spread over slides."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

# DejaVu Sans' mean character width in ems, plain and bold: what text wrapping is
# estimated from, to split long tables over slides and size chips and tiles.
EM, BOLD_EM = 0.52, 0.7
CELL_PADDING = 0.16  # inches a table row adds to its text: margins, rule, paragraph space
# How much of a long text a slide shows, in characters, before an ellipsis.
DESCRIPTOR, GUIDANCE, STATEMENT, LEAD = 130, 200, 320, 250


def clip(text: str, limit: int) -> str:
    """The text on one line, at most `limit` characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.–-") + "…"


def text_height(text: str, width: float, size: float) -> float:
    """About how tall `text` is in a table column `width` inches wide, in inches."""
    if not text:
        return 0.0
    per_line = max(int((width - 0.16) * 72 / (size * EM)), 1)
    lines = sum(max(len(textwrap.wrap(part, per_line)), 1) for part in text.split("\n"))
    return lines * size * 1.2 / 72


def bold_width(text: str, size: float) -> float:
    """About how wide `text` is in bold at `size` points, in inches."""
    return len(text) * size * BOLD_EM / 72


def fitting_size(texts: Sequence[str], width: float, size: float) -> float:
    """The size, down to 9 points, at which the longest word of `texts` fits on a line of
    a column `width` inches wide in bold, so that no name breaks inside a word."""
    longest = max((len(word) for text in texts for word in text.split()), default=0)
    while size > 9 and longest * size * 0.64 / 72 > width - 0.16:
        size -= 0.5
    return size


def paginate[T](
    items: Sequence[T], height: Callable[[T], float], budget: float, most: int
) -> list[list[T]]:
    """The items in slide-sized groups of at most `most` that fit in `budget` inches, as
    even as they can be (five and four read better than eight and one)."""
    pages: list[list[T]] = []
    used = budget
    for item in items:
        needed = height(item)
        if used + needed > budget or len(pages[-1]) >= most:
            pages.append([])
            used = 0.0
        pages[-1].append(item)
        used += needed
    if len(pages) < 2:
        return pages
    size = -(-len(items) // len(pages))
    even = [list(items[start : start + size]) for start in range(0, len(items), size)]
    fits = len(even) == len(pages) and all(sum(map(height, page)) <= budget for page in even)
    return even if fits else pages

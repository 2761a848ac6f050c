"""The deck's look in one place: its measures, palette and font, the text style every
run takes, what every slide builder shares, and the colour arithmetic behind the brand."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pptx.dml.color import RGBColor
from pptx.presentation import Presentation as Deck
from pptx.slide import SlideLayout

from reports.documents.model import Document

FONT = "DejaVu Sans"  # one family throughout
WIDTH, HEIGHT = 13.333, 7.5  # inches: 16:9
MARGIN = 0.6
RIGHT = WIDTH - MARGIN
SPAN = RIGHT - MARGIN
TOP, BOTTOM = 1.6, 6.7  # a content slide's body, below its title and above its footer
INK, MUTED, RULE, PAPER, WHITE = "#212529", "#6c757d", "#dee2e6", "#f3f5f7", "#ffffff"
CAUTION, CAUTION_INK = "#fde8c8", "#8a4b08"
DEFAULT_BRAND = "#1f4e79"

Box = tuple[float, float, float, float]  # left, top, width, height in inches


@dataclass(frozen=True)
class Style:
    size: float
    bold: bool = False
    colour: str = INK
    caps: bool = False


Run = tuple[str, Style]  # a "\n" in its text starts a new paragraph
Paragraph = Sequence[Run]


@dataclass(frozen=True)
class Context:
    """What every slide builder needs: the deck, the document and its colours."""

    deck: Deck
    document: Document
    brand: str  # the brand colour, for fills
    accent: str  # the brand colour, dark enough for text on white
    content: SlideLayout
    cover: SlideLayout


def brand_hex(colour: str) -> str:
    value = colour.strip().lstrip("#")
    return f"#{value.lower()}" if re.fullmatch(r"[0-9a-fA-F]{6}", value) else DEFAULT_BRAND


def hex_digits(colour: str) -> str:
    return colour.lstrip("#").upper()


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(hex_digits(colour))


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = rgb(colour)
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(colour: str) -> str:
    """White or ink, whichever reads better on `colour`."""
    return WHITE if _contrast(colour, WHITE) >= _contrast(colour, INK) else INK


def readable_on_white(colour: str) -> str:
    """The colour, darkened until text in it reads on white (WCAG AA), for a pale brand."""
    while _contrast(colour, WHITE) < 4.5:
        colour = "#" + "".join(f"{int(channel * 0.85):02x}" for channel in rgb(colour))
    return colour

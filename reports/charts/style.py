"""What every chart shares: the palette, the words a chart shows (ChartText) and its labels."""

from __future__ import annotations

import functools
import textwrap
from dataclasses import dataclass, field
from typing import Literal

import pyphen
from django.utils.translation import get_language

from maturity.answers import english_labels
from maturity.numbers import localised, percent_sign, two_decimals, whole_percent

# A calm palette: the brand blue for where the organisation is, teal for where it
# wants to be, grey for what is past or only a reference.
CURRENT = "#1f3a5f"
TARGET = "#2a9d8f"
PREVIOUS = "#8d99a6"
THRESHOLD = "#e07a5f"
MET = "#7d9cc0"
OPEN = "#ffffff"
BELOW = "#f1f3f5"
EDGE = "#adb5bd"
TEXT = "#212529"
HEAT_LOW = "#f8f9fa"
HEAT_HIGH = CURRENT
GRID = "#dee2e6"
AXIS = "#444444"
MUTED = "#6c757d"

QUARTERS = (0.0, 0.25, 0.5, 0.75, 1.0)

# A staged level's status, as the staircase and the bars colour it.
StepStatus = Literal["reached", "met", "open"]
STEP_COLOURS: dict[StepStatus, str] = {"reached": CURRENT, "met": MET, "open": PREVIOUS}


@dataclass(frozen=True)
class ChartText:
    """The words a chart shows; the caller passes them translated."""

    current: str = "Current"
    target: str = "Target"
    previous: str = "Previous"
    threshold: str = "Threshold"
    level: str = "Level"
    fulfilment: str = "Fulfilment"
    reached: str = "Reached"
    met: str = "Met, not reached"
    not_met: str = "Not met"
    statement: str = "Statement"
    # A statement's answer in words, by stored answer (maturity.answers), short forms.
    answers: dict[str, str] = field(default_factory=lambda: english_labels(short=True))
    unanswered: str = "Not answered"

    def status(self, status: StepStatus) -> str:
        """The name of a staged level's status, for a legend."""
        return {"reached": self.reached, "met": self.met, "open": self.not_met}[status]


DEFAULT_TEXT = ChartText()


def level_label(number: int, name: str) -> str:
    return f"{number} {name}"


def percent(value: float) -> str:
    """A share as the pages write it (0.125 is "13%"; German "13 %"): the one rounding rule,
    written in the active language."""
    return f"{whole_percent(value)}{percent_sign()}"


def score_text(value: float | None) -> str:
    """A score as the pages write it, two decimals, half up ("2.50"; German "2,50"); a dash
    for none."""
    rounded = two_decimals(value)
    return "–" if rounded is None else localised(f"{rounded}")


def wrapped(text: str, width: int) -> list[str]:
    """A label broken into lines of about `width` characters, words kept whole unless one
    is longer than a line (a German compound): that one is hyphenated at a syllable of
    the active language, as the report's text is."""
    return list(_wrapped(text, width, get_language() or "en"))


@functools.lru_cache(maxsize=1024)
def _wrapped(text: str, width: int, language: str) -> tuple[str, ...]:
    # The same few labels are wrapped for every chart of every page view.
    lines: list[str] = []
    for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False):
        while len(line) > width and " " not in line:
            split = _hyphenator(language).wrap(line, width)
            if split is None:
                break
            head, line = split
            lines.append(head)
        lines.append(line)
    return tuple(lines)


@functools.cache
def _hyphenator(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=language if language in pyphen.LANGUAGES else "en")

"""The deck's recurring phrases: placements, level names, statuses and shares, written
as the report's pages write them, in the active language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.charts.style import PREVIOUS, STEP_COLOURS, percent, score_text
from reports.documents.model import Document, Figure, Level


def provisional(document: Document) -> str:
    return _("Provisional: %(pct)s %% answered") % {"pct": whole_percent(document.completion)}


def placement_name(figure: Figure) -> str:
    if not figure.level:
        return _("Not placed yet")
    return level_name(figure.level, figure.level_name or "")


def level_name(number: int, name: str) -> str:
    return _("Level %(n)s – %(name)s") % {"n": number, "name": name}


def figure_level(figure: Figure) -> str:
    """A level as the scale writes it ("2 Exploratory")."""
    return f"{figure.level} {figure.level_name}" if figure.level else _("Not rated")


def score_of(document: Document) -> str:
    if document.placement.score is None:
        return ""
    score, levels = score_text(document.placement.score), len(document.scale)
    return _("score %(score)s of %(n)s") % {"score": score, "n": levels}


def status_text(level: Level) -> str:
    if level.fulfilment is None:
        return _("Floor, always reached")
    if level.reached:
        return _("Reached")
    return _("Met, not reached") if level.met else _("Not met")


def status_colour(level: Level) -> str:
    if level.reached:
        return STEP_COLOURS["reached"]
    return STEP_COLOURS["met"] if level.met else PREVIOUS


def share_text(value: float | None) -> str:
    """A share in per cent, as the pages write it ("80 %" in German); a dash for none."""
    return "–" if value is None else percent(value)


def whole_percent(value: float) -> str:
    """A share's whole percent alone, for a sentence that writes its own "%"."""
    return percent(value).rstrip("%").rstrip("\u00a0 ")


def continued(title: str, number: int) -> str:
    return title if number == 0 else _("%(title)s (continued)") % {"title": title}

"""The roadmap: the prioritised recommendations, numbered on over as many slides as they
need, or why there is nothing left to do."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from pptx.slide import Slide

from reports.documents.model import Document, Step
from reports.outputs.pptx.blocks import add_content_slide, add_text
from reports.outputs.pptx.fitting import (
    CELL_PADDING,
    GUIDANCE,
    STATEMENT,
    clip,
    fitting_size,
    paginate,
    text_height,
)
from reports.outputs.pptx.style import BOTTOM, MARGIN, MUTED, SPAN, TOP, Context, Run, Style
from reports.outputs.pptx.tables import HEADER_ROW, add_table
from reports.outputs.pptx.words import continued, level_name


def roadmap_slides(context: Context) -> None:
    steps = context.document.roadmap
    pages = paginate(steps, _step_height, BOTTOM - TOP - HEADER_ROW, 8)
    heading = _("Prioritised recommendations")
    if not pages:
        slide = add_content_slide(context, _("Roadmap"), heading)
        text = [(_nothing_to_do(context.document), Style(14))]
        add_text(slide.shapes, (MARGIN, TOP, SPAN, 1.0), [text])
    done = 0
    for number, page in enumerate(pages):
        slide = add_content_slide(context, _("Roadmap"), continued(heading, number))
        _step_table(context, slide, page, done)
        done += len(page)


def _nothing_to_do(document: Document) -> str:
    if document.method == "staged":
        return _("Every level is met; there is nothing left to put in place in this model.")
    if any(sub.target is not None for sub in document.subdimensions):
        return _("Every subdimension is at or above its target.")
    return _(
        "No target is set, so there are no gaps to show. Set a target on the assessment to "
        "see the gaps and what to do next."
    )


def _step_table(context: Context, slide: Slide, steps: Sequence[Step], done: int) -> None:
    size = fitting_size([step.area for step in steps], 2.45, 11)
    rows = []
    for number, step in enumerate(steps, start=done + 1):
        recommendation: list[Run] = [(clip(step.text, STATEMENT), Style(11))]
        if guidance := _guidance(step):
            recommendation.append((f"\n{guidance}", Style(9.5, colour=MUTED)))
        rows.append(
            [
                [(str(number), Style(11, True, context.accent))],
                [(step.area, Style(size, True))],
                recommendation,
                [(level_name(step.next_level, step.next_level_name), Style(10.5))],
            ]
        )
    header = ["#", _("Area"), _("Recommendation"), _("Next level")]
    add_table(context, slide.shapes, (MARGIN, TOP), [0.5, 2.45, 7.4, 1.78], header, rows)


def _step_height(step: Step) -> float:
    return CELL_PADDING + max(
        text_height(clip(step.text, STATEMENT), 7.4, 11) + text_height(_guidance(step), 7.4, 9.5),
        text_height(step.area, 2.45, 11),
        text_height(level_name(step.next_level, step.next_level_name), 1.78, 10.5),
    )


def _guidance(step: Step) -> str:
    """The step's guidance on one line: its list items joined."""
    lines = (line.strip().lstrip("-•").strip() for line in step.guidance.splitlines())
    return clip("; ".join(line for line in lines if line), GUIDANCE)

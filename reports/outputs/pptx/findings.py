"""The findings: a slide per dimension (continuous models) with its subdimensions' chart
and table, or per level (staged models) with its statements and their answers."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import Slide

from maturity.answers import NO, PARTLY, YES
from reports.charts.style import CURRENT, TARGET, score_text, wrapped
from reports.documents.model import Chart, Dimension, Level, Question, Series, Subdimension
from reports.outputs.pptx.blocks import (
    add_chip,
    add_content_slide,
    add_rectangle,
    add_text,
    add_tiles,
    figure_tiles,
)
from reports.outputs.pptx.charts import add_bar_chart
from reports.outputs.pptx.fitting import (
    CELL_PADDING,
    DESCRIPTOR,
    LEAD,
    STATEMENT,
    clip,
    fitting_size,
    paginate,
    text_height,
)
from reports.outputs.pptx.style import (
    BOTTOM,
    MARGIN,
    MUTED,
    PAPER,
    SPAN,
    TOP,
    Context,
    Run,
    Style,
    ink_on,
)
from reports.outputs.pptx.tables import HEADER_ROW, add_table, fill_cell
from reports.outputs.pptx.words import (
    continued,
    figure_level,
    level_name,
    share_text,
    status_colour,
    status_text,
    whole_percent,
)
from reports.templatetags.numbers import fixed2

# A statement's answer cell, tinted by how much of it is in place.
ANSWER_TINTS = {YES: "#dcefe6", PARTLY: "#fbefd5", NO: "#f6dcd6", "none": "#eceef1"}


def dimension_slides(context: Context, dimension: Dimension) -> None:
    """The dimension's figures, its subdimensions as columns, and what each has reached and
    needs next; a dimension with many subdimensions continues on further slides."""
    pages = paginate(dimension.subdimensions, _subdimension_height, BOTTOM - 3.3 - HEADER_ROW, 4)
    for number, subs in enumerate(pages):
        slide = add_content_slide(
            context, _("Findings by dimension"), continued(dimension.name, number)
        )
        tiles = figure_tiles(dimension, context)
        tiles.insert(1, (_("Level"), figure_level(dimension), ""))
        add_tiles(context, slide.shapes, (MARGIN, TOP, 9.0), tiles)
        lead = clip(dimension.description.split("\n\n")[0], LEAD)
        add_text(
            slide.shapes, (MARGIN, TOP + 1.05, SPAN, 0.55), [[(lead, Style(11, colour=MUTED))]]
        )
        # Upright columns: their names wrap beneath them, where a bar's would crowd its plot.
        box = (MARGIN, 3.3, 4.3, BOTTOM - 3.3)
        add_bar_chart(slide, _subdimension_chart(context, subs), box, horizontal=False)
        _subdimension_table(context, slide, subs)


def _subdimension_chart(context: Context, subs: Sequence[Subdimension]) -> Chart:
    series = [Series(name=_("Current"), values=tuple(s.score for s in subs), colour=CURRENT)]
    if any(s.target is not None for s in subs):
        targets = tuple(s.target for s in subs)
        series.append(Series(name=_("Target"), values=targets, colour=TARGET, dashed=True))
    return Chart(
        title=_("Score"),
        # Broken at words, or at a syllable of a long compound, as the other charts break
        # them: a chart would break a long word in a narrow column anywhere.
        categories=tuple("\n".join(wrapped(s.name, 14)) for s in subs),
        series=tuple(series),
        minimum=context.document.bars.minimum,
        maximum=context.document.bars.maximum,
        percent=False,
    )


def _subdimension_table(context: Context, slide: Slide, subs: Sequence[Subdimension]) -> None:
    size = fitting_size([sub.name for sub in subs], 2.1, 11)
    rows = [
        [
            [(sub.name, Style(size, True)), (f"\n{_sub_figures(sub)}", Style(9.5, colour=MUTED))],
            _descriptor(context, figure_level(sub), _reached(sub)),
            _descriptor(context, sub.next_level or "–", _next(sub)),
        ]
        for sub in subs
    ]
    header = [_("Subdimension"), _("Where it stands"), _("Next level")]
    add_table(context, slide.shapes, (5.15, 3.3), [2.1, 2.74, 2.74], header, rows, size=10)


def _subdimension_height(sub: Subdimension) -> float:
    return CELL_PADDING + max(
        text_height(sub.name, 2.1, 11) + text_height(_sub_figures(sub), 2.1, 9.5),
        text_height(figure_level(sub), 2.74, 9.5) + text_height(_reached(sub), 2.74, 10),
        text_height(sub.next_level, 2.74, 9.5) + text_height(_next(sub), 2.74, 10),
    )


def _sub_figures(sub: Subdimension) -> str:
    figures = [f"{_('Score')} {score_text(sub.score)}"]
    if sub.gap is not None:
        figures.append(f"{_('Gap')} {fixed2(sub.gap)}")
    return " · ".join(figures)


def _reached(sub: Subdimension) -> str:
    return clip(sub.reached, DESCRIPTOR) or _("No applicable answer, so no level.")


def _next(sub: Subdimension) -> str:
    return clip(sub.next, DESCRIPTOR) or _("The top of the model.")


def _descriptor(context: Context, label: str, text: str) -> list[Run]:
    return [(label, Style(9.5, True, context.accent)), (f"\n{text}", Style(10))]


def level_slides(context: Context, level: Level) -> None:
    """A level: its status, how much of it is in place, and its statements with their
    answers; more statements than fit on one slide continue on further slides."""
    statements = [q for q in context.document.questions if q.level == level.number]
    top = TOP + 1.25
    pages = paginate(statements, _statement_height, BOTTOM - top - HEADER_ROW, 8) or [[]]
    for number, page in enumerate(pages):
        title = continued(level_name(level.number, level.name), number)
        slide = add_content_slide(context, _("Findings by level"), title)
        _level_status(context, slide.shapes, level)
        description = [(clip(level.description, LEAD), Style(12))]
        add_text(slide.shapes, (MARGIN, TOP + 0.55, SPAN, 0.6), [description])
        if page:
            _statement_table(context, slide, page, top)


def _level_status(context: Context, shapes: SlideShapes, level: Level) -> None:
    """The level's status as a chip and, above the floor, a bar of how much is in place."""
    colour = status_colour(level)
    chip = add_chip(shapes, (MARGIN, TOP), status_text(level), colour, ink_on(colour), size=11)
    if level.fulfilment is None:
        return
    left = MARGIN + chip.width.inches + 0.3
    add_rectangle(shapes, (left, TOP + 0.1, 3.5, 0.2), PAPER)
    if level.fulfilment > 0:
        add_rectangle(shapes, (left, TOP + 0.1, 3.5 * min(level.fulfilment, 1.0), 0.2), colour)
    figure = _("%(in_place)s %% in place") % {"in_place": whole_percent(level.fulfilment)}
    add_text(shapes, (left + 3.65, TOP + 0.04, 3.0, 0.36), [[(figure, Style(11, True))]])


def _statement_table(
    context: Context, slide: Slide, questions: Sequence[Question], top: float
) -> None:
    rows = [
        [
            [(clip(question.text, STATEMENT), Style(11.5))],
            [(question.area, Style(10.5, colour=MUTED))],
            [(_answer(question), Style(11, True))],
        ]
        for question in questions
    ]
    header = [_("Statement"), _("Area"), _("Answer")]
    widths = [7.15, 2.9, 2.08]
    table = add_table(context, slide.shapes, (MARGIN, top), widths, header, rows, size=11.5)
    for row, question in enumerate(questions, start=1):
        fill_cell(table.cell(row, 2), ANSWER_TINTS[_answer_kind(question)])


def _statement_height(question: Question) -> float:
    return CELL_PADDING + max(
        text_height(clip(question.text, STATEMENT), 7.15, 11.5),
        text_height(question.area, 2.9, 10.5),
        text_height(_answer(question), 2.08, 11),
    )


def _answer(question: Question) -> str:
    # No answer in words: the respondents' answers fall between two, so give their mean.
    text = question.answer or f"{share_text(question.value)} ({_('mean')})"
    return f"{text} ({_('agreed')})" if question.agreed else text


def _answer_kind(question: Question) -> str:
    if question.not_applicable or question.value is None:
        return "none"
    if question.value >= 1:
        return YES
    return PARTLY if question.value > 0 else NO

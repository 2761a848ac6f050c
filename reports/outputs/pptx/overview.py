"""The opening slides: the cover, the executive summary with the radar, and the bars of
the dimensions or levels beside their figures."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import Slide

from reports.charts.style import score_text
from reports.documents.model import Figure, Level
from reports.outputs.pptx.blocks import (
    add_chip,
    add_content_slide,
    add_rectangle,
    add_text,
    add_tiles,
    figure_tiles,
    title_shape,
    write,
)
from reports.outputs.pptx.charts import add_bar_chart, add_chart, style_line_series
from reports.outputs.pptx.fitting import LEAD, clip, text_height
from reports.outputs.pptx.master import add_logo
from reports.outputs.pptx.style import (
    BOTTOM,
    CAUTION,
    CAUTION_INK,
    MARGIN,
    MUTED,
    RIGHT,
    TOP,
    WIDTH,
    Context,
    Paragraph,
    Style,
    ink_on,
)
from reports.outputs.pptx.tables import HEADER_ROW, add_table
from reports.outputs.pptx.words import (
    figure_level,
    level_name,
    placement_name,
    provisional,
    score_of,
    share_text,
    status_colour,
    status_text,
)
from reports.templatetags.numbers import fixed2, upto2


def cover_slide(context: Context) -> None:
    document = context.document
    slide = context.deck.slides.add_slide(context.cover)
    shapes = slide.shapes
    ink = ink_on(context.brand)
    band = add_rectangle(shapes, (0, 0, WIDTH, 4.6), context.brand)
    shapes._spTree.remove(band._element)
    shapes._spTree.insert(2, band._element)  # behind the title, after the tree's properties
    kicker = _("IoT maturity assessment report")
    add_text(shapes, (0.8, 1.0, 11.7, 0.4), [[(kicker, Style(13, True, ink, caps=True))]])
    organisation = clip(document.organisation, 110)
    size = 22 if len(organisation) <= 60 else 16
    add_text(shapes, (0.8, 1.45, 11.7, 0.55), [[(organisation, Style(size, colour=ink))]])
    title = title_shape(slide)
    size = 40 if len(document.title) <= 40 else 32 if len(document.title) <= 90 else 24
    write(title.text_frame, [[(document.title, Style(size, True, ink))]])
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    if document.provisional:
        add_chip(shapes, (0.8, 3.8), provisional(document), CAUTION, CAUTION_INK, size=12)
    _cover_facts(context, shapes)
    add_logo(context, shapes, (WIDTH - 0.8, 5.05, 2.6, 1.0))


# The cover's note has room for a few names; the rest are counted (the PDF's cover names 24).
NAMED_ON_COVER = 4


def _named(participants: tuple[str, ...]) -> str:
    names = ", ".join(participants[:NAMED_ON_COVER])
    more = len(participants) - NAMED_ON_COVER
    if more <= 0:
        return names
    rest = ngettext("and %(n)s more participant", "and %(n)s more participants", more)
    return f"{names} {rest % {'n': more}}"


def _cover_facts(context: Context, shapes: SlideShapes) -> None:
    document = context.document
    publisher = _("Published by %(publisher)s") % {"publisher": document.publisher}
    status = _("submitted") if document.submitted else _("in progress, as answered on this day")
    count = document.respondents
    people = ngettext("%(n)s respondent", "%(n)s respondents", count) % {"n": count}
    facts = (
        (0.31, _("Framework"), document.framework, publisher),
        (0.21, _("Date"), date_format(document.date, "DATE_FORMAT"), status),
        (0.24, _("Overall placement"), placement_name(document.placement), score_of(document)),
        (0.24, _("Who took part"), people, _named(document.participants)),
    )
    room = WIDTH - 1.6 - (3.0 if document.brand.logo else 0)
    left = 0.8
    for share, label, value, note in facts:
        paragraphs = [
            [(label, Style(10, True, context.accent, caps=True))],
            [(clip(value, 120), Style(13, True))],
            [(clip(note, 90), Style(10, colour=MUTED))],
        ]
        add_text(shapes, (left, 5.0, room * share - 0.3, 1.75), paragraphs, spacing=3)
        left += room * share


def summary_slide(context: Context) -> None:
    document = context.document
    slide = add_content_slide(context, _("Overview"), _("Executive summary"))
    shapes = slide.shapes
    _placement_block(context, shapes)
    add_tiles(context, shapes, (MARGIN, TOP + 1.45, 5.2), figure_tiles(document.placement, context))
    summary = clip(document.summary, LEAD)
    size = 13 if text_height(summary, 5.36, 13) <= 1.0 else 11
    add_text(shapes, (MARGIN, TOP + 2.55, 5.2, 1.05), [[(summary, Style(size))]])
    _standings(context, shapes, TOP + 3.65)
    _radar(context, slide)


def _placement_block(context: Context, shapes: SlideShapes) -> None:
    """The level as a large number, its name, and whether it can still change."""
    document = context.document
    square = add_rectangle(shapes, (MARGIN, TOP, 1.25, 1.25), context.brand)
    number = str(document.placement.level or "–")
    write(square.text_frame, [[(number, Style(44, True, ink_on(context.brand)))]])
    square.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    square.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    name = [
        [(_("Overall maturity"), Style(10, True, MUTED, caps=True))],
        [(placement_name(document.placement), Style(20, True))],
    ]
    add_text(shapes, (MARGIN + 1.45, TOP + 0.08, 3.8, 0.75), name)
    if document.provisional:
        marker = provisional(document)
        add_chip(shapes, (MARGIN + 1.45, TOP + 0.88), marker, CAUTION, CAUTION_INK, size=10)


def _standings(context: Context, shapes: SlideShapes, top: float) -> None:
    document = context.document
    staged = document.method == "staged"
    columns = (
        (_("Strongest levels") if staged else _("Strongest subdimensions"), document.strongest),
        (_("Weakest levels") if staged else _("Weakest subdimensions"), document.weakest),
    )
    for number, (heading, figures) in enumerate(columns):
        if not figures:
            continue
        lines: list[Paragraph] = [[(heading, Style(9, True, context.accent, caps=True))]]
        for figure in figures[:3]:
            shown = share_text(figure.score) if staged else score_text(figure.score)
            lines.append([(f"{shown}  ", Style(10, True)), (figure.name, Style(10))])
        box = (MARGIN + number * 2.7, top, 2.55, BOTTOM - top)
        add_text(shapes, box, lines, spacing=2)


def _radar(context: Context, slide: Slide) -> None:
    radar = context.document.radar
    left = MARGIN + 5.6
    heading = [(radar.title, Style(10, True, context.accent, caps=True))]
    add_text(slide.shapes, (left, TOP, RIGHT - left, 0.35), [heading])
    box = (left, TOP + 0.3, RIGHT - left, BOTTOM - TOP - 0.3)
    chart = add_chart(slide, XL_CHART_TYPE.RADAR_MARKERS, radar, box)
    for series, spec in zip(chart.plots[0].series, radar.series, strict=True):
        style_line_series(series, spec)


def bars_slide(context: Context) -> None:
    document = context.document
    slide = add_content_slide(context, _("Targets and gaps"), document.bars.title)
    add_bar_chart(slide, document.bars, (MARGIN, TOP, 6.3, BOTTOM - TOP), horizontal=True)
    if document.method == "continuous":
        rows = [_figure_row(figure) for figure in (document.placement, *document.dimensions)]
        rows[0][0] = [(_("Overall"), Style(11, True))]
        header = [_("Dimension"), _("Score"), _("Level"), _("Target"), _("Gap")]
        widths = [1.6, 1.05, 1.45, 0.7, 0.73]
        numeric = {1, 3, 4}
        note = _("Weighted means of the answers; the gap is how far a score is below its target.")
    else:
        rows = [_level_row(level) for level in document.levels]
        header = [_("Level"), _("Fulfilment"), _("Where it stands")]
        widths, numeric = [2.4, 1.2, 1.93], {1}
        note = _(
            "How much of each level's capabilities is in place; a level is met from the threshold."
        )
    add_table(context, slide.shapes, (7.2, TOP + 0.2), widths, header, rows, numeric=numeric)
    below = TOP + 0.2 + HEADER_ROW + 0.32 * len(rows) + 0.25
    add_text(slide.shapes, (7.2, below, sum(widths), 0.6), [[(note, Style(10, colour=MUTED))]])


def _figure_row(figure: Figure) -> list[Paragraph]:
    target = upto2(figure.target) if figure.target is not None else "–"
    gap = fixed2(figure.gap) if figure.gap is not None else "–"
    level = figure_level(figure) if figure.level else "–"
    texts = (figure.name, score_text(figure.score), level, target, gap)
    return [[(text, Style(11, column == 1))] for column, text in enumerate(texts)]


def _level_row(level: Level) -> list[Paragraph]:
    return [
        [(level_name(level.number, level.name), Style(11))],
        [(share_text(level.fulfilment), Style(11, True))],
        [(status_text(level), Style(11, colour=status_colour(level)))],
    ]

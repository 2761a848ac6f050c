"""The shapes slides are built of: a content slide with its kicker and title, text boxes,
filled rectangles, chips and key-figure tiles, all in the deck's one font."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import Slide
from pptx.text.text import TextFrame, _Run
from pptx.util import Inches, Pt

from reports.charts.style import score_text
from reports.documents.model import Figure
from reports.outputs.pptx.fitting import bold_width
from reports.outputs.pptx.style import (
    FONT,
    MARGIN,
    MUTED,
    PAPER,
    SPAN,
    Box,
    Context,
    Paragraph,
    Run,
    Style,
    rgb,
)
from reports.templatetags.numbers import fixed2, upto2


def add_content_slide(context: Context, kicker: str, title: str) -> Slide:
    slide = context.deck.slides.add_slide(context.content)
    shape = title_shape(slide)
    size = 26 if len(title) <= 44 else 20 if len(title) <= 110 else 16
    write(shape.text_frame, [[(title, Style(size, True))]])
    shape.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    line = [(kicker, Style(11, True, context.accent, caps=True))]
    add_text(slide.shapes, (MARGIN, 0.3, SPAN - 2.2, 0.32), [line])
    return slide


def title_shape(slide: Slide) -> Shape:
    title = slide.shapes.title
    assert title is not None  # both layouts the deck uses keep their title
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    return title


def add_text(
    shapes: SlideShapes,
    box: Box,
    paragraphs: Sequence[Paragraph],
    *,
    align: PP_ALIGN | None = None,
    spacing: float = 0,
) -> Shape:
    left, top, width, height = (Inches(value) for value in box)
    shape = shapes.add_textbox(left, top, width, height)
    write(shape.text_frame, paragraphs, spacing=spacing)
    if align is not None:
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = align
    return shape


def write(
    frame: TextFrame, paragraphs: Sequence[Paragraph], *, margin: float = 0, spacing: float = 0
) -> None:
    """The paragraphs into `frame`, replacing what it held; `spacing` points between them."""
    frame.clear()
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(margin)
    frame.margin_top = frame.margin_bottom = Inches(min(margin, 0.05))
    for number, runs in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        if number and spacing:
            paragraph.space_before = Pt(spacing)
        for text, style in runs:
            for index, line in enumerate(text.split("\n")):
                if index:
                    paragraph = frame.add_paragraph()
                    paragraph.space_before = Pt(2)
                if line:
                    _run(paragraph.add_run(), line, style)


def _run(run: _Run, text: str, style: Style) -> None:
    run.text = text
    font = run.font
    font.name = FONT
    font.size = Pt(style.size)
    font.bold = style.bold
    font.color.rgb = rgb(style.colour)
    if style.caps:
        run._r.get_or_add_rPr().set("cap", "all")


def add_rectangle(shapes: SlideShapes, box: Box, colour: str) -> Shape:
    left, top, width, height = (Inches(value) for value in box)
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
    _plain(shape, colour)
    return shape


def add_chip(
    shapes: SlideShapes,
    where: tuple[float, float],
    text: str,
    colour: str,
    ink: str,
    *,
    size: float,
) -> Shape:
    """A short label on a rounded, filled shape as wide as the label."""
    width, height = bold_width(text, size) + 0.4, size / 72 * 1.3 + 0.14
    shape = shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE,
        Inches(where[0]),
        Inches(where[1]),
        Inches(width),
        Inches(height),
    )
    _plain(shape, colour)
    write(shape.text_frame, [[(text, Style(size, True, ink))]], margin=0.12)
    shape.text_frame.word_wrap = False
    shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    shape.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    return shape


def _plain(shape: Shape, colour: str) -> None:
    """Filled with `colour`, no outline, and without the theme's shape style, whose
    shadow and white text the deck never wants."""
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.fill.background()
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def figure_tiles(figure: Figure, context: Context) -> list[tuple[str, str, str]]:
    levels = _("of %(n)s") % {"n": len(context.document.scale)}
    tiles = [(_("Score"), score_text(figure.score), levels)]
    if figure.target is not None:
        tiles.append((_("Target"), upto2(figure.target), ""))
        tiles.append((_("Gap"), fixed2(figure.gap) if figure.gap is not None else "–", ""))
    return tiles


def add_tiles(
    context: Context,
    shapes: SlideShapes,
    where: tuple[float, float, float],
    tiles: Sequence[tuple[str, str, str]],
) -> None:
    """Key figures side by side, each a label over a large value and its note, as wide as
    it needs and together at most `where`'s width."""
    left, top, width = where
    gap = 0.15
    needed = [
        0.4 + max(bold_width(value, 20) + bold_width(f"  {note}", 10), bold_width(label, 9), 1.1)
        for label, value, note in tiles
    ]
    scale = min(1.0, (width - gap * (len(tiles) - 1)) / sum(needed))
    for each, (label, value, note) in zip(needed, tiles, strict=True):
        tile = add_rectangle(shapes, (left, top, each * scale, 0.9), PAPER)
        add_rectangle(shapes, (left, top, 0.06, 0.9), context.brand)
        figure: list[Run] = [(value, Style(20 if scale == 1 else 16, True))]
        if note:
            figure.append((f"  {note}", Style(10, colour=MUTED)))
        write(tile.text_frame, [[(label, Style(9, True, MUTED, caps=True))], figure], margin=0.18)
        tile.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        for paragraph in tile.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT
        left += each * scale + gap

"""The deck's theme and slide layouts: fonts and accent colour, the title's place, and the
brand band, logo and footer that every slide shows, each drawn once on its layout."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_CONNECTOR, PP_PLACEHOLDER
from pptx.enum.text import PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.shapes.shapetree import SlideShapes
from pptx.slide import SlideLayout
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from reports.documents.model import Document
from reports.outputs.pptx.blocks import add_rectangle, add_text
from reports.outputs.pptx.style import (
    CAUTION_INK,
    FONT,
    HEIGHT,
    MARGIN,
    MUTED,
    RIGHT,
    RULE,
    SPAN,
    WIDTH,
    Box,
    Context,
    Style,
    brand_hex,
    hex_digits,
    readable_on_white,
    rgb,
)
from reports.outputs.pptx.words import provisional

SLIDE_NUMBER = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def new_context(document: Document) -> Context:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(WIDTH), Inches(HEIGHT)
    brand = brand_hex(document.brand.colour)
    _theme(deck, brand)
    layouts = deck.slide_layouts
    context = Context(
        deck=deck,
        document=document,
        brand=brand,
        accent=readable_on_white(brand),
        content=layouts.get_by_name("Title Only") or layouts[5],
        cover=layouts.get_by_name("Title Slide") or layouts[0],
    )
    _content_layout(context)
    _cover_layout(context)
    return context


def _theme(deck: Deck, brand: str) -> None:
    """The theme's fonts and first accent colour, so that what a person adds matches."""
    part = deck.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    for font in root.iter(qn("a:majorFont"), qn("a:minorFont")):
        font.find(qn("a:latin")).set("typeface", FONT)
    accent = root.find(f".//{qn('a:accent1')}/{qn('a:srgbClr')}")
    if accent is not None:
        accent.set("val", hex_digits(brand))
    # python-pptx keeps the theme as a plain part: its bytes are all there is to change.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _content_layout(context: Context) -> None:
    layout = context.content
    _place_title(layout, PP_PLACEHOLDER.TITLE, (MARGIN, 0.62, SPAN - 2.2, 0.8))
    shapes = _layout_shapes(layout)
    add_rectangle(shapes, (0, 0, WIDTH, 0.1), context.brand)
    add_logo(context, shapes, (RIGHT, 0.3, 1.9, 0.55))
    _footer(context, shapes, numbered=True)


def _cover_layout(context: Context) -> None:
    _place_title(context.cover, PP_PLACEHOLDER.CENTER_TITLE, (0.8, 2.05, WIDTH - 1.6, 1.6))
    _footer(context, _layout_shapes(context.cover), numbered=False)


def _place_title(layout: SlideLayout, kind: PP_PLACEHOLDER, box: Box) -> None:
    """Keep only the layout's title, where the deck puts it; the slides draw the rest."""
    for placeholder in list(layout.placeholders):
        if placeholder.placeholder_format.type != kind:
            placeholder._element.getparent().remove(placeholder._element)
    title = layout.placeholders[0]
    title.left, title.top, title.width, title.height = (Inches(value) for value in box)


def _layout_shapes(layout: SlideLayout) -> SlideShapes:
    # python-pptx only reads a layout's shapes; a slide's shape tree writes them alike.
    return SlideShapes(layout.shapes._spTree, layout)


def _footer(context: Context, shapes: SlideShapes, *, numbered: bool) -> None:
    document = context.document
    line = shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT, Inches(MARGIN), Inches(6.93), Inches(RIGHT), Inches(6.93)
    )
    line.line.color.rgb = rgb(RULE)
    line.line.width = Pt(0.75)
    footer = document.brand.footer or f"{document.organisation} · {document.title}"
    width = 7.4 if document.provisional else SPAN - 0.8
    add_text(shapes, (MARGIN, 6.98, width, 0.32), [[(footer, Style(9, colour=MUTED))]])
    if document.provisional:
        marker = [(provisional(document), Style(9, True, CAUTION_INK))]
        add_text(shapes, (8.1, 6.98, 3.9, 0.32), [marker], align=PP_ALIGN.RIGHT)
    if numbered:
        box = add_text(shapes, (RIGHT - 0.6, 6.98, 0.6, 0.32), [], align=PP_ALIGN.RIGHT)
        _slide_number(box.text_frame, Style(9, True, MUTED))


def _slide_number(frame: TextFrame, style: Style) -> None:
    """The slide's own number, as a field: on a layout, each slide shows its number."""
    field = etree.SubElement(frame.paragraphs[0]._p, qn("a:fld"), id=SLIDE_NUMBER)
    field.set("type", "slidenum")
    size = str(int(style.size * 100))
    properties = etree.SubElement(field, qn("a:rPr"), lang="en-US", sz=size, b="1")
    fill = etree.SubElement(properties, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=hex_digits(style.colour))
    etree.SubElement(properties, qn("a:latin"), typeface=FONT)
    etree.SubElement(field, qn("a:t")).text = "‹#›"


def add_logo(context: Context, shapes: SlideShapes, bounds: Box) -> None:
    """The brand's logo, its right edge at `bounds`' left, within its width and height."""
    logo = context.document.brand.logo
    if not logo:
        return
    right, top, width, height = bounds
    picture = shapes.add_picture(io.BytesIO(logo), Emu(0), Inches(top), height=Inches(height))
    if picture.width > Inches(width):  # a wide logo: bounded by its width instead
        picture.height = Emu(int(picture.height * Inches(width) / picture.width))
        picture.width = Inches(width)
    picture.left = Emu(Inches(right) - picture.width)
    picture.name = _("Logo")


def drop_unused_layouts(deck: Deck) -> None:
    layouts = deck.slide_master.slide_layouts
    for layout in list(layouts):
        if not layout.used_by_slides:
            layouts.remove(layout)

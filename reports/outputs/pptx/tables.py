"""Plain tables: a header in the brand colour, thin rules between rows, rows that grow with
their text."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from lxml import etree
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.shapes.shapetree import SlideShapes
from pptx.table import Table, _Cell
from pptx.util import Inches, Pt

from reports.outputs.pptx.blocks import write
from reports.outputs.pptx.style import (
    RULE,
    WHITE,
    Context,
    Paragraph,
    Style,
    hex_digits,
    ink_on,
    rgb,
)

HEADER_ROW = 0.38
NO_GRID = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"  # PowerPoint's "No Style, No Grid"


def add_table(
    context: Context,
    shapes: SlideShapes,
    where: tuple[float, float],
    widths: Sequence[float],
    header: Sequence[str],
    rows: Sequence[Sequence[Paragraph]],
    *,
    size: float = 11,
    numeric: Collection[int] = (),
) -> Table:
    """A plain table: a header in the brand colour, thin rules between rows; rows grow
    with their text. `numeric` columns are aligned right."""
    left, top = where
    frame = shapes.add_table(
        len(rows) + 1, len(widths), Inches(left), Inches(top), Inches(sum(widths)), Inches(1)
    )
    table = frame.table
    properties = table._tbl.tblPr
    assert properties is not None  # python-pptx gives every new table its properties
    properties.find(qn("a:tableStyleId")).text = NO_GRID
    table.horz_banding = False
    for column, width in enumerate(widths):
        table.columns[column].width = Inches(width)
    table.rows[0].height = Inches(HEADER_ROW)
    heading = Style(size - 1.5, True, ink_on(context.brand))
    for column, label in enumerate(header):
        _cell(table.cell(0, column), [(label, heading)], context.brand, column in numeric)
    for number, row in enumerate(rows, start=1):
        table.rows[number].height = Inches(0.3)
        for column, content in enumerate(row):
            _cell(table.cell(number, column), content, WHITE, column in numeric)
            _rule(table.cell(number, column))
    return table


def _cell(cell: _Cell, runs: Paragraph, fill: str, right: bool) -> None:
    write(cell.text_frame, [runs])
    if right:
        cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    cell.margin_left = cell.margin_right = Inches(0.08)
    cell.margin_top = cell.margin_bottom = Inches(0.06)
    cell.vertical_anchor = MSO_ANCHOR.TOP
    fill_cell(cell, fill)


def fill_cell(cell: _Cell, colour: str) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(colour)


def _rule(cell: _Cell) -> None:
    """A thin line under the cell."""
    line = etree.Element(qn("a:lnB"), w=str(Pt(0.75)), cap="flat", cmpd="sng")
    fill = etree.SubElement(line, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=hex_digits(RULE))
    cell._tc.get_or_add_tcPr().insert(0, line)  # a cell's borders come before its fill

"""Native charts, drawn and edited by PowerPoint itself, of the values the chart builders
gave: the radar's lines and the bars with their targets."""

from __future__ import annotations

from typing import cast

from pptx.chart.chart import Chart as PptxChart
from pptx.chart.data import ChartData
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_MARK,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Inches, Pt

from reports.documents.model import Chart, Series
from reports.outputs.pptx.style import FONT, INK, MUTED, RULE, Box, rgb


def add_chart(slide: Slide, kind: XL_CHART_TYPE, spec: Chart, box: Box) -> PptxChart:
    """A chart PowerPoint draws and edits itself, of the values the chart builder gave."""
    data = ChartData(number_format=_number_format(spec))
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    left, top, width, height = (Inches(value) for value in box)
    # python-pptx's annotation says a chart; what it returns is the frame holding one.
    frame = cast(GraphicFrame, slide.shapes.add_chart(kind, left, top, width, height, data))
    chart = frame.chart
    chart.font.name = FONT
    chart.font.size = Pt(10)
    chart.font.color.rgb = rgb(INK)
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    _value_axis(chart, spec)
    return chart


def _number_format(spec: Chart) -> str:
    return "0%" if spec.percent else "0.0"


def _value_axis(chart: PptxChart, spec: Chart) -> None:
    axis = chart.value_axis
    axis.minimum_scale = spec.minimum
    axis.maximum_scale = spec.maximum
    axis.major_unit = 0.25 if spec.percent else 1.0
    axis.tick_labels.number_format = _number_format(spec)
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(9)
    axis.tick_labels.font.color.rgb = rgb(MUTED)
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(RULE)
    axis.major_gridlines.format.line.width = Pt(0.75)
    axis.format.line.fill.background()
    axis.major_tick_mark = XL_TICK_MARK.NONE


def style_line_series(series: object, spec: Series) -> None:
    """A radar's series: the current one solid with markers, the others dashed."""
    line = series.format.line  # type: ignore[attr-defined]
    line.color.rgb = rgb(spec.colour)
    line.width = Pt(1.75 if spec.dashed else 2.5)
    if spec.dashed:
        line.dash_style = MSO_LINE_DASH_STYLE.DASH
    marker = series.marker  # type: ignore[attr-defined]
    marker.style = XL_MARKER_STYLE.NONE if spec.dashed else XL_MARKER_STYLE.CIRCLE
    marker.size = 7
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = rgb(spec.colour)
    marker.format.line.color.rgb = rgb(spec.colour)


def add_bar_chart(slide: Slide, spec: Chart, box: Box, *, horizontal: bool) -> PptxChart:
    kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = add_chart(slide, kind, spec, box)
    plot = chart.plots[0]
    plot.gap_width = 80 if len(spec.categories) > 4 else 150
    plot.overlap = 100  # a target outlines its bar: how far the bar still has to grow
    axis = chart.category_axis
    axis.format.line.color.rgb = rgb(RULE)
    axis.major_tick_mark = XL_TICK_MARK.NONE
    axis.tick_labels.font.size = Pt(10 if horizontal else 9)
    if horizontal:
        axis.reverse_order = True  # the first category at the top, as listed
        # With the categories reversed, the value axis crosses at the last one: the bottom.
        chart.value_axis._element.find(qn("c:crosses")).set("val", "max")
    else:  # names wrap under their columns rather than turn aslant
        axis._element.find(f"{qn('c:txPr')}/{qn('a:bodyPr')}").set("rot", "0")
    for series, item in zip(plot.series, spec.series, strict=True):
        _bar_series(series, item, spec)
    return chart


def _bar_series(series: object, item: Series, spec: Chart) -> None:
    """The current values as solid bars, a target or threshold as a dashed outline."""
    shape = series.format  # type: ignore[attr-defined]
    series.invert_if_negative = False  # type: ignore[attr-defined]
    if item.dashed:
        shape.fill.background()
        shape.line.color.rgb = rgb(item.colour)
        shape.line.width = Pt(1.5)
        shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(item.colour)
        shape.line.fill.background()
    labels = series.data_labels  # type: ignore[attr-defined]
    labels.show_value = True
    labels.number_format = _number_format(spec)
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(9)
    labels.font.bold = not item.dashed
    labels.font.color.rgb = rgb(MUTED if item.dashed else INK)

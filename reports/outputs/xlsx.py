"""The report as an Excel workbook: scores with a native radar chart, every question's
answers, targets and gaps, the roadmap and every response. Numbers stay numbers (the cells
format them, nothing is rounded); text that Excel would read as a formula stays text."""

import re
import textwrap
from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime, time
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import RadarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.marker import Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.image import Image
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.charts import level_label
from reports.documents.model import Brand, Count, Document, Figure, Question
from reports.templatetags.numbers import fixed2, pct

CREATOR = "IoT maturity"
SCORE, PERCENT, WHOLE = "0.00", "0%", "0"
# Excel reads a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@")
MAX_CELL = 32767  # characters Excel keeps in a cell
DATE_FORMATS = {"de": "dd.mm.yyyy"}
LOGO_HEIGHT, LOGO_WIDTH = 48, 220  # pixels at most, the aspect ratio kept
LINE = 15  # points: one line of 11-point text
CHART_ROWS = 28  # about 15 cm
GREY, LINK, ALERT = "595959", "0563C1", "FCE8C3"


def font(size: float = 11, **style: object) -> Font:
    # A font with no name is drawn in the viewer's default, a serif in LibreOffice.
    return Font(name="Calibri", size=size, **style)


BODY, RULE = font(), Border(bottom=Side(style="thin", color="BFBFBF"))


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    format: str | None = None
    wrap: bool = False
    align: str = ""  # numbers: right, whole ones centred; text: left

    @property
    def alignment(self) -> Alignment:
        number = "center" if self.format == WHOLE else "right" if self.format else "left"
        across = self.align or number
        indent = 1 if across == "right" else 0  # clear of the next column's text
        return Alignment(horizontal=across, vertical="top", wrap_text=self.wrap, indent=indent)


@dataclass(frozen=True)
class Look:
    """The brand colour, a light tint of it and the text colour that reads on it."""

    colour: str  # RRGGBB
    fill: PatternFill
    tint: PatternFill
    ink: str

    @classmethod
    def of(cls, brand: Brand) -> "Look":
        match = re.fullmatch(r"#?([0-9a-fA-F]{6})", brand.colour.strip())
        colour = (match.group(1) if match else Brand().colour[1:]).upper()
        channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
        tint = "".join(f"{c + (255 - c) * 85 // 100:02X}" for c in channels)
        # Perceived brightness (YIQ): dark text on a light brand colour, white on a dark one.
        light = 0.299 * channels[0] + 0.587 * channels[1] + 0.114 * channels[2] > 160
        fill, tinted = (PatternFill("solid", fgColor=c) for c in (colour, tint))
        return cls(colour, fill, tinted, "1A1A1A" if light else "FFFFFF")


def render_xlsx(document: Document) -> bytes:
    with translation.override(document.language):
        book, look = Workbook(), Look.of(document.brand)
        _scores_sheet(book.active, document, look)
        _answers_sheet(book, document, look)
        _targets_sheet(book, document, look)
        if document.method == "continuous":  # staged: the roadmap is the targets sheet
            _list_sheet(book, _("Roadmap"), *_roadmap(document), document, look)
        _responses_sheet(book, document, look)
        _properties(book, document)
        buffer = BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def put(
    ws: Worksheet, row: int, column: int, value: object, span: int = 0, /, **style: object
) -> Cell:
    """Write a styled value, merged up to column `span` if given."""
    if span:
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=span)
    cell = ws.cell(row=row, column=column)
    for name, setting in {"font": BODY, **style}.items():
        setattr(cell, name, setting)
    return _write(cell, value)


def _write(cell: Cell, value: object) -> Cell:
    """Text without characters a workbook cannot hold, never taken for a formula."""
    cell.value = value = clean(value) if isinstance(value, str) else value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type, cell.quotePrefix = "s", True
    return cell


def clean(text: str) -> str:
    """Text a workbook can hold: no control characters, no more than a cell takes."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL]


def _lines(text: object, width: float) -> int:
    """Lines a text takes wrapped `width` characters wide (no row grows by itself)."""
    chars = max(int(width * 1.15), 1)  # Calibri's letters are narrower than its digits
    return sum(max(len(textwrap.wrap(part, chars)), 1) for part in str(text).split("\n"))


def _yes(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def _header(ws: Worksheet, row: int, columns: Sequence[Column], look: Look) -> None:
    for index, column in enumerate(columns, start=1):
        across = column.alignment
        align = Alignment(across.horizontal, "center", wrap_text=True, indent=across.indent)
        put(ws, row, index, column.header, font=font(bold=True, color=look.ink), fill=look.fill,
            alignment=align)  # fmt: skip
    ws.row_dimensions[row].height = 2 * LINE + 2


def _rows(ws: Worksheet, row: int, columns: Sequence[Column], rows: Iterable[Sequence[object]],
          **style: object) -> int:  # fmt: skip
    # Each column's style is made once and copied: styling cell by cell is the slow part.
    shapes: dict[int, StyleArray] = {}
    for values in rows:
        lines = 1
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = ws.cell(row=row, column=index)
            if index not in shapes:
                put(ws, row, index, None, alignment=column.alignment, border=RULE,
                    number_format=column.format or "General", **style)  # fmt: skip
                shapes[index] = copy(cell._style)
            cell._style = copy(shapes[index])
            _write(cell, value)
            if column.wrap and value:
                lines = max(lines, _lines(value, column.width))
        ws.row_dimensions[row].height = LINE * lines + 2
        row += 1
    return row


def _print_setup(ws: Worksheet, document: Document, *, overview: bool = False) -> None:
    """A4, as wide as a page; the overview (title, table and chart) on one upright page."""
    setup = ws.page_setup
    setup.paperSize, setup.orientation = ws.PAPERSIZE_A4, "portrait" if overview else "landscape"
    setup.fitToWidth, setup.fitToHeight = 1, 1 if overview else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # "&" starts a code in page headers and footers; Excel refuses more than 255 characters.
    header = clean(f"{document.organisation} · {document.title}")
    ws.oddHeader.left.text = header.replace("&", "&&")[:120]
    ws.oddFooter.center.text = clean(document.brand.footer).replace("&", "&&")[:120]
    ws.oddFooter.right.text = "&P / &N"


def _sheet_title(text: str) -> str:
    """A name Excel accepts: none of []:*?/\\, no quote at either end, 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "", text).strip("' ")[:31] or "Sheet"


def _scores_sheet(ws: Worksheet, document: Document, look: Look) -> None:
    ws.title = _sheet_title(_("Scores"))
    staged = document.method == "staged"
    columns = _overview_columns(staged)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    row = _title_block(ws, document, look, columns)
    row = (_levels_table if staged else _scores_table)(ws, row + 1, document, look, columns)
    _radar(ws, row + 1, document, look, columns)
    ws.sheet_view.showGridLines = False
    _print_setup(ws, document, overview=True)


def _title_block(ws: Worksheet, document: Document, look: Look, columns: list[Column]) -> int:
    span, row, wide = len(columns), 1, sum(c.width for c in columns)
    if document.brand.logo:
        row = _logo(ws, document.brand.logo, document.brand.logo_size)
    put(ws, row, 1, document.title, span, font=font(16, bold=True, color=look.ink),
        fill=look.fill, alignment=Alignment(vertical="center", indent=1))  # fmt: skip
    put(ws, row + 1, 1, document.organisation, span, alignment=Alignment(vertical="center"),
        font=font(13, bold=True, color=look.colour))  # fmt: skip
    ws.row_dimensions[row].height, ws.row_dimensions[row + 1].height = 32, 22
    row += 2
    if document.provisional:
        text = _("Provisional: %(pct)s %% answered") % {"pct": pct(document.completion)}
        text += ". " + _("The placement can change as the remaining questions are answered.")
        put(ws, row, 1, text, span, font=font(bold=True), fill=PatternFill("solid", fgColor=ALERT),
            alignment=Alignment(wrap_text=True))  # fmt: skip
        ws.row_dimensions[row].height = LINE * _lines(text, wide * 0.8) + 4
        row += 1
    for label, value in _facts(document):
        put(ws, row, 1, label, font=font(color=GREY), alignment=Alignment(vertical="top"))
        cell = put(ws, row, 2, value, span, alignment=Alignment("left", "top", wrap_text=True))
        if isinstance(value, date):
            cell.number_format = DATE_FORMATS.get(document.language, "d mmmm yyyy")
        ws.row_dimensions[row].height = LINE * _lines(value, wide - columns[0].width)
        row += 1
    if document.brand.footer:
        put(ws, row, 1, document.brand.footer, span, font=font(italic=True, color=GREY))
        row += 1
    return row


def _facts(document: Document) -> list[tuple[str, object]]:
    placement = document.placement
    standing = _("Not placed yet")
    if placement.level is not None and placement.score is not None:
        level = _("Level %(n)s – %(name)s") % {"n": placement.level, "name": placement.level_name}
        scale = {"score": fixed2(placement.score), "n": len(document.scale)}
        score = _("score %(score)s of %(n)s") % scale
        standing = f"{level} · {score}"
    status = _("Submitted") if document.submitted else _("Draft")
    facts: list[tuple[str, object]] = [
        (_("Framework"), f"{document.framework} ({document.publisher})"),
        (_("Date"), document.date), (_("Status"), status), (_("Overall placement"), standing),
        (_("Respondents"), document.respondents)]  # fmt: skip
    return [*facts, (_("Summary"), document.summary)] if document.summary else facts


def _logo(ws: Worksheet, logo: bytes, size: tuple[int, int] | None) -> int:
    """The brand's logo above the title, on white; the first row is sized to it."""
    image = Image(BytesIO(logo))
    width, height = size or (image.width, image.height)
    scale = min(LOGO_HEIGHT / max(height, 1), LOGO_WIDTH / max(width, 1), 1.0)
    image.width, image.height = max(int(width * scale), 1), max(int(height * scale), 1)
    ws.add_image(image, "A1")
    ws.row_dimensions[1].height = image.height * 0.75 + 8  # pixels to points, and a margin
    return 2


def _overview_columns(staged: bool) -> list[Column]:
    if staged:
        return [Column(_("Level"), 20, WHOLE), Column(_("Name"), 30),
                Column(_("Fulfilment"), 12, PERCENT), Column(_("Met"), 12, align="center"),
                Column(_("Reached"), 12, align="center")]  # fmt: skip
    return [Column(_("Dimension"), 30), Column(_("Subdimension"), 32, wrap=True),
            Column(_("Score"), 12, SCORE), Column(_("Level"), 8, WHOLE),
            Column(_("Level name"), 16), Column(_("Target"), 10, SCORE),
            Column(_("Gap"), 10, SCORE)]  # fmt: skip


def _scores_table(ws: Worksheet, row: int, document: Document, look: Look,
                  columns: list[Column]) -> int:  # fmt: skip
    """A row per subdimension under a bold row per dimension, the overall row last."""
    _header(ws, row, columns, look)
    row += 1
    bold = {"font": font(bold=True), "fill": look.tint}
    lines: list[tuple[tuple[str, str], Figure, dict[str, object]]] = []
    for dimension in document.dimensions:
        lines.append(((dimension.name, ""), dimension, bold))
        lines += [((sub.dimension, sub.name), sub, {}) for sub in dimension.subdimensions]
    lines.append(((document.placement.name, ""), document.placement, bold))
    fields = ("score", "level", "level_name", "target", "gap")
    for names, figure, style in lines:
        row = _rows(ws, row, columns, [[*names, *(getattr(figure, f) for f in fields)]], **style)
    edge = Side(style="medium", color=look.colour)
    for column in range(1, len(columns) + 1):
        ws.cell(row=row - 1, column=column).border = Border(top=edge, bottom=edge)
    return row


def _levels_table(ws: Worksheet, row: int, document: Document, look: Look,
                  columns: list[Column]) -> int:  # fmt: skip
    """A row per level, then the overall score, level, target and gap."""
    _header(ws, row, columns, look)
    levels = [[level.number, level.name, level.fulfilment, _yes(level.met), _yes(level.reached)]
              for level in document.levels]  # fmt: skip
    row = _rows(ws, row + 1, columns, levels) + 1
    placement = document.placement
    level = level_label(placement.level, placement.level_name or "") if placement.level else ""
    overall: list[list[object]] = [
        [_("Overall score"), placement.score], [_("Level reached"), level],
        [_("Target"), placement.target], [_("Gap"), placement.gap]]  # fmt: skip
    pair = [Column("", columns[0].width), Column("", columns[1].width, SCORE, align="left")]
    return _rows(ws, row, pair, overall, font=font(bold=True), fill=look.tint)


def _radar(ws: Worksheet, row: int, document: Document, look: Look,
           columns: list[Column]) -> None:  # fmt: skip
    """A native radar over a table of the chart builder's values, as the page shows them."""
    radar = document.radar
    first = row + CHART_ROWS + 2
    put(ws, first, 1, _("Chart data: %(title)s") % {"title": radar.title},
        font=font(12, bold=True, color=look.colour))  # fmt: skip
    category = _("Level") if document.method == "staged" else _("Subdimension")
    number_format = PERCENT if radar.percent else SCORE
    data_columns = [Column(category, 30, wrap=True)]
    data_columns += [Column(s.name, 12, number_format) for s in radar.series]
    _header(ws, first + 1, data_columns, look)
    rows = [[name, *(s.values[i] for s in radar.series)] for i, name in enumerate(radar.categories)]
    last = _rows(ws, first + 2, data_columns, rows) - 1
    chart = RadarChart()
    chart.type, chart.title = "marker", clean(radar.title)
    data = Reference(ws, min_col=2, max_col=len(data_columns), min_row=first + 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    categories = str(Reference(ws, min_col=1, min_row=first + 2, max_row=last))
    for series, spec in zip(chart.series, radar.series, strict=True):
        series.cat = AxDataSource(strRef=StrRef(f=categories))  # names, not numbers
        colour = spec.colour.lstrip("#").upper()
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 22225  # 1.75 points, in EMU
        series.graphicalProperties.line.prstDash = "dash" if spec.dashed else "solid"
        series.marker = Marker(symbol="circle", size=5)
        series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.marker.graphicalProperties.line.solidFill = colour
    axis = chart.y_axis
    axis.scaling.min, axis.scaling.max = radar.minimum, radar.maximum
    axis.majorUnit, axis.number_format = (0.25, PERCENT) if radar.percent else (1, WHOLE)
    # openpyxl leaves the axes' "delete" unset, which Excel reads as hidden.
    axis.delete = chart.x_axis.delete = False
    chart.legend.position = "b"
    # Anchored to cells, the chart is as wide as the table in every spreadsheet program.
    ends = AnchorMarker(col=0, row=row - 1), AnchorMarker(col=len(columns), row=row + CHART_ROWS)
    ws.add_chart(chart, TwoCellAnchor(_from=ends[0], to=ends[1]))


def _list_sheet(book: Workbook, title: str, columns: Sequence[Column],
                rows: Sequence[Sequence[object]], document: Document,
                look: Look) -> Worksheet:  # fmt: skip
    """A sheet with one header row (frozen, filtered, printed on every page) and rows."""
    ws = book.create_sheet(_sheet_title(title))
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    _header(ws, 1, columns, look)
    last = _rows(ws, 2, columns, rows) - 1
    if not rows:
        put(ws, 2, 1, _("Nothing here yet."), font=font(italic=True, color=GREY))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 1)}"
    ws.print_title_rows = "1:1"
    _print_setup(ws, document)
    return ws


def _answers_sheet(book: Workbook, document: Document, look: Look) -> None:
    staged = document.method == "staged"
    columns = [Column(_("Key"), 28), Column(_("Area"), 22, wrap=True),
               *([Column(_("Level"), 7, WHOLE)] if staged else []),
               Column(_("Question"), 50, wrap=True), Column(_("Answer"), 14, wrap=True),
               Column(_("Value"), 8, SCORE), Column(_("Not applicable"), 12, align="center"),
               Column(_("Agreed"), 11, align="center"), Column(_("Spread"), 10, SCORE),
               Column(_("Disagreement"), 13, align="center"), Column(_("Respondents"), 12, WHOLE),
               Column(_("Distribution"), 18, wrap=True), Column(_("Confidence"), 16, wrap=True),
               Column(_("Comments"), 45, wrap=True),
               Column(_("Rationale"), 30, wrap=True)]  # fmt: skip
    rows = [[q.key, q.area, *([q.level] if staged else []), q.text, q.answer, q.value,
             _yes(q.not_applicable), _yes(q.agreed), q.spread, _yes(q.disagreement),
             q.respondents, _counts(q.distribution), _counts(q.confidence), _comments(q),
             q.rationale] for q in document.questions]  # fmt: skip
    _list_sheet(book, _("Answers"), columns, rows, document, look)


def _counts(counts: Iterable[Count]) -> str:
    return " · ".join(f"{c.label}: {c.count}" for c in counts)


def _comments(q: Question) -> str:
    lines = [
        f"{c.author}: {' '.join(p for p in (c.text, c.evidence_url) if p)}" for c in q.comments
    ]
    if q.comment_count > len(q.comments):
        lines.append(_("(%(n)s more)") % {"n": q.comment_count - len(q.comments)})
    return "\n".join(lines)


def _targets_sheet(book: Workbook, document: Document, look: Look) -> None:
    """Continuous: each subdimension's target, gap and next level. Staged: the roadmap."""
    if document.method == "staged":
        columns, rows = _roadmap(document)
    else:
        columns = [Column(_("Dimension"), 16), Column(_("Subdimension"), 28, wrap=True),
                   Column(_("Score"), 9, SCORE), Column(_("Target"), 9, SCORE),
                   Column(_("Gap"), 9, SCORE), Column(_("Next level"), 16),
                   Column(_("At the next level"), 60, wrap=True)]  # fmt: skip
        rows = [[s.dimension, s.name, s.score, s.target, s.gap, s.next_level, s.next]
                for s in document.subdimensions]  # fmt: skip
    _list_sheet(book, _("Targets and gaps"), columns, rows, document, look)


def _roadmap(document: Document) -> tuple[list[Column], list[list[object]]]:
    staged = document.method == "staged"
    columns = [Column("#", 5, WHOLE), Column(_("Area"), 22, wrap=True),
               Column(_("Recommendation"), 55, wrap=True), Column(_("Guidance"), 55, wrap=True),
               Column(_("Next level"), 16),
               Column(_("Missing") if staged else _("Gap"), 10,
                      PERCENT if staged else SCORE)]  # fmt: skip
    return columns, [[number, step.area, step.text, step.guidance,
                      level_label(step.next_level, step.next_level_name), step.gap]
                     for number, step in enumerate(document.roadmap, start=1)]  # fmt: skip


def _responses_sheet(book: Workbook, document: Document, look: Look) -> None:
    columns = [Column(_("Question key"), 28), Column(_("Person"), 22), Column(_("Role"), 12),
               Column(_("Answer"), 9), Column(_("Answer label"), 18, wrap=True),
               Column(_("Comment"), 50, wrap=True), Column(_("Evidence link"), 36),
               Column(_("Confidence"), 14)]  # fmt: skip
    rows = [[r.question, r.person, r.role, r.answer, r.answer_label, r.comment, r.evidence_url,
             r.confidence] for r in document.responses]  # fmt: skip
    ws = _list_sheet(book, _("Responses"), columns, rows, document, look)
    for row, response in enumerate(document.responses, start=2):
        if re.match(r"https?://", response.evidence_url):
            ws.cell(row=row, column=7).hyperlink = response.evidence_url
            ws.cell(row=row, column=7).font = font(color=LINK, underline="single")


def _properties(book: Workbook, document: Document) -> None:
    properties = book.properties
    properties.title, properties.subject = clean(document.title), clean(document.framework)
    properties.creator = properties.lastModifiedBy = CREATOR
    properties.description, properties.language = clean(document.summary), document.language
    properties.created = datetime.combine(document.date, time())

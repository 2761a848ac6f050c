"""The report as an Excel workbook: a native radar over the result's own scores, a sheet
per question, target, step and response, numbers as numbers, text never run as a formula."""

import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image

from assessments.models import Assessment, Organization
from assessments.selectors import assessment_result
from reports.documents import report_context
from reports.documents.build import build_document
from reports.documents.model import Brand, Comment, Document
from reports.outputs.xlsx import render_xlsx
from tests.assessments.test_languages import compile_catalogue
from tests.reports.test_pdf import (
    GARTNER_SUBDIMENSIONS,
    answer,
    new_assessment,
    owner_respondent,
    ptc_values,
    submitted_by_three,
)

pytestmark = pytest.mark.django_db

CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
GERMAN = {
    "Scores": "Bewertungen (Test)",
    "Subdimension": "Teildimension (Test)",
    "Answers": "Antworten (Test)",
}


def exactly(values: Any) -> Any:
    """openpyxl writes 16 significant digits (Excel keeps 15), so a stored 2.3333333333333335
    reads back as 2.333333333333333: equal to the last digit Excel has."""
    return pytest.approx(values, rel=1e-15, abs=0)


def document_of(assessment: Assessment, brand: Brand | None = None) -> Document:
    with translation.override(assessment.language):
        return build_document(report_context(assessment), brand=brand)


def workbook(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def texts(ws: Worksheet) -> list[str]:
    return [str(cell.value) for row in ws.iter_rows() for cell in row if cell.value is not None]


def row_of(ws: Worksheet, column: int, value: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, column).value == value)


def radar_series(content: bytes) -> list[tuple[list[Any], list[Any], str]]:
    """Each series of the workbook's chart: its categories, values (read from the cells it
    references) and name."""
    book = workbook(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        root = ElementTree.fromstring(archive.read("xl/charts/chart1.xml"))
    radar = root.find(f".//{CHART}radarChart")
    assert radar is not None

    def cells(ref: str) -> list[Any]:
        sheet, _, area = ref.rpartition("!")
        found = book[sheet.strip("'")][area.replace("$", "")]
        return (
            [c.value for row in found for c in row] if isinstance(found, tuple) else [found.value]
        )

    series = []
    for ser in radar.iter(f"{CHART}ser"):
        name, categories, values = (
            ser.find(f"{CHART}{part}//{CHART}f") for part in ("tx", "cat", "val")
        )
        assert name is not None and categories is not None and values is not None
        series.append(
            (cells(categories.text or ""), cells(values.text or ""), cells(name.text or "")[0])
        )
    return series


@pytest.fixture
def gartner(people: dict[str, User | None], acme: Organization, frameworks: None) -> Assessment:
    """Three respondents, complete, submitted, a target of 4 (`test_pdf.submitted_by_three`)."""
    assert people["manager"] is not None
    return submitted_by_three(people["manager"], acme)


@pytest.fixture
def ptc(people: dict[str, User | None], acme: Organization, frameworks: None) -> Assessment:
    """Levels 1 and 2 in place, level 3 partly, nothing above: provisional."""
    assert people["manager"] is not None
    assessment = new_assessment(people["manager"], acme, "ptc-cpmm", targets={"overall": 4})
    level_three = {"l3-remote-monitoring": "yes", "l3-remote-access": "partly"}
    answer(owner_respondent(assessment), ptc_values(level_three))
    return assessment


# --- the scores sheet ----------------------------------------------------------------------


def test_the_radar_is_a_native_chart_over_the_subdimension_scores(gartner: Assessment) -> None:
    result = assessment_result(gartner)
    subs = [sub for dim in result.dimensions for sub in dim.subdimensions]
    (current, target) = radar_series(render_xlsx(document_of(gartner)))
    assert current[0] == target[0] == list(GARTNER_SUBDIMENSIONS)
    assert (current[1], current[2]) == (exactly([s.score for s in subs]), "Current")
    assert current[1][1] == exactly(7 / 3)  # business alignment: 3, 3 and 1
    assert (target[1], target[2]) == ([4.0] * 9, "Target")


def test_the_staged_radar_shows_each_levels_fulfilment(ptc: Assessment) -> None:
    result = assessment_result(ptc)
    series = radar_series(render_xlsx(document_of(ptc)))
    categories, values, name = series[0]
    assert name == "Current"
    assert values == exactly([level.fulfilment for level in result.levels])
    assert values[:2] == [1.0, exactly(0.3)]  # level 3: a yes and a partly of five
    assert categories == [f"{level.number} {level.name}" for level in result.levels]
    assert [s[2] for s in series] == ["Current", "Target", "Threshold"]
    assert series[2][1] == [0.8] * len(result.levels)


def test_scores_sheet_names_the_organisation_and_every_subdimension_with_real_numbers(
    gartner: Assessment,
) -> None:
    ws = workbook(render_xlsx(document_of(gartner)))["Scores"]
    assert ws["A1"].value == gartner.title
    assert ws["A2"].value == "Acme Devices"
    shown = texts(ws)
    assert all(name in shown for name in GARTNER_SUBDIMENSIONS)
    result = assessment_result(gartner)
    culture = next(s for d in result.dimensions for s in d.subdimensions if s.key == "culture")
    row = row_of(ws, 2, "Culture")
    assert ws.cell(row, 3).value == exactly(culture.score)
    assert ws.cell(row, 3).number_format == "0.00"
    assert (ws.cell(row, 4).value, ws.cell(row, 5).value) == (culture.level, culture.level_name)
    assert ws.cell(row, 7).value == exactly(culture.gap)
    overall = row_of(ws, 1, "Overall")
    assert ws.cell(overall, 3).value == exactly(result.overall.score)
    assert ws.cell(overall, 1).font.bold and not ws.cell(row, 2).font.bold
    assert ws.cell(row_of(ws, 1, "Business"), 1).font.bold


def test_staged_scores_list_each_level_with_its_fulfilment_in_percent(ptc: Assessment) -> None:
    ws = workbook(render_xlsx(document_of(ptc)))["Scores"]
    row = row_of(ws, 2, "Serviceable")
    assert ws.cell(row, 1).value == 3
    assert ws.cell(row, 3).value == exactly(0.3)
    assert ws.cell(row, 3).number_format == "0%"
    assert (ws.cell(row, 4).value, ws.cell(row, 5).value) == ("No", "No")
    assert (ws.cell(row - 1, 4).value, ws.cell(row - 1, 5).value) == ("Yes", "Yes")
    score = row_of(ws, 1, "Overall score")
    assert ws.cell(score, 2).value == exactly(assessment_result(ptc).overall.score)
    assert any(text.startswith("Provisional: ") for text in texts(ws))


def test_the_brand_gives_the_logo_the_colour_and_the_footer(gartner: Assessment) -> None:
    logo = io.BytesIO()
    Image.new("RGB", (300, 100), "#ffcc00").save(logo, "PNG")
    brand = Brand(
        colour="#ffcc00",
        footer="Smith & Co – confidential",
        logo=logo.getvalue(),
        logo_size=(300, 100),
    )
    content = render_xlsx(document_of(gartner, brand))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "xl/media/image1.png" in archive.namelist()
        assert b"image1.png" in archive.read("xl/drawings/_rels/drawing1.xml.rels")
    book = workbook(content)
    ws = book["Scores"]
    title = ws["A2"]  # the logo takes the first row
    assert title.value == gartner.title
    assert title.fill.fgColor.rgb == "00FFCC00"
    assert title.font.color.rgb == "001A1A1A"  # dark text on a light colour
    assert "Smith & Co – confidential" in texts(ws)
    for sheet in book.worksheets:
        assert sheet.oddFooter.center.text == "Smith && Co – confidential"


# --- the other sheets ----------------------------------------------------------------------


def test_the_sheets_of_each_method(gartner: Assessment, ptc: Assessment) -> None:
    assert workbook(render_xlsx(document_of(gartner))).sheetnames == [
        "Scores",
        "Answers",
        "Targets and gaps",
        "Roadmap",
        "Responses",
    ]
    # Staged: the roadmap is the targets sheet.
    assert workbook(render_xlsx(document_of(ptc))).sheetnames == [
        "Scores",
        "Answers",
        "Targets and gaps",
        "Responses",
    ]


def test_answers_sheet_has_a_row_per_question_with_its_spread_and_comments(
    gartner: Assessment,
) -> None:
    ws = workbook(render_xlsx(document_of(gartner)))["Answers"]
    assert ws.max_row == 1 + 9
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}10"
    headers = [cell.value for cell in ws[1]]
    column = {header: index + 1 for index, header in enumerate(headers)}
    row = row_of(ws, 1, "business-alignment")  # 3, 3 and 1
    question = next(
        q for q in assessment_result(gartner).questions if q.key == "business-alignment"
    )
    assert ws.cell(row, column["Value"]).value == exactly(question.value)
    assert ws.cell(row, column["Spread"]).value == exactly(question.spread)
    assert ws.cell(row, column["Distribution"]).value == "1: 1 · 3: 2"
    assert ws.cell(row, column["Respondents"]).value == 3
    assert ws.cell(row, column["Question"]).alignment.wrap_text


def test_staged_answers_give_each_statements_level(ptc: Assessment) -> None:
    ws = workbook(render_xlsx(document_of(ptc)))["Answers"]
    assert ws.max_row == 1 + 30
    assert [cell.value for cell in ws[1]][:4] == ["Key", "Area", "Level", "Question"]
    assert ws.cell(row_of(ws, 1, "l3-remote-access"), 3).value == 3
    assert ws.cell(row_of(ws, 1, "l3-remote-access"), 5).value == "Partly"


def test_comments_beyond_those_shown_are_counted(gartner: Assessment) -> None:
    document = document_of(gartner)
    question = document.questions[0]
    shown = (Comment(author="Ana", text="Fine", evidence_url="https://x.test/a"),)
    busy = question.model_copy(update={"comments": shown, "comment_count": 8})
    document = document.model_copy(update={"questions": (busy, *document.questions[1:])})
    ws = workbook(render_xlsx(document))["Answers"]
    headers = [cell.value for cell in ws[1]]
    assert ws.cell(2, headers.index("Comments") + 1).value == "Ana: Fine https://x.test/a\n(7 more)"


def test_targets_and_roadmap_sheets_give_gaps_and_steps(gartner: Assessment) -> None:
    book = workbook(render_xlsx(document_of(gartner)))
    result = assessment_result(gartner)
    targets = book["Targets and gaps"]
    gaps = {targets.cell(r, 2).value: targets.cell(r, 5).value for r in range(2, 11)}
    assert gaps == exactly({s.name: s.gap for d in result.dimensions for s in d.subdimensions})
    roadmap = book["Roadmap"]
    assert roadmap.max_row - 1 == len(result.recommendations) > 0
    first = result.recommendations[0]
    assert [roadmap.cell(2, c).value for c in (1, 3)] == [1, first.text]
    assert roadmap.cell(2, 6).value == exactly(first.gap)


def test_responses_sheet_has_a_row_per_answer(gartner: Assessment) -> None:
    ws = workbook(render_xlsx(document_of(gartner)))["Responses"]
    assert ws.max_row == 1 + 27
    answers = [(ws.cell(r, 1).value, ws.cell(r, 4).value) for r in range(2, 29)]
    assert [value for key, value in answers if key == "business-alignment"] == ["3", "3", "1"]


# --- safety, language, properties -----------------------------------------------------------


def test_text_that_looks_like_a_formula_stays_text(gartner: Assessment) -> None:
    document = document_of(gartner)
    evil = ('=HYPERLINK("http://x.test","click")', "+1+1", "-2+3", "@SUM(A1)")
    responses = tuple(
        r.model_copy(update={"comment": evil[i % 4]}) for i, r in enumerate(document.responses)
    )
    document = document.model_copy(update={"title": "=1+1\x07", "responses": responses})
    content = render_xlsx(document)
    book = workbook(content)
    scores, ws = book["Scores"], book["Responses"]
    assert scores["A1"].value == "=1+1"  # and the bell character dropped
    assert scores["A1"].data_type == "s" and scores["A1"].quotePrefix
    for row in range(2, 6):
        cell = ws.cell(row, 6)
        assert cell.value == evil[row - 2]
        assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(re.search(rb"<f>|<f ", archive.read(name)) for name in sheets)


def test_headings_are_in_the_assessments_language(
    gartner: Assessment, tmp_path: Path, settings: Any
) -> None:
    compile_catalogue(tmp_path / "locale", GERMAN)
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    Assessment.objects.filter(pk=gartner.pk).update(language="de")
    gartner.refresh_from_db()
    book = workbook(render_xlsx(document_of(gartner)))
    assert book.sheetnames[:2] == ["Bewertungen (Test)", "Antworten (Test)"]
    assert "Teildimension (Test)" in texts(book["Bewertungen (Test)"])
    date = book["Bewertungen (Test)"]["B4"]  # under the title and the organisation
    assert date.value.date() == document_of(gartner).date
    assert date.number_format == "dd.mm.yyyy"


def test_the_workbook_says_what_it_is(gartner: Assessment) -> None:
    book = workbook(render_xlsx(document_of(gartner)))
    assert book.properties.title == gartner.title
    assert book.properties.creator == "IoT maturity"
    assert book.properties.language == "en"


def test_an_assessment_with_no_answers_yet_renders_empty_cells_not_zeros(
    gartner_assessment: Assessment,
) -> None:
    document = document_of(gartner_assessment)
    book = workbook(render_xlsx(document.model_copy(update={"brand": Brand(colour="red")})))
    scores = book["Scores"]
    assert "Not placed yet" in texts(scores)
    assert scores["A1"].fill.fgColor.rgb == "00" + Brand().colour[1:].upper()  # ours
    culture = row_of(scores, 2, "Culture")
    assert scores.cell(culture, 3).value is None
    assert book["Responses"]["A2"].value == "Nothing here yet."
    (current, _target) = radar_series(render_xlsx(document))
    assert current[1] == [None] * 9

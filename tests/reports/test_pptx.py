"""The report as a slide deck: native charts of the result's own values, every name on a
slide as text, headings in the assessment's language, the brand on every slide, long
content carried over to further slides.

Gartner is answered as `WORKED` (3, 3, 2 in each dimension: every dimension 8/3, level 2);
PTC has levels 1 and 2 in place and of level 3 one statement yes and one partly."""

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import formats, translation
from PIL import Image
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Inches

from assessments.models import Assessment
from assessments.selectors import assessment_result
from reports.documents import report_context
from reports.documents.build import build_document
from reports.documents.model import Brand, Document, Question, Step
from reports.outputs.pptx import render_pptx
from tests.assessments.test_languages import compile_catalogue
from tests.reports.test_pdf import (
    GARTNER_SUBDIMENSIONS,
    PTC_AREAS,
    WORKED,
    answer,
    new_assessment,
    owner_respondent,
    ptc_values,
)

pytestmark = pytest.mark.django_db

RADARS = (XL_CHART_TYPE.RADAR, XL_CHART_TYPE.RADAR_MARKERS, XL_CHART_TYPE.RADAR_FILLED)
PTC_LEVELS = (
    "1 Unconnected",
    "2 Connected",
    "3 Serviceable",
    "4 Intelligent",
    "5 Optimized",
    "6 Differentiated",
)
GERMAN = {
    "Executive summary": "Management-Zusammenfassung (Test)",
    "Findings by dimension": "Befunde nach Dimension (Test)",
    "Prioritised recommendations": "Priorisierte Empfehlungen (Test)",
}


@pytest.fixture
def gartner(gartner_assessment: Assessment) -> Assessment:
    answer(owner_respondent(gartner_assessment), WORKED)
    return gartner_assessment


@pytest.fixture
def ptc(people: dict[str, Any], acme: Any, frameworks: None) -> Assessment:
    assessment = new_assessment(people["manager"], acme, "ptc-cpmm", targets={"overall": 4})
    level_three = {"l3-remote-monitoring": "yes", "l3-remote-access": "partly"}
    answer(owner_respondent(assessment), ptc_values(level_three))
    return assessment


def document_of(assessment: Assessment, brand: Brand | None = None) -> Document:
    with translation.override(assessment.language):
        return build_document(report_context(assessment), brand=brand)


def deck(document: Document) -> Deck:
    return Presentation(io.BytesIO(render_pptx(document)))


def texts(slide: Slide) -> list[str]:
    """Every text a slide shows: its own and its layout's shapes, and its tables' cells."""
    found = []
    for shape in (*slide.slide_layout.shapes, *slide.shapes):
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found.extend(cell.text for cell in shape.table.iter_cells())
    return found


def whole(presentation: Deck) -> str:
    return "\n".join(text for slide in presentation.slides for text in texts(slide))


def title(slide: Slide) -> str:
    assert slide.shapes.title is not None
    return slide.shapes.title.text_frame.text


def charts(presentation: Deck) -> list[Chart]:
    return [
        shape.chart for slide in presentation.slides for shape in slide.shapes if shape.has_chart
    ]


def radar(presentation: Deck) -> Chart:
    (found,) = [chart for chart in charts(presentation) if chart.chart_type in RADARS]
    return found


# --- the charts ---------------------------------------------------------------------------


def test_the_radar_is_a_native_chart_of_each_subdimensions_score(gartner: Assessment) -> None:
    chart = radar(deck(document_of(gartner)))
    result = assessment_result(gartner)
    scores = [sub.score for dim in result.dimensions for sub in dim.subdimensions]
    plot = chart.plots[0]
    assert tuple(plot.categories) == GARTNER_SUBDIMENSIONS
    assert list(plot.series[0].values) == pytest.approx(scores, abs=1e-9)
    assert list(plot.series[0].values) == pytest.approx([3, 3, 2] * 3, abs=1e-9)
    assert plot.series[0].name == "Current"
    assert list(plot.series[1].values) == pytest.approx([4] * 9)  # the target
    axis = chart.value_axis
    assert (axis.minimum_scale, axis.maximum_scale) == (0, 5)
    assert axis.tick_labels.number_format == "0.0"


def test_a_staged_radar_shows_how_much_of_each_level_is_in_place(ptc: Assessment) -> None:
    chart = radar(deck(document_of(ptc)))
    result = assessment_result(ptc)
    plot = chart.plots[0]
    assert tuple(plot.categories) == PTC_LEVELS[1:]
    assert list(plot.series[0].values) == pytest.approx(
        [level.fulfilment for level in result.levels], abs=1e-9
    )
    # Level 2 in place; of level 3's five statements, one yes and one partly: 1.5 / 5.
    assert list(plot.series[0].values) == pytest.approx([1, 0.3, 0, 0, 0], abs=1e-9)
    axis = chart.value_axis
    assert (axis.minimum_scale, axis.maximum_scale) == (0, 1)
    assert axis.tick_labels.number_format == "0%"


def test_the_bars_are_a_native_clustered_bar_chart_of_the_dimensions(
    gartner: Assessment,
) -> None:
    (bars,) = [
        c for c in charts(deck(document_of(gartner))) if c.chart_type.name == "BAR_CLUSTERED"
    ]
    plot = bars.plots[0]
    assert tuple(plot.categories) == ("Business", "Organization", "Technology")
    assert list(plot.series[0].values) == pytest.approx([8 / 3] * 3, abs=1e-9)
    assert list(plot.series[1].values) == pytest.approx([4] * 3)


def test_each_dimension_has_a_chart_of_its_subdimensions(gartner: Assessment) -> None:
    columns = [
        c for c in charts(deck(document_of(gartner))) if c.chart_type.name == "COLUMN_CLUSTERED"
    ]
    assert len(columns) == 3
    names = [
        name.replace("-\n", "").replace("\n", " ")
        for c in columns
        for name in c.plots[0].categories
    ]
    assert tuple(names) == GARTNER_SUBDIMENSIONS
    values = [value for chart in columns for value in chart.plots[0].series[0].values]
    assert values == pytest.approx([3, 3, 2] * 3, abs=1e-9)


# --- what the slides say ------------------------------------------------------------------


def test_the_deck_names_the_organisation_and_every_subdimension(gartner: Assessment) -> None:
    presentation = deck(document_of(gartner))
    text = whole(presentation)
    assert "Acme Devices" in text
    for name in GARTNER_SUBDIMENSIONS:
        assert name in text, name
    titles = [title(slide) for slide in presentation.slides]
    assert titles[:3] == ["Baseline", "Executive summary", "Dimensions"]
    assert titles[3:6] == ["Business", "Organization", "Technology"]
    assert titles[6:] and all(t.startswith("Prioritised recommendations") for t in titles[6:])
    assert "Level 2 – Exploratory" in "\n".join(texts(presentation.slides[1]))


def test_a_staged_deck_has_a_slide_per_level_with_its_statements(ptc: Assessment) -> None:
    document = document_of(ptc)
    presentation = deck(document)
    text = whole(presentation)
    assert "Acme Devices" in text
    for name in PTC_AREAS:
        assert name in text, name
    by_title = {title(slide): slide for slide in presentation.slides}
    for label in PTC_LEVELS:
        number, name = label.split(" ", 1)
        assert f"Level {number} – {name}" in by_title, label
    level_three = "\n".join(texts(by_title["Level 3 – Serviceable"]))
    assert "30 % in place" in level_three
    for question in document.questions:
        if question.level == 3:
            assert question.text in level_three
    assert "Partly" in level_three and "Not answered" in level_three


def test_a_provisional_deck_says_how_much_is_answered(ptc: Assessment) -> None:
    # Levels 1 and 2 (ten statements) and two of level 3's five: 12 of 30.
    presentation = deck(document_of(ptc))
    assert "Provisional: 40 % answered" in "\n".join(texts(presentation.slides[0]))


def test_the_cover_gives_the_framework_and_the_date(gartner: Assessment) -> None:
    document = document_of(gartner)
    cover = "\n".join(texts(deck(document).slides[0]))
    assert "Gartner Maturity Model for IoT, version 1" in cover
    assert formats.date_format(document.date, "DATE_FORMAT") in cover
    assert "Provisional" not in cover


def test_a_german_assessment_gets_german_headings_and_dates(
    gartner: Assessment, tmp_path: Path, settings: Any
) -> None:
    compile_catalogue(tmp_path / "locale", GERMAN)
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    Assessment.objects.filter(pk=gartner.pk).update(language="de")
    gartner.refresh_from_db()
    document = document_of(gartner)
    presentation = deck(document)
    titles = [title(slide) for slide in presentation.slides]
    assert titles[1] == "Management-Zusammenfassung (Test)"
    assert titles[-1].startswith("Priorisierte Empfehlungen (Test)")
    text = whole(presentation)
    assert "Befunde nach Dimension (Test)" in text
    assert "Executive summary" not in text
    with translation.override("de"):
        assert formats.date_format(document.date, "DATE_FORMAT") in text
    assert "2,67" in text  # each dimension's score, in German


# --- the brand ----------------------------------------------------------------------------


@pytest.fixture
def logo() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (300, 100), "#c8102e").save(image, "PNG")
    return image.getvalue()


def pictures(slide: Slide) -> Iterator[bytes]:
    for shape in (*slide.slide_layout.shapes, *slide.shapes):
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
            yield shape.image.blob


def test_a_branded_deck_shows_the_footer_and_the_logo_on_every_slide(
    ptc: Assessment, logo: bytes
) -> None:
    brand = Brand(
        name="Acme Devices",
        colour="#c8102e",
        footer="Prepared by Northwind",
        logo=logo,
        logo_size=(300, 100),
    )
    presentation = deck(document_of(ptc, brand))
    for number, slide in enumerate(presentation.slides, start=1):
        assert "Prepared by Northwind" in texts(slide), number
        assert logo in list(pictures(slide)), number
    # The brand colour fills the content slides' top band and their tables' headers.
    band = next(s for s in presentation.slides[1].slide_layout.shapes if s.top == 0)
    assert str(band.fill.fore_color.rgb) == "C8102E"


def test_an_unbranded_deck_has_no_pictures_and_a_footer_of_its_own(gartner: Assessment) -> None:
    presentation = deck(document_of(gartner))
    for slide in presentation.slides:
        assert not list(pictures(slide))  # every text is text, every chart a chart
        assert "Acme Devices · Baseline" in texts(slide)


def test_the_deck_is_16_by_9_in_one_font(gartner: Assessment) -> None:
    presentation = deck(document_of(gartner))
    assert (presentation.slide_width, presentation.slide_height) == (Inches(13.333), Inches(7.5))
    fonts = set()
    for slide in presentation.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                frames += [cell.text_frame for cell in shape.table.iter_cells()]
            for frame in frames:
                fonts |= {run.font.name for p in frame.paragraphs for run in p.runs}
    assert fonts == {"DejaVu Sans"}


# --- long content -------------------------------------------------------------------------


def test_a_level_with_many_statements_continues_on_another_slide(ptc: Assessment) -> None:
    document = document_of(ptc)
    extra = tuple(
        Question(
            **{
                **document.questions[10].model_dump(),
                "key": f"extra-{n}",
                "text": f"Extra statement number {n} of level three.",
            }
        )
        for n in range(8)
    )
    presentation = deck(document.model_copy(update={"questions": document.questions + extra}))
    titles = [title(slide) for slide in presentation.slides]
    assert "Level 3 – Serviceable" in titles
    assert "Level 3 – Serviceable (continued)" in titles
    text = whole(presentation)
    for question in extra:
        assert question.text in text


def test_a_long_roadmap_continues_and_long_texts_end_in_an_ellipsis(gartner: Assessment) -> None:
    document = document_of(gartner)
    long = "Set up a steering group " * 30
    steps = tuple(
        Step(
            area=f"Area {n}",
            text=long if n == 1 else f"Step {n}",
            guidance="",
            next_level=3,
            next_level_name="Defined",
            gap=1.0,
        )
        for n in range(1, 31)
    )
    presentation = deck(document.model_copy(update={"roadmap": steps}))
    roadmap = [s for s in presentation.slides if title(s).startswith("Prioritised")]
    assert len(roadmap) > 2
    assert title(roadmap[1]) == "Prioritised recommendations (continued)"
    cells = [text for slide in roadmap for text in texts(slide)]
    for n in range(1, 31):
        assert f"Area {n}" in cells and str(n) in cells  # names whole, numbered on
    clipped = next(text for text in cells if text.startswith("Set up a steering group"))
    assert clipped.endswith("…") and len(clipped) <= 320


def test_a_roadmap_with_nothing_left_to_do_says_so(gartner: Assessment) -> None:
    document = document_of(gartner).model_copy(update={"roadmap": ()})
    last = deck(document).slides[-1]
    assert title(last) == "Prioritised recommendations"
    assert "Every subdimension is at or above its target." in texts(last)


def test_a_crowd_is_named_in_part_and_counted_on_the_cover(gartner: Assessment) -> None:
    crowd = tuple(f"Person {n:03d}" for n in range(300))
    document = document_of(gartner).model_copy(update={"participants": crowd})
    cover = " ".join(texts(deck(document).slides[0]))
    assert "Person 003" in cover and "Person 004" not in cover
    assert "and 296 more participants" in cover

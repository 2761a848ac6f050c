"""The assessment report as a PDF: what its text says, how it is paged, what it loads.

Gartner has 9 subdimensions of one rubric question each, every weight 1; PTC has 6 levels
of 5 statements each and a threshold of 0.8. The PNGs of the first pages are kept in
tests/output/ (git-ignored) for a person to look at.

A report takes most of a second to render, so the reports that several tests read are
rendered once for the module (`gartner_report`, `case_reports`) from rows that are rolled
back as soon as they are rendered.
"""

import contextlib
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings
from PIL import Image
from pypdf import PdfReader

from assessments.models import Answer, Assessment, Membership, Organization, Respondent
from assessments.selectors import previous_assessment
from assessments.services import (
    add_member,
    create_assessment,
    ensure_user,
    save_answers,
    submit_assessment,
)
from maturity.models import Framework, Question
from maturity.schema import parse_definition
from maturity.selectors import forget_parsed_definitions
from maturity.services import import_framework, load_frameworks
from reports import pdf
from reports.documents import report_filename
from tests.conftest import shipped_document

pytestmark = pytest.mark.django_db

OUTPUT = Path(__file__).resolve().parent.parent / "output"
GARTNER_KEYS = (
    "economic-model",
    "business-alignment",
    "ecosystem",
    "business-processes",
    "culture",
    "data-governance",
    "architecture",
    "technology-alignment",
    "technology-infrastructure",
)
GARTNER_SUBDIMENSIONS = (
    "Economic Model",
    "Business Alignment",
    "Ecosystem",
    "Business Processes",
    "Culture",
    "Data and Information Governance",
    "Architecture",
    "Technology Alignment",
    "Technology Infrastructure",
)
PTC_AREAS = (
    "Strategy and planning",
    "Connectivity",
    "Remote service",
    "Reporting and analytics",
    "Enterprise integration",
    "Customer-facing applications",
)
# Each dimension (3 + 3 + 2) / 3 = 8/3, so the whole is 8/3 = 2.67: level 2, Exploratory.
WORKED = dict(zip(GARTNER_KEYS, "332332332", strict=True))


# --- building assessments with the services --------------------------------------------


def new_assessment(
    owner: User, organization: Organization, slug: str, **options: Any
) -> Assessment:
    framework = Framework.objects.filter(slug=slug, status="published").latest("version")
    options.setdefault("title", f"{slug} check")
    return create_assessment(by=owner, organization=organization, framework=framework, **options)


def answer(respondent: Respondent, values: dict[str, str], **fields: str) -> None:
    answers = {key: {"value": value, **fields} for key, value in values.items()}
    save_answers(respondent=respondent, answers=answers)


def owner_respondent(assessment: Assessment) -> Respondent:
    return Respondent.objects.get(assessment=assessment, user=assessment.owner)


def add_respondent(assessment: Assessment, name: str, role: str) -> Respondent:
    user = ensure_user(username=name, password=f"pw-{name}")
    return Respondent.objects.create(assessment=assessment, user=user, role=role)


def ptc_values(level_three: dict[str, str]) -> dict[str, str]:
    """Levels 1 and 2 in place, level 3 as given, nothing above."""
    lower = Question.objects.filter(
        subdimension__dimension__framework__slug="ptc-cpmm", level__in=(1, 2)
    ).values_list("key", flat=True)
    return {**dict.fromkeys(lower, "yes"), **level_three}


def ptc_complete(level_three: dict[str, str]) -> dict[str, str]:
    """Every statement answered: as `ptc_values`, and no to everything above level 3."""
    keys = Question.objects.filter(subdimension__dimension__framework__slug="ptc-cpmm")
    return {**dict.fromkeys(keys.values_list("key", flat=True), "no"), **ptc_values(level_three)}


# --- reading a PDF ---------------------------------------------------------------------


def pages(content: bytes) -> list[str]:
    """Each page's text; no-break spaces (which keep an answer and its count on one line)
    as spaces."""
    reader = PdfReader(io.BytesIO(content))
    return [page.extract_text().replace("\xa0", " ") for page in reader.pages]


def report_pages(assessment: Assessment, **options: Any) -> list[str]:
    return pages(pdf.report_pdf(assessment, **options))


def body(page: str) -> str:
    """A page's text without its running header and footer lines."""
    running = ("Page ", "Provisional:", "Acme Devices · ", "Gartner Maturity", "Connected Product")
    return "\n".join(line for line in page.splitlines() if not line.startswith(running))


# --- reports shared by the module's tests ----------------------------------------------


@contextlib.contextmanager
def throwaway_rows() -> Iterator[tuple[User, Organization]]:
    """The shipped frameworks and Acme Devices with its manager max (as the `people` and
    `acme` fixtures make them), for a report shared by the module's tests: rolled back
    once the report is rendered, so that every test still starts from an empty database."""
    md5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with transaction.atomic(), override_settings(PASSWORD_HASHERS=md5):
        # Ids repeat after a rollback: nothing another test cached may be read as ours.
        for cache in caches.all():
            cache.clear()
        forget_parsed_definitions()
        load_frameworks()
        acme = Organization.objects.create(name="Acme Devices", key="acme-devices")
        manager = ensure_user(username="max", password="pw-manager")
        add_member(user=manager, organization=acme, role=Membership.Role.MANAGER)
        yield manager, acme
        transaction.set_rollback(True)


def submitted_by_three(manager: User, acme: Organization) -> Assessment:
    """Three respondents, complete, submitted: business 3s and 2s, IT the same but a 2 for
    culture, OT a 1 for business alignment."""
    assessment = new_assessment(manager, acme, "gartner-iot", targets={"overall": 4},
                                respondent_role="business")  # fmt: skip
    answer(owner_respondent(assessment), WORKED)
    answer(add_respondent(assessment, "ivy", "it"), {**WORKED, "culture": "2"})
    answer(add_respondent(assessment, "otto", "ot"), {**WORKED, "business-alignment": "1"})
    return submit_assessment(assessment=assessment, by=manager)


@pytest.fixture
def gartner_submitted(people: dict, acme: Organization, frameworks: None) -> Assessment:
    return submitted_by_three(people["manager"], acme)


@pytest.fixture(scope="module")
def gartner_report(django_db_setup: None, django_db_blocker: Any) -> bytes:
    """The A4 report of `gartner_submitted`."""
    with django_db_blocker.unblock(), throwaway_rows() as (manager, acme):
        return pdf.report_pdf(submitted_by_three(manager, acme))


@pytest.fixture(scope="module")
def gartner_pages(gartner_report: bytes) -> list[str]:
    return pages(gartner_report)


CASES = {
    # framework, complete, submitted, respondents; each with a target of 4 overall
    "gartner submitted, several": ("gartner-iot", True, True, 3),
    "gartner provisional, one": ("gartner-iot", False, False, 1),
    "ptc submitted, one": ("ptc-cpmm", True, True, 1),
    "ptc provisional, several": ("ptc-cpmm", False, False, 2),
}


def case_assessment(manager: User, acme: Organization, case: str) -> Assessment:
    slug, complete, submitted, count = CASES[case]
    assessment = new_assessment(
        manager, acme, slug, respondent_role="business", targets={"overall": 4}
    )
    if slug == "gartner-iot":
        values = WORKED if complete else {**WORKED, "culture": ""}
    else:
        level_three = {"l3-remote-monitoring": "yes", "l3-remote-access": "partly"}
        values = ptc_complete(level_three) if complete else ptc_values(level_three)
    answer(owner_respondent(assessment), values)
    for number in range(1, count):
        answer(add_respondent(assessment, f"person{number}", "it"), values)
    if submitted:
        submit_assessment(assessment=assessment, by=manager)
    return assessment


@pytest.fixture(scope="module")
def case_reports(django_db_setup: None, django_db_blocker: Any) -> dict[str, bytes]:
    """The A4 report of each case, each from a database of its own."""
    reports = {}
    with django_db_blocker.unblock():
        for case in CASES:
            with throwaway_rows() as (manager, acme):
                reports[case] = pdf.report_pdf(case_assessment(manager, acme, case))
    return reports


# --- content ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_report_names_the_organisation_the_level_and_every_subdimension(
    case: str, case_reports: dict[str, bytes]
) -> None:
    text = pages(case_reports[case])
    whole = "\n".join(text)
    slug, complete, _submitted, _count = CASES[case]
    assert "Acme Devices" in whole
    assert text[0].count("Page 1 of") == 1
    # Gartner: 8/3 = 2.67 complete; without culture (3): (8/3 + 5/2 + 8/3) / 3 = 2.61.
    # PTC: level 3 has (1 + 0.5) / 5 = 30 % in place, so level 2 Connected is the placement.
    level, names = (
        ("Level 2 – Exploratory", GARTNER_SUBDIMENSIONS)
        if slug == "gartner-iot"
        else ("Level 2 – Connected", PTC_AREAS)
    )
    assert level in whole
    for name in names:
        assert name in whole, name
    marked = ["Provisional: " in page for page in text]
    assert marked == [not complete] * len(text)


def test_provisional_mark_gives_the_share_answered_on_every_page(
    case_reports: dict[str, bytes],
) -> None:
    # 8 of the 9 questions answered (culture is not)
    text = pages(case_reports["gartner provisional, one"])
    assert all("Provisional: 89 % answered" in page for page in text)


def test_every_page_carries_its_number_of_the_total(gartner_pages: list[str]) -> None:
    for number, page in enumerate(gartner_pages, start=1):
        assert f"Page {number} of {len(gartner_pages)}" in page


def test_weasyprint_finds_nothing_to_warn_about(
    gartner_submitted: Assessment, caplog: pytest.LogCaptureFixture
) -> None:
    # The phone preview's media query once made a warning on every report (WeasyPrint reads
    # media types only), and fontTools, without HarfBuzz's subsetter, another.
    with caplog.at_level("WARNING", logger="weasyprint"):
        pdf.report_pdf(gartner_submitted)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_page_count_is_what_the_content_needs(
    gartner_pages: list[str], gartner_submitted: Assessment, people: dict, acme: Organization
) -> None:
    # `alone` is made beside `gartner_submitted`, whose report `gartner_pages` is.
    several = gartner_pages
    one = new_assessment(people["manager"], acme, "gartner-iot")
    answer(owner_respondent(one), WORKED)
    alone = report_pages(one)
    # Cover, summary, findings, why and roadmap, appendix; between the cover and the last
    # page none is left nearly empty by a forced break.
    assert 6 <= len(alone) <= len(several) <= 11
    for text in (several, alone):
        assert all(len(body(page)) > 400 for page in text[1:-1]), [len(body(p)) for p in text]


def test_the_executive_summary_fits_on_the_second_page(gartner_pages: list[str]) -> None:
    summary = gartner_pages[1]
    assert "Executive summary" in summary
    assert "What level 2 – Exploratory means" in summary
    assert "Top recommendations" in summary
    assert "Findings by dimension" not in summary


def test_letter_paper_is_an_option(gartner_report: bytes, gartner_submitted: Assessment) -> None:
    a4 = PdfReader(io.BytesIO(gartner_report)).pages[0].mediabox
    letter = PdfReader(io.BytesIO(pdf.report_pdf(gartner_submitted, paper="letter"))).pages[0]
    assert (round(a4.width), round(a4.height)) == (595, 842)
    assert (round(letter.mediabox.width), round(letter.mediabox.height)) == (612, 792)


def test_sections_show_descriptors_comments_evidence_and_disagreement(
    people: dict, acme: Organization, frameworks: None
) -> None:
    assessment = new_assessment(people["manager"], acme, "gartner-iot", respondent_role="business")
    answer(owner_respondent(assessment), WORKED)
    ivy = add_respondent(assessment, "ivy", "it")
    answer(ivy, {**WORKED, "culture": "1"})
    save_answers(respondent=ivy, answers={"architecture": {
        "value": "3", "comment": "One reference model for every product line.",
        "evidence_url": "https://wiki.example.com/arch", "confidence": "high",
    }})  # fmt: skip
    whole = "\n".join(report_pages(assessment))
    culture = Question.objects.get(key="culture").subdimension.descriptors
    # culture: 3 and 1, mean 2 (level 2), next level 3
    assert culture.get(level=2).text in whole
    assert culture.get(level=3).text in whole
    assert "One reference model for every product line." in whole
    assert "https://wiki.example.com/arch" in whole
    assert "Disagreement" in whole
    assert "1 × Level 1 · 1 × Level 3" in whole


def test_an_anonymous_assessment_shows_roles_but_never_names(
    people: dict, acme: Organization, frameworks: None
) -> None:
    assessment = new_assessment(people["manager"], acme, "gartner-iot", anonymous=True,
                                respondent_role="business")  # fmt: skip
    answer(owner_respondent(assessment), WORKED)
    answer(add_respondent(assessment, "ivy", "it"), WORKED, comment="Plants lag behind.")
    whole = "\n".join(report_pages(assessment))
    assert "2 respondents: Business 1, IT 1" in whole
    assert "Plants lag behind." in whole
    assert "ivy" not in whole and "max" not in whole


def test_names_are_shown_when_the_assessment_is_not_anonymous(gartner_pages: list[str]) -> None:
    cover = gartner_pages[0]
    assert "3 respondents: Business 1, IT 1, OT 1" in cover
    assert "max" in cover and "ivy" in cover and "otto" in cover


def test_workshop_participants_take_part_with_their_votes_and_comments(
    people: dict, acme: Organization, frameworks: None
) -> None:
    from assessments.services.joining import join_workshop
    from assessments.services.workshops import cast_vote, open_item, start_workshop

    assessment = new_assessment(people["manager"], acme, "gartner-iot", respondent_role="business")
    answer(owner_respondent(assessment), WORKED)
    workshop = start_workshop(assessment=assessment, by=people["consultant"], anonymous=False)
    nia = join_workshop(workshop=workshop, name="Nia", role="ot", address="10.0.0.1")
    open_item(workshop=workshop, key="culture")
    cast_vote(participant_id=nia.pk, workshop_id=workshop.pk, key="culture", value="1",
              comment="Only the plant in Lyon has champions.")  # fmt: skip
    whole = "\n".join(report_pages(assessment))
    assert "2 respondents: Business 1, OT 1" in whole
    assert "Nia" in whole
    assert "Only the plant in Lyon has champions." in whole
    assert "1 × Level 1 · 1 × Level 3" in whole  # culture: 3 against 1, a disagreement


def test_the_report_shows_the_snapshot_taken_at_submission(
    gartner_submitted: Assessment,
) -> None:
    # Answers changed behind the services' back, and a new version of the framework with
    # another name for level 2, change nothing in a submitted assessment's report.
    Answer.objects.filter(respondent__assessment=gartner_submitted).update(value="5")
    document = shipped_document("gartner-iot")
    document["version"] = 2
    document["levels"][1]["name"] = "Exploring"
    import_framework(definition=parse_definition(document))
    whole = "\n".join(report_pages(Assessment.objects.get(pk=gartner_submitted.pk)))
    assert "Level 2 – Exploratory" in whole
    assert "Exploring" not in whole


def test_the_radar_shows_the_previous_assessment_of_the_same_framework(
    gartner_submitted: Assessment, people: dict, acme: Organization
) -> None:
    later = new_assessment(people["manager"], acme, "gartner-iot", title="Second look")
    answer(owner_respondent(later), dict.fromkeys(GARTNER_KEYS, "3"))
    submit_assessment(assessment=later, by=people["manager"])
    assert previous_assessment(later) == gartner_submitted
    assert previous_assessment(gartner_submitted) is None
    summary = report_pages(later)[1]
    assert "Previous" in summary
    assert f"“{gartner_submitted.title}”" in summary


def test_the_file_name_carries_organisation_framework_and_date(
    gartner_submitted: Assessment,
) -> None:
    definition = parse_definition(shipped_document("gartner-iot"))
    assert gartner_submitted.submitted_at is not None
    date = gartner_submitted.submitted_at.date().isoformat()
    assert report_filename(gartner_submitted, definition) == (
        f"acme-devices_gartner-iot-v1_{date}.pdf"
    )


# --- the pictures ----------------------------------------------------------------------

CURRENT = (0x1F, 0x3A, 0x5F)
TARGET = (0x2A, 0x9D, 0x8F)


def near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(p - c) <= tolerance for p, c in zip(pixel, colour, strict=False))


@pytest.mark.parametrize("slug", ["gartner-iot", "ptc-cpmm"])
def test_first_two_pages_render_with_a_radar_that_is_not_blank(
    slug: str, case_reports: dict[str, bytes]
) -> None:
    case = "gartner submitted, several" if slug == "gartner-iot" else "ptc provisional, several"
    OUTPUT.mkdir(exist_ok=True)
    for old in OUTPUT.glob(f"report-{slug}-*.png"):
        old.unlink()
    source = OUTPUT / f"report-{slug}.pdf"
    source.write_bytes(case_reports[case])
    prefix = OUTPUT / f"report-{slug}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(source), str(prefix)],
        check=True,
    )
    source.unlink()
    first, second = sorted(OUTPUT.glob(f"report-{slug}-*.png"))
    assert Image.open(first).size == Image.open(second).size
    # The radar sits in the left two thirds of the summary page, below its first third.
    page = Image.open(second).convert("RGB")
    width, height = page.size
    radar = page.crop((0, height // 3, width * 2 // 3, height * 5 // 6))
    data = radar.tobytes()
    colours = [tuple(data[i : i + 3]) for i in range(0, len(data), 3)]
    inked = sum(pixel != (255, 255, 255) for pixel in colours)
    assert inked > len(colours) * 0.03
    assert sum(near(pixel, CURRENT) for pixel in colours) > 50
    assert sum(near(pixel, TARGET) for pixel in colours) > 20


# --- what the renderer may load ---------------------------------------------------------


def test_the_fetcher_serves_static_files_from_disk() -> None:
    path = pdf.static_file("file:///static/css/report.css")
    assert path is not None
    assert path.read_text().startswith("/* The assessment report")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/css/report.css",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
        "file://host/static/css/report.css",
    ],
)
def test_the_fetcher_refuses_everything_else(url: str) -> None:
    assert pdf.static_file(url) is None
    with pytest.raises(ValueError, match="loads only the app's static files"):
        pdf.fetcher().fetch(url)


def test_the_pdf_html_names_no_external_resource(gartner_submitted: Assessment) -> None:
    html, _report = pdf.report_document(gartner_submitted)
    # Stylesheets come with the PDF's rendering; the charts refer only to their own parts.
    assert "<link" not in html and "<img" not in html and "<script" not in html
    assert all(ref.startswith("#") for ref in re.findall(r'(?:src|href)="([^"]*)"', html))

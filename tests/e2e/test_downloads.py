"""A manager asks for the deck on the results page, watches its job and downloads it."""

import io
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from assessments.models import Assessment
from assessments.services import submit_assessment
from reports.jobs import run_job
from reports.models import Job
from tests.e2e.conftest import APP_LOCK
from tests.e2e.test_self_assessment import sign_in
from tests.reports.test_pdf import WORKED, answer, owner_respondent

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[1] / "output"


@pytest.fixture
def queued_only(settings: Any) -> None:
    """Tasks are stored and not run: the test plays the worker, so that the page is seen
    while the job waits and then while it is done."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_a_manager_requests_a_pptx_sees_it_made_and_downloads_it(
    page: Any,
    live_server: Any,
    people: dict[str, Any],
    gartner_assessment: Assessment,
    queued_only: None,
    tmp_path: Path,
) -> None:
    answer(owner_respondent(gartner_assessment), WORKED)
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    base = live_server.url
    sign_in(page, base, "max", "pw-manager")
    page.goto(f"{base}/assessments/{gartner_assessment.pk}/results/")

    panel = page.locator("#downloads")
    panel.get_by_label("Format").select_option(label="PowerPoint (PPTX)")
    panel.get_by_role("button", name="Make the file").click()
    panel.get_by_text("Waiting for a worker…").wait_for()
    row = panel.locator("[data-status='queued']")
    assert "PowerPoint (PPTX)" in row.inner_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "downloads-queued.png"), full_page=False)

    job = Job.objects.get(assessment=gartner_assessment, format="pptx")
    assert job.status == Job.Status.QUEUED
    with APP_LOCK:  # the worker's turn, between two of the page's polls
        run_job(job.pk)

    link = panel.get_by_role("link", name="Download")
    link.wait_for()  # the page polled and shows the file as ready
    assert panel.locator("[data-status='done']").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "downloads-ready.png"), full_page=False)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pptx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    deck = Presentation(io.BytesIO(saved.read_bytes()))
    text = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "Acme Devices" in text
    assert page.js_errors == []

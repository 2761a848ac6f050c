"""Report files made by background jobs: asked for, made once, kept, failed and retried,
downloaded by whoever may see the results."""

from typing import Any

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import submit_assessment
from reports import jobs as jobs_module
from reports import outputs
from reports.jobs import request_job, retry_job, run_job
from reports.models import Job, Output
from tests.conftest import client_for
from tests.reports.test_pdf import WORKED, answer, owner_respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every rendering, by format (the files are still made)."""
    made: list[str] = []
    real = outputs.render

    def render(assessment: Assessment, fmt: str, **options: Any) -> outputs.Rendered:
        made.append(fmt)
        return real(assessment, fmt, **options)

    monkeypatch.setattr(outputs, "render", render)
    return made


@pytest.fixture
def submitted(people: dict[str, Any], gartner_assessment: Assessment) -> Assessment:
    answer(owner_respondent(gartner_assessment), WORKED)
    submit_assessment(assessment=gartner_assessment, by=people["manager"])
    gartner_assessment.refresh_from_db()
    return gartner_assessment


def test_a_submitted_assessments_file_is_made_once_then_served_as_kept(
    people: dict[str, Any], submitted: Assessment, counted: list[str]
) -> None:
    first = request_job(people["manager"], submitted, "csv")
    first.refresh_from_db()
    again = request_job(people["consultant"], submitted, "csv")
    assert first.status == again.status == Job.Status.DONE
    assert again.pk != first.pk and again.output_id == first.output_id
    assert counted == ["csv"]
    assert Output.objects.count() == 1


def test_each_format_language_and_paper_is_a_file_of_its_own(
    people: dict[str, Any], submitted: Assessment, counted: list[str]
) -> None:
    request_job(people["manager"], submitted, "csv")
    request_job(people["manager"], submitted, "html")
    request_job(people["manager"], submitted, "html", paper="letter")
    submitted.language = "de"
    submitted.save(update_fields=["language"])
    request_job(people["manager"], submitted, "csv")
    assert counted == ["csv", "html", "html", "csv"]
    assert set(Output.objects.values_list("language", flat=True)) == {"en", "de"}


def test_an_open_assessments_file_is_made_anew_each_time(
    people: dict[str, Any], gartner_assessment: Assessment, counted: list[str]
) -> None:
    answer(owner_respondent(gartner_assessment), WORKED)
    request_job(people["manager"], gartner_assessment, "csv")
    request_job(people["manager"], gartner_assessment, "csv")
    assert counted == ["csv", "csv"]


def test_a_task_delivered_twice_makes_the_file_once(
    people: dict[str, Any], submitted: Assessment, counted: list[str]
) -> None:
    job = request_job(people["manager"], submitted, "csv")
    run_job(job.pk)
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, counted) == (Job.Status.DONE, 1, ["csv"])


def test_the_same_request_while_one_waits_is_that_job(
    people: dict[str, Any], submitted: Assessment, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    one = request_job(people["manager"], submitted, "pdf")
    two = request_job(people["consultant"], submitted, "pdf")
    assert one.pk == two.pk and one.status == Job.Status.QUEUED
    assert Job.objects.count() == 1


def test_a_failure_is_kept_with_its_reason_and_a_retry_makes_the_file(
    people: dict[str, Any], submitted: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = outputs.render

    def broken(*args: Any, **kwargs: Any) -> outputs.Rendered:
        raise OSError("disk full")

    monkeypatch.setattr(outputs, "render", broken)
    job = request_job(people["manager"], submitted, "csv")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "disk full" in job.error
    monkeypatch.setattr(outputs, "render", real)
    job = retry_job(job)
    assert (job.status, job.error, job.attempts) == (Job.Status.DONE, "", 2)
    assert job.output is not None
    assert bytes(job.output.content).startswith(b"\xef\xbb\xbf")  # the CSV's BOM


def test_the_panel_lists_the_readers_files_and_downloads_them(
    people: dict[str, Any], submitted: Assessment
) -> None:
    client = client_for(people["manager"])
    url = reverse("reports:request_file", args=[submitted.pk])
    response = client.post(url, {"format": "csv"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    job = Job.objects.get()
    assert f'data-job="{job.pk}"' in response.text and 'data-status="done"' in response.text
    download = client.get(reverse("reports:download", args=[submitted.pk, job.pk]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"].endswith('_answers.csv"')
    assert "no-store" in download["Cache-Control"] and "private" in download["Cache-Control"]
    # Another reader's panel does not list the manager's files.
    other = client_for(people["consultant"]).get(reverse("reports:downloads", args=[submitted.pk]))
    assert f'data-job="{job.pk}"' not in other.text


def test_a_bad_format_is_named_and_changes_nothing(
    people: dict[str, Any], submitted: Assessment
) -> None:
    url = reverse("reports:request_file", args=[submitted.pk])
    client = client_for(people["manager"])
    response = client.post(url, {"format": "docx"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "Choose a format" in response.text
    assert client.post(url, {"format": "pdf", "paper": "a3"}).status_code == 400
    assert not Job.objects.exists()


def test_a_job_of_another_assessment_is_not_found(
    people: dict[str, Any], submitted: Assessment, acme: Any, frameworks: None
) -> None:
    job = request_job(people["manager"], submitted, "csv")
    other = Assessment.objects.create(
        organization=acme, framework=submitted.framework, title="Other", owner=people["manager"]
    )
    client = client_for(people["manager"])
    assert client.get(reverse("reports:download", args=[other.pk, job.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[submitted.pk, 2**62])).status_code == 404
    url = reverse("reports:retry", args=[other.pk, job.pk])
    assert client.post(url).status_code == 404


def test_a_file_not_ready_is_not_found(
    people: dict[str, Any], submitted: Assessment, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    job = request_job(people["manager"], submitted, "csv")
    response = client_for(people["manager"]).get(
        reverse("reports:download", args=[submitted.pk, job.pk])
    )
    assert response.status_code == 404


def test_a_pdf_link_takes_the_reader_to_the_panel_when_the_file_is_not_made_at_once(
    people: dict[str, Any], submitted: Assessment, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    response = client_for(people["manager"]).get(reverse("reports:report_pdf", args=[submitted.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/assessments/{submitted.pk}/results/#downloads")


def test_rendering_is_part_of_the_key(
    people: dict[str, Any], submitted: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = jobs_module.output_key(submitted, "pdf", paper="a4", among=None)
    assert before == jobs_module.output_key(submitted, "pdf", paper="a4", among=None)
    monkeypatch.setattr(jobs_module, "RENDERING", "test")
    assert jobs_module.output_key(submitted, "pdf", paper="a4", among=None) != before

"""Test events: what "Send a test event" sends, the organisation's latest real data for the
event when there is some, else a sample marked as such (`"sample": true`, ids 0)."""

import uuid
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from api.models import Delivery, Event, WebhookEndpoint
from api.webhooks import (
    Data,
    api_url,
    assessment_row,
    enqueue,
    envelope,
    iso,
    organisation_data,
    reopened_data,
    report_data,
    submitted_data,
    workshop_data,
)
from assessments.models import Workshop
from assessments.selectors import Assessment, Organization
from maturity.selectors import cached_framework_definition, published_frameworks
from reports.models import Job


def send_test_event(*, endpoint: WebhookEndpoint, event: str) -> Delivery:
    """A delivery of `event` marked as a test, with the organisation's latest real data for
    it, or a sample (ids 0, `"sample": true`) when it has none; sent whether or not the
    endpoint is active or subscribes to the event."""
    event, event_id = Event(event).value, uuid.uuid4()
    data = test_data(endpoint.organization, event)
    payload = envelope(event, data, event_id=event_id, test=True)
    delivery = Delivery.objects.create(
        endpoint=endpoint, event=event, event_id=event_id, payload=payload, test=True
    )
    enqueue(delivery.pk)
    return delivery


def test_data(organization: Organization, event: str) -> Data:
    real = _real_data(organization, event)
    return real if real is not None else sample_data(organization, event)


def _real_data(organization: Organization, event: str) -> Data | None:
    assessments = Assessment.objects.filter(organization=organization).select_related(
        "organization", "framework"
    )
    if event == Event.REPORT_READY:
        jobs = Job.objects.filter(assessment__organization=organization, status=Job.Status.DONE)
        job = jobs.exclude(output=None).select_related("output").defer("output__content").first()
        if job is None:
            return None
        job.assessment = assessment_row(job.assessment_id)
        return report_data(job)
    if event == Event.WORKSHOP_ENDED:
        workshops = Workshop.objects.filter(assessment__organization=organization)
        latest = (F("ended_at").desc(nulls_last=True), "-created_at")
        workshop = workshops.order_by(*latest).first()
        if workshop is None:
            return None
        workshop.assessment = assessment_row(workshop.assessment_id)
        return workshop_data(workshop)
    wanted = "submitted" if event == Event.ASSESSMENT_SUBMITTED else "reopened"
    assessment = (
        assessments.filter(status=wanted).order_by("-created_at").first() or assessments.first()
    )
    if assessment is None:
        return None
    return submitted_data(assessment) if wanted == "submitted" else reopened_data(assessment)


# The state a sample's assessment is in when the event happens (a workshop runs on an open one).
SAMPLE_STATUS = {
    Event.ASSESSMENT_SUBMITTED: Assessment.Status.SUBMITTED,
    Event.ASSESSMENT_REOPENED: Assessment.Status.REOPENED,
    Event.REPORT_READY: Assessment.Status.SUBMITTED,
    Event.WORKSHOP_ENDED: Assessment.Status.IN_PROGRESS,
}


def sample_data(organization: Organization, event: str) -> Data:
    """An illustration of the event's data for an organisation that has none yet: the
    organisation and a published model are real, the rest is made up."""
    now = timezone.now()
    framework = published_frameworks().order_by("slug", "-version").first()
    status = SAMPLE_STATUS[Event(event)].value
    assessment = {
        "id": 0,
        "title": _("Sample assessment"),
        "status": status,
        "language": translation.get_language(),
        "organisation": organisation_data(organization),
        "framework": {"slug": framework.slug, "version": framework.version} if framework else None,
        "created_at": iso(now - timedelta(days=14)),
        "submitted_at": iso(now) if status == Assessment.Status.SUBMITTED else None,
        "url": api_url("assessments/0"),
        "result_url": api_url("assessments/0/result"),
    }
    data: Data = {"sample": True, "assessment": assessment}
    if event == Event.ASSESSMENT_SUBMITTED:
        level = cached_framework_definition(framework).levels[1].name if framework else None
        data["placement"] = {
            "level": 2,
            "level_name": level,
            "score": 2.4,
            "target": 3.0,
            "gap": 0.6,
            "completion": 1.0,
            "provisional": False,
        }
    elif event == Event.REPORT_READY:
        data["report"] = _sample_report(now)
    elif event == Event.WORKSHOP_ENDED:
        data["workshop"] = _sample_workshop(now)
    return data


def _sample_report(now: datetime) -> Data:
    return {
        "id": 0,
        "format": "pdf",
        "language": translation.get_language(),
        "paper": "a4",
        "filename": "sample-report.pdf",
        "size": 250_000,
        "created_at": iso(now - timedelta(seconds=8)),
        "finished_at": iso(now),
        "url": api_url("assessments/0/reports/0"),
        "download_url": api_url("assessments/0/reports/0/download"),
    }


def _sample_workshop(now: datetime) -> Data:
    return {
        "id": 0,
        "assessment_id": 0,
        "status": "ended",
        "started_at": iso(now - timedelta(hours=2)),
        "ended_at": iso(now),
        "participants": 12,
        "items": 9,
        "agreed": 9,
        "url": api_url("workshops/0"),
    }

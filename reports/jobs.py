"""Report files made in the background: asking for one, making it, retrying it.

A request (`request_job`) costs the web worker a few queries: it finds or makes a `Job` row
and enqueues the task `reports.tasks.make_report`, which a worker runs (`run_job`). The
page polls the row. Nothing a user waits for renders inside a request.

- **Not made twice.** A submitted assessment's file is named by everything it shows
  (`output_key`: the snapshot, by its submission time; title, organisation, the previous
  assessment the reader may see; format, language, paper, branding, `RENDERING`). The same
  request again is served from the kept `Output` without rendering. An open assessment's
  answers still move, so its files are made for each request and not reused.
- **Idempotent.** At most one queued or running job per key (a database constraint): asking
  again for a submitted assessment's file while one is under way gives that job (an open
  assessment's key holds the time of asking, so each request is a job). A task claims its
  job with one conditional UPDATE (queued -> running), so a task delivered twice, or run by
  two workers, makes the file once.
- **Failures.** A failed job keeps its reason; `retry_job` queues it again.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.selectors import Assessment, previous_assessment, visible_assessments
from reports.branding import brand_for, fingerprint
from reports.models import Job, Output
from reports.signals import report_ready

logger = logging.getLogger(__name__)

# Raise when a renderer changes what it makes: kept outputs are then made again.
RENDERING = "1"
LIVE = (Job.Status.QUEUED, Job.Status.RUNNING)


def reusable(assessment: Assessment) -> bool:
    """Whether the assessment's files can be kept and served again: it is submitted."""
    return assessment.is_locked and assessment.submitted_at is not None


def output_key(
    assessment: Assessment, fmt: str, *, paper: str, among: QuerySet[Assessment] | None
) -> str:
    """The name of the file this request gives: the same name, the same bytes (for a
    submitted assessment; an open one's name also holds the time, see the module)."""
    previous = previous_assessment(assessment, among=among)
    submitted = assessment.submitted_at if reusable(assessment) else None
    parts = {
        "assessment": assessment.pk,
        "submitted": submitted.isoformat() if submitted else None,
        "open": None if submitted else timezone.now().isoformat(),
        "title": assessment.title,
        "organisation": assessment.organization.name,
        "previous": previous.pk if previous else None,
        "format": fmt,
        "language": assessment.language,
        "paper": paper,
        "brand": fingerprint(brand_for(assessment.organization)),
        "rendering": RENDERING,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def request_job(
    user: User | AnonymousUser, assessment: Assessment, fmt: str, *, paper: str = "a4"
) -> Job:
    """The job that makes (or made) this file for this user: a done one at once when the file
    is kept, the one under way when there is one, else a new one, queued."""
    among = visible_assessments(user)
    key = output_key(assessment, fmt, paper=paper, among=among)
    requested_by = user if user.is_authenticated else None
    fields = {
        "assessment": assessment,
        "requested_by": requested_by,
        "format": fmt,
        "language": assessment.language,
        "paper": paper,
        "key": key,
    }
    kept = Output.objects.filter(key=key).only("pk").first() if reusable(assessment) else None
    if kept is not None:
        now = timezone.now()
        return Job.objects.create(
            **fields, status=Job.Status.DONE, output=kept, started_at=now, finished_at=now
        )
    if (live := Job.objects.filter(key=key, status__in=LIVE).first()) is not None:
        return live
    try:
        with transaction.atomic():
            job = Job.objects.create(**fields)
    except IntegrityError:  # the same request, a moment earlier, from someone else
        return Job.objects.get(key=key, status__in=LIVE)
    _enqueue(job)
    return job


def retry_job(job: Job) -> Job:
    """A failed job queued again (the same row); any other job as it is."""
    if Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).exists():
        try:
            with transaction.atomic():
                Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
                    status=Job.Status.QUEUED, error="", started_at=None, finished_at=None
                )
        except IntegrityError:  # the same file is being made by another job: that one
            return Job.objects.get(key=job.key, status__in=LIVE)
        _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: Job) -> None:
    """Hand the job to the task backend; its row is already committed (outside a test's
    transaction). With the database backend the task's row is written beside it anyway;
    the immediate backend (tests) makes the file here and now."""
    from reports.tasks import make_report

    result = make_report.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def run_job(job_id: int) -> None:
    """Make a job's file, once: the task's body. A job that is not queued any more (made,
    failed, or taken by another worker) is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return
    job = Job.objects.select_related("assessment__organization", "requested_by").get(pk=job_id)
    try:
        output = _kept_or_made(job)
    except Exception as error:  # the reason is kept for the page and the job can be retried
        logger.exception("Report job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, error=_failure(error), finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE, output=output, finished_at=timezone.now()
    )
    job.refresh_from_db()
    report_ready.send_robust(sender=Job, job=job)


def _kept_or_made(job: Job) -> Output:
    from reports.outputs import render

    if reusable(job.assessment) and (kept := Output.objects.filter(key=job.key).first()):
        return kept
    among = visible_assessments(job.requested_by) if job.requested_by else None
    # Read again: the assessment may have changed since the request.
    assessment = Assessment.objects.select_related("organization", "framework").get(
        pk=job.assessment_id
    )
    rendered = render(assessment, job.format, paper=job.paper, among=among)
    try:
        with transaction.atomic():
            return Output.objects.create(
                key=job.key,
                assessment=assessment,
                format=job.format,
                language=rendered.language,
                filename=rendered.filename,
                content=rendered.content,
                size=len(rendered.content),
            )
    except IntegrityError:  # made meanwhile by another job with the same key
        return Output.objects.get(key=job.key)


def _failure(error: Exception) -> str:
    detail = str(error).strip() or type(error).__name__
    return _("The file could not be made: %(reason)s") % {"reason": detail[:400]}


def jobs_of(user: User | AnonymousUser, assessment: Assessment) -> QuerySet[Job]:
    """The user's recent files of this assessment, newest first (the downloads panel)."""
    if not user.is_authenticated:
        return Job.objects.none()
    jobs = Job.objects.filter(assessment=assessment, requested_by=user)
    return jobs.select_related("output").defer("output__content")

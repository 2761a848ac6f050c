"""The reports' background tasks (Django's tasks framework; see config/settings.py TASKS)."""

from django.tasks import task

from reports.jobs import run_job


@task()
def make_report(job_id: int) -> None:
    """Make the file of report job `job_id` (`reports.jobs.run_job`)."""
    run_job(job_id)

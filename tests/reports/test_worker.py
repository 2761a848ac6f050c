"""A real worker process (`manage.py db_worker`, the database backend of django-tasks-db)
makes report files asked for through `reports.jobs`, in a database of its own: the demo's,
on a throwaway SQLite file (the test database is in memory, out of another process' reach)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)

REQUEST = """
import json
from django.contrib.auth.models import User
from assessments.models import Assessment
from reports.jobs import request_job
manager = User.objects.get(username="manager")
assessment = Assessment.objects.get(title="IoT maturity baseline 2026")
jobs = [request_job(manager, assessment, fmt) for fmt in ("pdf", "xlsx", "csv")]
again = request_job(manager, assessment, "pdf")  # the same file, asked again while queued
print(json.dumps({"jobs": [j.pk for j in jobs], "again": again.pk,
                  "statuses": [j.status for j in jobs]}))
"""

READ = """
import json
from reports.models import Job
print(json.dumps([
    {"pk": j.pk, "status": j.status, "error": j.error, "size": j.output.size if j.output else 0,
     "head": bytes(j.output.content[:4]).hex() if j.output else "", "attempts": j.attempts}
    for j in Job.objects.order_by("pk")
]))
"""


def manage(*args: str, env: dict[str, str], timeout: float = 240) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE, env=env, capture_output=True,
        text=True, timeout=timeout, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_worker_process_makes_the_queued_files_once(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "DJANGO_TASKS_BACKEND": "database",
        "DJANGO_SHARED_CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_DEBUG": "1",
    }
    manage("migrate", "--verbosity", "0", env=env)
    manage("load_frameworks", "--verbosity", "0", env=env)
    manage("load_demo", env=env)
    asked = json.loads(manage("shell", "--command", REQUEST, env=env).strip().splitlines()[-1])
    assert asked["statuses"] == ["queued"] * 3  # nothing is made in the request
    assert asked["again"] == asked["jobs"][0]

    manage("db_worker", "--batch", "--no-startup-delay", "--no-reload", env=env)

    jobs = json.loads(manage("shell", "--command", READ, env=env).strip().splitlines()[-1])
    assert [j["pk"] for j in jobs] == asked["jobs"]
    assert [(j["status"], j["error"]) for j in jobs] == [("done", "")] * 3
    assert all(j["attempts"] == 1 for j in jobs)
    pdf, xlsx, csv = jobs
    assert bytes.fromhex(pdf["head"]) == b"%PDF"
    assert bytes.fromhex(xlsx["head"]) == b"PK\x03\x04"  # a zip: the workbook
    assert csv["size"] > 100


@pytest.mark.parametrize("backend", ["database", "immediate"])
def test_the_backend_is_chosen_by_the_environment(backend: str) -> None:
    code = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"
    env = {**os.environ, "DJANGO_TASKS_BACKEND": backend}
    out = subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ.setdefault("
         f"'DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); {code}"],
        cwd=BASE, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert out.endswith("DatabaseBackend" if backend == "database" else "ImmediateBackend")

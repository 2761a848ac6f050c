"""Starting the app loads no report library: only making a report does.

WeasyPrint alone takes about 0.4 s to import (`python -X importtime manage.py check`),
paid by every process start (each command, each server worker) if anything imports it.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
# The PDF's libraries (WeasyPrint and what it loads), the charts' (matplotlib, numpy) and
# the PDF checks' (pypdf).
REPORT_LIBRARIES = ("weasyprint", "pydyf", "fontTools", "matplotlib", "numpy", "pypdf")
START = """
import sys
import django
from django.core.management import call_command
from django.urls import get_resolver

django.setup()
get_resolver().url_patterns  # imports every app's URLconf and views
call_command("check")
loaded = sorted(name for name in sys.argv[1:] if name in sys.modules)
print(" ".join(loaded) or "none")
"""


def test_loading_the_urls_and_checking_the_project_loads_no_report_library() -> None:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "1"}
    run = subprocess.run(
        [sys.executable, "-c", START, *REPORT_LIBRARIES],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip().splitlines()[-1] == "none"

"""`manage.py render_report ASSESSMENT_ID --output FILE [--format pdf|html|pptx|xlsx|csv]
[--paper a4|letter] [--language LANG]`: a report file made here and now, for automation and
batch use (the pages make the same files in the background)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.selectors import assessment_by_id
from reports.outputs import FORMATS, render


class Command(BaseCommand):
    help = "Render an assessment's report to a file: PDF, standalone HTML, PPTX, XLSX or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--output", "-o", required=True, type=Path, help="the file to write")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help="PDF, HTML")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the report's language (default: the assessment's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = assessment_by_id(options["assessment_id"])
        if assessment is None:
            raise CommandError(f"No assessment {options['assessment_id']}.")
        output: Path = options["output"]
        if not output.parent.is_dir():
            raise CommandError(f"No folder {output.parent} to write {output.name} in.")
        rendered = render(
            assessment, options["format"], paper=options["paper"], language=options["language"]
        )
        output.write_bytes(rendered.content)
        self.stdout.write(f"Wrote {output} ({output.stat().st_size:,} bytes): {rendered.filename}")

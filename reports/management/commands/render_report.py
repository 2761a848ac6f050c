"""`manage.py render_report ASSESSMENT_ID --output FILE [--format pdf|html] [--paper a4|letter]
[--language LANG]`."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.selectors import assessment_by_id
from reports import pdf


class Command(BaseCommand):
    help = "Render an assessment's report to a PDF (or a standalone HTML) file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--output", "-o", required=True, type=Path, help="the file to write")
        parser.add_argument("--format", choices=("pdf", "html"), default="pdf")
        parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="the report's language (default: the assessment's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = assessment_by_id(options["assessment_id"])
        if assessment is None:
            raise CommandError(f"No assessment {options['assessment_id']}.")
        paper = options["paper"]
        as_html = options["format"] == "html"
        html, report = pdf.report_document(
            assessment,
            paper=paper,
            mode="standalone" if as_html else "pdf",
            language=options["language"],
        )
        output: Path = options["output"]
        if as_html:
            output.write_text(html, encoding="utf-8")
        else:
            output.write_bytes(pdf.html_to_pdf(html))
        self.stdout.write(f"Wrote {output} ({output.stat().st_size:,} bytes): {report.filename}")

"""What the assessment report and the comparison report show, read and shaped for the
templates that both the PDF and its HTML preview render (templates/reports/report/)."""

from reports.documents.comparison import Comparison, comparison_context
from reports.documents.report import (
    Report,
    report_context,
    report_date,
    report_filename,
)

__all__ = [
    "Comparison",
    "Report",
    "comparison_context",
    "report_context",
    "report_date",
    "report_filename",
]

"""What the assessment report and the comparison report show, read and shaped for the
templates that both the PDF and its HTML preview render (templates/reports/report/)."""

from reports.documents.comparison import Comparison, comparison_context
from reports.documents.report import (
    Report,
    comparable_assessments,
    previous_assessment,
    report_context,
    report_date,
    report_filename,
)

__all__ = [
    "Comparison",
    "Report",
    "comparable_assessments",
    "comparison_context",
    "previous_assessment",
    "report_context",
    "report_date",
    "report_filename",
]

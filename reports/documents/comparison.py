"""The comparison report: assessments of one organisation on one framework, side by side."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from django.utils.translation import gettext as _

from assessments.scoring import AssessmentResult
from assessments.selectors import Assessment, assessment_definition, assessment_result
from maturity.schema import FrameworkDef
from reports.charts import RadarChart, Series, radar, to_svg
from reports.documents.report import report_date, report_filename
from reports.results_page import chart_text


@dataclass(frozen=True)
class Compared:
    assessment: Assessment
    result: AssessmentResult
    definition: FrameworkDef
    date: date

    @property
    def label(self) -> str:
        return f"{self.date:%Y-%m-%d}"


@dataclass(frozen=True)
class Change:
    value: float | None
    delta: float | None  # against the assessment before; None where either has no value

    @property
    def direction(self) -> int:
        """1 up, -1 down, 0 unchanged; float noise below a millionth is no change."""
        if self.delta is None or abs(self.delta) < 1e-6:
            return 0
        return 1 if self.delta > 0 else -1


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    changes: tuple[Change, ...]
    percent: bool = False
    overall: bool = False

    @property
    def total(self) -> Change:
        """From the first assessment to the last."""
        first, last = self.changes[0].value, self.changes[-1].value
        return Change(last, None if first is None or last is None else last - first)


@dataclass(frozen=True)
class Comparison:
    organisation: str
    framework: str
    compared: tuple[Compared, ...]
    rows: tuple[ComparisonRow, ...]
    radar: str
    filename: str

    @property
    def staged(self) -> bool:
        return self.compared[-1].result.method == "staged"


def comparison_context(assessments: Iterable[Assessment]) -> Comparison:
    """Two or more assessments of one organisation on one framework, oldest first, compared
    by subdimension key (continuous) or level number (staged), across versions."""
    compared = sorted(
        (Compared(a, assessment_result(a), assessment_definition(a), report_date(a))
         for a in assessments),
        key=lambda c: (c.date, c.assessment.created_at),
    )  # fmt: skip
    latest = compared[-1]
    return Comparison(
        organisation=latest.assessment.organization.name,
        framework=latest.definition.name,
        compared=tuple(compared),
        rows=_comparison_rows(compared),
        radar=to_svg(_comparison_radar(compared)),
        filename=report_filename(latest.assessment, latest.definition, "-comparison"),
    )


def _changes(values: Sequence[float | None]) -> tuple[Change, ...]:
    before: list[float | None] = [None, *values[:-1]]
    return tuple(
        Change(v, None if v is None or b is None else v - b)
        for v, b in zip(values, before, strict=True)
    )


def _comparison_rows(compared: Sequence[Compared]) -> tuple[ComparisonRow, ...]:
    overall = ComparisonRow(
        _("Overall score"), _changes([c.result.overall.score for c in compared]), overall=True
    )
    if compared[-1].result.method == "staged":
        return (overall, *_level_rows(compared))
    return (overall, *_subdimension_rows(compared))


def _subdimension_rows(compared: Sequence[Compared]) -> list[ComparisonRow]:
    scores = [{s.key: s for d in c.result.dimensions for s in d.subdimensions} for c in compared]
    # The newest version's order, then anything only older versions had.
    keys = list(dict.fromkeys(key for by_key in reversed(scores) for key in by_key))
    rows = []
    for key in keys:
        name = next(by_key[key].name for by_key in reversed(scores) if key in by_key)
        values = [by_key[key].score if key in by_key else None for by_key in scores]
        rows.append(ComparisonRow(name, _changes(values)))
    return rows


def _level_rows(compared: Sequence[Compared]) -> list[ComparisonRow]:
    levels = [{lv.number: lv for lv in c.result.levels} for c in compared]
    numbers = sorted({number for by_number in levels for number in by_number})
    rows = []
    for number in numbers:
        level = next(by[number] for by in reversed(levels) if number in by)
        values = [by[number].fulfilment if number in by else None for by in levels]
        rows.append(ComparisonRow(f"{number} {level.name}", _changes(values), percent=True))
    return rows


# Older assessments fade from the previous-assessment grey towards the paper.
_OLDER = ("#8d99a6", "#aab3bd", "#c3cad2", "#d5dae0")


def _comparison_radar(compared: Sequence[Compared]) -> RadarChart:
    """The newest assessment's radar, with each older one as a series named by its date."""
    latest = compared[-1]
    text = chart_text()
    chart = radar(latest.result, latest.definition, replace(text, current=latest.label))
    older: list[Series] = []
    for age, earlier in enumerate(reversed(compared[:-1])):
        with_it = radar(
            latest.result, latest.definition, replace(text, previous=earlier.label),
            previous=earlier.result,
        )  # fmt: skip
        series = with_it.series[0]  # the builder puts the previous series first
        older.insert(0, replace(series, colour=_OLDER[min(age, len(_OLDER) - 1)]))
    return replace(chart, series=(*older, *chart.series))

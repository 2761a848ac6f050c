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

    @property
    def submitted(self) -> bool:
        return self.assessment.is_locked and self.assessment.submitted_at is not None

    @property
    def when(self) -> str:
        """The submission date; an assessment still open has no date of its own yet."""
        return self.label if self.submitted else _("in progress")

    @property
    def series_label(self) -> str:
        """Names a radar series: two assessments can share a date, never a title and date."""
        return f"{self.assessment.title} · {self.when}"


@dataclass(frozen=True)
class Change:
    value: float | None
    delta: float | None  # against the assessment before; None where either has no value
    # Either side is provisional: the change may move as the open questions are answered,
    # so it is shown without an arrow or a colour unless the reader asked otherwise.
    provisional: bool = False

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
    total: Change  # from the first assessment to the last
    percent: bool = False
    overall: bool = False


@dataclass(frozen=True)
class Comparison:
    organisation: str
    framework: str
    compared: tuple[Compared, ...]
    rows: tuple[ComparisonRow, ...]
    radar: str
    filename: str
    include_provisional: bool = False

    @property
    def staged(self) -> bool:
        return self.compared[-1].result.method == "staged"

    @property
    def any_provisional(self) -> bool:
        return any(c.result.provisional for c in self.compared)


def comparison_context(
    assessments: Iterable[Assessment], *, include_provisional: bool = False
) -> Comparison:
    """Two or more assessments of one organisation on one framework, oldest first, compared
    by subdimension key (continuous) or level number (staged), across versions. A change
    to or from a provisional result is marked as such, unless `include_provisional`."""
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
        rows=_comparison_rows(compared, _trusted(compared, include_provisional)),
        radar=to_svg(_comparison_radar(compared)),
        filename=report_filename(latest.assessment, latest.definition, "-comparison"),
        include_provisional=include_provisional,
    )


def _trusted(compared: Sequence[Compared], include_provisional: bool) -> tuple[bool, ...]:
    """Whether each assessment's values may carry a change's arrow and colour."""
    return tuple(include_provisional or not c.result.provisional for c in compared)


def _row(
    label: str, values: Sequence[float | None], trusted: Sequence[bool], **options: bool
) -> ComparisonRow:
    """Each value with its change since the one before, and the change first to last."""
    steps = zip(values, values[1:], trusted, trusted[1:], strict=False)
    changes = [Change(values[0], None)]
    changes += [_change(b, v, trusted=tb and tv) for b, v, tb, tv in steps]
    total = _change(values[0], values[-1], trusted=trusted[0] and trusted[-1])
    return ComparisonRow(label, tuple(changes), total, **options)


def _change(before: float | None, value: float | None, *, trusted: bool) -> Change:
    delta = None if before is None or value is None else value - before
    return Change(value, delta, provisional=not trusted)


def _comparison_rows(
    compared: Sequence[Compared], trusted: Sequence[bool]
) -> tuple[ComparisonRow, ...]:
    overall_scores = [c.result.overall.score for c in compared]
    overall = _row(_("Overall score"), overall_scores, trusted, overall=True)
    if compared[-1].result.method == "staged":
        return (overall, *_level_rows(compared, trusted))
    return (overall, *_subdimension_rows(compared, trusted))


def _subdimension_rows(
    compared: Sequence[Compared], trusted: Sequence[bool]
) -> list[ComparisonRow]:
    scores = [{s.key: s for d in c.result.dimensions for s in d.subdimensions} for c in compared]
    # The newest version's order, then anything only older versions had.
    keys = list(dict.fromkeys(key for by_key in reversed(scores) for key in by_key))
    rows = []
    for key in keys:
        name = next(by_key[key].name for by_key in reversed(scores) if key in by_key)
        values = [by_key[key].score if key in by_key else None for by_key in scores]
        rows.append(_row(name, values, trusted))
    return rows


def _level_rows(compared: Sequence[Compared], trusted: Sequence[bool]) -> list[ComparisonRow]:
    levels = [{lv.number: lv for lv in c.result.levels} for c in compared]
    numbers = sorted({number for by_number in levels for number in by_number})
    rows = []
    for number in numbers:
        level = next(by[number] for by in reversed(levels) if number in by)
        values = [by[number].fulfilment if number in by else None for by in levels]
        rows.append(_row(f"{number} {level.name}", values, trusted, percent=True))
    return rows


# Older assessments fade from the previous-assessment grey towards the paper.
_OLDER = ("#8d99a6", "#aab3bd", "#c3cad2", "#d5dae0")


def _comparison_radar(compared: Sequence[Compared]) -> RadarChart:
    """The newest assessment's radar, with each older one as a series named by its title
    and date."""
    latest = compared[-1]
    text = chart_text()
    chart = radar(latest.result, latest.definition, replace(text, current=latest.series_label))
    older: list[Series] = []
    for age, earlier in enumerate(reversed(compared[:-1])):
        with_it = radar(
            latest.result, latest.definition, replace(text, previous=earlier.series_label),
            previous=earlier.result,
        )  # fmt: skip
        series = with_it.series[0]  # the builder puts the previous series first
        older.insert(0, replace(series, colour=_OLDER[min(age, len(_OLDER) - 1)]))
    return replace(chart, series=(*older, *chart.series))

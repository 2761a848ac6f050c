"""The report's document (`model.Document`) from the report's content (`Report`): the one
place that decides what a deck, a workbook and a CSV say. Called inside the document's
language (`reports.outputs` sees to it), like `report_context`."""

from django.utils import translation
from django.utils.translation import gettext as _

from assessments.scoring import DimensionScore, OverallScore, SubdimensionScore
from assessments.selectors import confidence_labels, contributions, role_label
from maturity import answers
from maturity.schema import FrameworkDef
from reports.charts import (
    CURRENT,
    TARGET,
    THRESHOLD,
    BarChart,
    RadarChart,
    dimension_target,
    level_label,
)
from reports.documents import model
from reports.documents.answers import QuestionDetail
from reports.documents.report import Report, Standing, SubdimensionSection


def build_document(report: Report, *, brand: model.Brand | None = None) -> model.Document:
    result, definition, page = report.result, report.definition, report.page
    charts = page.charts
    return model.Document(
        organisation=report.cover.organisation,
        title=report.cover.title,
        language=translation.get_language() or "en",
        date=report.cover.date,
        submitted=report.cover.submitted,
        provisional=result.provisional,
        completion=result.completion,
        framework=_("%(name)s, version %(version)s")
        % {"name": definition.name, "version": definition.version},
        publisher=definition.publisher,
        source=definition.source,
        method=result.method,
        scale=tuple(level_label(level.number, level.name) for level in definition.levels),
        placement=_figure("overall", _("Overall"), result.overall),
        summary=report.level.summary if report.level else "",
        respondents=page.respondents,
        participants=tuple(
            f"{p.name} ({p.role})" if p.role else p.name for p in report.cover.named if p.name
        ),
        strongest=tuple(_standing(s) for s in report.strongest),
        weakest=tuple(_standing(s) for s in report.weakest),
        dimensions=tuple(
            _dimension(section.score, section.description, section.subdimensions)
            for section in report.dimensions
        ),
        levels=tuple(
            model.Level(
                number=section.level.number,
                name=section.level.name,
                description=section.level.summary,
                fulfilment=section.score.fulfilment if section.score else None,
                met=section.score.met if section.score else True,
                reached=section.reached,
            )
            for section in report.levels
        ),
        roadmap=tuple(
            model.Step(
                area=line.subdimension,
                text=line.recommendation.text,
                guidance=line.recommendation.guidance,
                next_level=line.recommendation.next_level,
                next_level_name=line.recommendation.next_level_name,
                gap=line.recommendation.gap,
            )
            for line in page.recommendations
        ),
        questions=tuple(_question(q) for q in report.questions),
        responses=_responses(report, definition),
        radar=_radar(charts.radar, _("Profile")),
        bars=_bars(charts.bars, _("Levels") if page.staged else _("Dimensions")),
        brand=brand or model.Brand(),
    )


def _figure(
    key: str, name: str, score: OverallScore | DimensionScore | SubdimensionScore
) -> model.Figure:
    target = getattr(score, "target", None)
    gap = getattr(score, "gap", None)
    return model.Figure(
        key=key,
        name=name,
        score=score.score,
        level=score.level,
        level_name=score.level_name,
        target=target,
        gap=gap,
    )


def _standing(standing: Standing) -> model.Figure:
    return model.Figure(
        key="",
        name=standing.name,
        score=standing.value,
        level=standing.level,
        level_name=standing.level_name,
        target=None,
        gap=None,
    )


def _dimension(
    score: DimensionScore, description: str, sections: tuple[SubdimensionSection, ...]
) -> model.Dimension:
    subs = tuple(_subdimension(section, score.name) for section in sections)
    # A dimension's target is its subdimensions' weighted (as on the bars), and its gap what
    # is left of it, never below zero (as scoring's gaps).
    target = dimension_target(score)
    gap = None if target is None or score.score is None else max(target - score.score, 0.0)
    return model.Dimension(
        **_figure(score.key, score.name, score).model_dump(exclude={"target", "gap"}),
        target=target,
        gap=gap,
        description=description,
        subdimensions=subs,
    )


def _subdimension(section: SubdimensionSection, dimension: str) -> model.Subdimension:
    score = section.score
    next_level = section.next_level
    return model.Subdimension(
        **_figure(score.key, score.name, score).model_dump(),
        dimension=dimension,
        description=section.description,
        reached=section.reached.text if section.reached else "",
        next_level=level_label(next_level.number, next_level.name) if next_level else "",
        next=section.next.text if section.next else "",
    )


def _question(detail: QuestionDetail) -> model.Question:
    score = detail.score
    return model.Question(
        key=detail.question.key,
        text=detail.question.text,
        area=detail.subdimension,
        level=detail.question.level,
        answer=detail.answer,
        value=score.value,
        not_applicable=score.na,
        answered=score.answered,
        agreed=score.consensus,
        spread=score.spread,
        disagreement=score.disagreement,
        respondents=score.respondents,
        distribution=tuple(model.Count(label=t.label, count=t.count) for t in detail.distribution),
        confidence=tuple(model.Count(label=t.label, count=t.count) for t in detail.confidence),
        comments=tuple(
            model.Comment(author=n.author, text=n.comment, evidence_url=n.evidence_url)
            for n in detail.shown_notes
        ),
        comment_count=len(detail.notes),
        rationale=detail.rationale,
    )


def _responses(report: Report, definition: FrameworkDef) -> tuple[model.Response, ...]:
    """Every answer given, in the framework's order of questions, people in the order they
    joined; from the snapshot once the assessment is submitted."""
    order = {q.key: i for i, q in enumerate(definition.index.questions.values())}
    given = sorted(contributions(report.assessment), key=lambda c: order.get(c.key, len(order)))
    confidence = {key: str(label) for key, label in confidence_labels().items()}
    return tuple(
        model.Response(
            question=c.key,
            # The name alone (the role has its column), or who they were when unnamed.
            person=c.contributor.name or _("Respondent"),
            role=role_label(c.contributor.role) if c.contributor.role else "",
            answer=c.value,
            answer_label=answers.label(c.value, definition) if c.value else "",
            comment=c.comment,
            evidence_url=c.evidence_url,
            confidence=confidence.get(c.confidence, c.confidence),
        )
        for c in given
    )


def _radar(chart: RadarChart, title: str) -> model.Chart:
    return model.Chart(
        title=title,
        categories=chart.axes,
        series=tuple(
            model.Series(name=s.name, values=s.values, colour=s.colour, dashed=s.dashed)
            for s in chart.series
        ),
        minimum=chart.range[0],
        maximum=chart.range[1],
        percent=chart.percent,
    )


def _bars(chart: BarChart, title: str) -> model.Chart:
    series = [
        model.Series(
            name=chart.text.current, values=tuple(bar.value for bar in chart.bars),
            colour=CURRENT,
        )
    ]  # fmt: skip
    if chart.has_targets:
        series.append(
            model.Series(
                name=chart.text.target, values=tuple(bar.target for bar in chart.bars),
                colour=TARGET, dashed=True,
            )
        )  # fmt: skip
    elif chart.threshold is not None:
        series.append(
            model.Series(
                name=chart.text.threshold, values=(chart.threshold,) * len(chart.bars),
                colour=THRESHOLD, dashed=True,
            )
        )  # fmt: skip
    return model.Chart(
        title=title,
        categories=tuple(bar.label for bar in chart.bars),
        series=tuple(series),
        minimum=chart.range[0],
        maximum=chart.range[1],
        percent=chart.percent,
    )

"""The assessment report: cover, summary, sections, roadmap and appendix, as one context."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from assessments.scoring import (
    AssessmentResult,
    DimensionScore,
    LevelScore,
    SubdimensionScore,
)
from assessments.selectors import (
    Assessment,
    assessment_result,
    contributors,
    previous_assessment,
    role_label,
)
from maturity.schema import DescriptorDef, FrameworkDef, LevelDef
from reports.charts import bars, radar, to_svg
from reports.documents.answers import (
    APPENDIX_COMMENTS,
    SECTION_COMMENTS,
    SECTION_DISAGREEMENTS,
    Note,
    Person,
    QuestionDetail,
    Tally,
    question_details,
)
from reports.results_page import RecommendationLine, ResultsPage, chart_text, results_page

# The cover names this many participants, then counts the others (its tally of roles counts
# everyone): a cover of 300 names took four pages.
NAMED_ON_COVER = 24
# The roadmap (continuous) gives this many recommendations a card with the next level's
# description and guidance, then names the others in order, with their gaps, in a paragraph:
# a model of 30 subdimensions made 30 cards over three pages. The results page, the deck and
# the workbook have every card.
ROADMAP_CARDS = 10


@dataclass(frozen=True)
class Cover:
    organisation: str
    title: str
    date: date
    submitted: bool
    participants: tuple[Person, ...]
    roles: tuple[Tally, ...]
    anonymous: bool

    @property
    def named(self) -> tuple[Person, ...]:
        return tuple(p for p in self.participants if p.name)

    @property
    def unnamed(self) -> int:
        """Workshop participants who took part without a name."""
        return len(self.participants) - len(self.named)

    @property
    def shown_named(self) -> tuple[Person, ...]:
        return self.named[:NAMED_ON_COVER]

    @property
    def more_named(self) -> int:
        return max(len(self.named) - NAMED_ON_COVER, 0)


@dataclass(frozen=True)
class Standing:
    """One of the strongest or weakest subdimensions (or levels, staged)."""

    name: str
    value: float
    level: int | None = None
    level_name: str | None = None


@dataclass(frozen=True)
class Commented:
    """One question's part of a section's comments: those there was room for (maybe none),
    and the group's reason for its agreed answer."""

    question: QuestionDetail
    notes: tuple[Note, ...]


class Findings:
    """What a section of the findings (a subdimension or a level) prints of its questions'
    comments and disagreements: the first few comments in question order, the widest few
    disagreements, then how many more of each, so that a section stays short however many
    questions and people it has."""

    questions: tuple[QuestionDetail, ...]

    @cached_property
    def shown_notes(self) -> tuple[Commented, ...]:
        """The first SECTION_COMMENTS comments, by question; every agreed answer's reason."""
        shown, room = [], SECTION_COMMENTS
        for question in self.questions:
            notes = question.notes[:room]
            room -= len(notes)
            if notes or question.rationale:
                shown.append(Commented(question, notes))
        return tuple(shown)

    @property
    def more_notes(self) -> int:
        written = sum(len(q.notes) for q in self.questions)
        return written - sum(len(c.notes) for c in self.shown_notes)

    @property
    def rest_in_appendix(self) -> bool:
        """Whether the appendix prints every comment of the section (it counts a question's
        comments instead when there are many); the workbook always has them all."""
        return all(len(q.appendix_notes) == len(q.notes) for q in self.questions)

    @cached_property
    def disagreements(self) -> tuple[QuestionDetail, ...]:
        return tuple(q for q in self.questions if q.score.disagreement)

    @property
    def shown_disagreements(self) -> tuple[QuestionDetail, ...]:
        """The SECTION_DISAGREEMENTS widest, the most worth discussing: by spread, the
        widest first, in question order where spreads are equal."""
        widest = sorted(self.disagreements, key=lambda q: -(q.score.spread or 0))
        return tuple(widest[:SECTION_DISAGREEMENTS])

    @property
    def more_disagreements(self) -> int:
        return max(len(self.disagreements) - SECTION_DISAGREEMENTS, 0)


@dataclass(frozen=True)
class SubdimensionSection(Findings):
    score: SubdimensionScore
    description: str
    reached: DescriptorDef | None
    next: DescriptorDef | None
    next_level: LevelDef | None
    questions: tuple[QuestionDetail, ...]


@dataclass(frozen=True)
class DimensionSection:
    score: DimensionScore
    description: str
    subdimensions: tuple[SubdimensionSection, ...]


@dataclass(frozen=True)
class LevelSection(Findings):
    level: LevelDef
    score: LevelScore | None  # None for level 1, the floor
    reached: bool
    questions: tuple[QuestionDetail, ...]


@dataclass(frozen=True)
class ReportCharts:
    """The charts as inline SVG markup, made by us (safe to insert unescaped): the radar,
    and the dimension bars (continuous) or the staircase of levels (staged)."""

    radar: str
    overview: str


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    page: ResultsPage
    cover: Cover
    level: LevelDef | None  # the overall level
    next_level: LevelDef | None  # the level to reach next
    strongest: tuple[Standing, ...]
    weakest: tuple[Standing, ...]
    dimensions: tuple[DimensionSection, ...]  # continuous
    levels: tuple[LevelSection, ...]  # staged
    questions: tuple[QuestionDetail, ...]  # framework order
    previous: Assessment | None
    charts: ReportCharts
    filename: str

    @property
    def result(self) -> AssessmentResult:
        return self.page.result

    @property
    def definition(self) -> FrameworkDef:
        return self.page.definition

    @property
    def top_recommendations(self) -> tuple[RecommendationLine, ...]:
        return self.page.recommendations[:3]

    @property
    def roadmap_cards(self) -> tuple[RecommendationLine, ...]:
        return self.page.recommendations[:ROADMAP_CARDS]

    @property
    def roadmap_rest(self) -> tuple[tuple[int, RecommendationLine], ...]:
        """The recommendations after the cards, each with its number in the roadmap."""
        rest = self.page.recommendations[ROADMAP_CARDS:]
        return tuple(enumerate(rest, start=ROADMAP_CARDS + 1))

    @property
    def appendix_comments(self) -> int:
        """The most comments the appendix prints of one question."""
        return APPENDIX_COMMENTS

    @property
    def comments_left_out(self) -> bool:
        """Whether the appendix counts some questions' comments instead of printing them."""
        return any(q.appendix_count for q in self.questions)


def report_context(assessment: Assessment, *, among: QuerySet[Assessment] | None = None) -> Report:
    """The report of one assessment; `among` limits where its previous assessment is looked
    for (the assessments the reader may see)."""
    page = results_page(assessment)
    result, definition = page.result, page.definition
    details = question_details(assessment, result, definition)
    previous = previous_assessment(assessment, among=among)
    overall = result.overall.level
    return Report(
        assessment=assessment,
        page=page,
        cover=_cover(assessment),
        level=definition.level(overall) if overall else None,
        next_level=_next_level(definition, overall) if overall else None,
        strongest=_standings(result, definition, strongest=True),
        weakest=_standings(result, definition, strongest=False),
        dimensions=_dimension_sections(result, definition, details),
        levels=_level_sections(result, definition, details),
        questions=tuple(details.values()),
        previous=previous,
        charts=_charts(page, None if previous is None else assessment_result(previous)),
        filename=report_filename(assessment, definition),
    )


def report_date(assessment: Assessment) -> date:
    """The date a report is of: the submission, or today while answers may still change."""
    moment = assessment.submitted_at if assessment.is_locked else None
    return timezone.localdate(moment) if moment else timezone.localdate()


def report_filename(assessment: Assessment, definition: FrameworkDef, suffix: str = "") -> str:
    organisation = slugify(assessment.organization.key or assessment.organization.name)
    framework = f"{definition.slug}-v{definition.version}"
    return f"{organisation}_{framework}{suffix}_{report_date(assessment):%Y-%m-%d}.pdf"


def _cover(assessment: Assessment) -> Cover:
    anonymous = assessment.anonymous
    people = tuple(
        Person(c.name, role_label(c.role) if c.role else "") for c in contributors(assessment)
    )
    roles = Counter(p.role for p in people if p.role)
    return Cover(
        organisation=assessment.organization.name,
        title=assessment.title,
        date=report_date(assessment),
        submitted=assessment.is_locked,
        participants=people,
        roles=tuple(Tally(label, count) for label, count in roles.items()),
        anonymous=anonymous,
    )


def _next_level(definition: FrameworkDef, level: int | None) -> LevelDef | None:
    number = (level or 0) + 1
    return definition.level(number) if number <= len(definition.levels) else None


def _standings(
    result: AssessmentResult, definition: FrameworkDef, *, strongest: bool
) -> tuple[Standing, ...]:
    if result.method == "staged":
        pool = [Standing(f"{lv.number} {lv.name}", lv.fulfilment) for lv in result.levels
                if lv.fulfilment is not None]  # fmt: skip
    else:
        subs = (sub for dim in result.dimensions for sub in dim.subdimensions)
        pool = [Standing(s.name, s.score, s.level, s.level_name) for s in subs
                if s.score is not None]  # fmt: skip
    # sorted() is stable: equal values keep the framework's order.
    best = sorted(pool, key=lambda s: -s.value)[:3]
    if strongest:
        return tuple(best)
    return tuple(sorted((s for s in pool if s not in best), key=lambda s: s.value)[:3])


def _dimension_sections(
    result: AssessmentResult, definition: FrameworkDef, details: dict[str, QuestionDetail]
) -> tuple[DimensionSection, ...]:
    if result.method == "staged":
        return ()
    dims = {dim.key: dim for dim in definition.dimensions}
    return tuple(
        DimensionSection(
            score=dim,
            description=dims[dim.key].description,
            subdimensions=tuple(_subdimension_section(s, definition, details)
                                for s in dim.subdimensions),
        )
        for dim in result.dimensions
    )  # fmt: skip


def _subdimension_section(
    score: SubdimensionScore, definition: FrameworkDef, details: dict[str, QuestionDetail]
) -> SubdimensionSection:
    sub = next(s for s in definition.subdimensions() if s.key == score.key)
    descriptors = {d.level: d for d in sub.descriptors}
    next_number = (score.level or 0) + 1
    next_level = _next_level(definition, score.level)
    return SubdimensionSection(
        score=score,
        description=sub.description,
        reached=descriptors.get(score.level) if score.level else None,
        next=descriptors.get(next_number) if next_level else None,
        next_level=next_level,
        questions=tuple(details[q.key] for q in sub.questions),
    )


def _level_sections(
    result: AssessmentResult, definition: FrameworkDef, details: dict[str, QuestionDetail]
) -> tuple[LevelSection, ...]:
    if result.method != "staged":
        return ()
    scores = {level.number: level for level in result.levels}
    placement = result.overall.level or 1
    return tuple(
        LevelSection(
            level=level,
            score=scores.get(level.number),
            reached=level.number <= placement,
            questions=tuple(d for d in details.values() if d.question.level == level.number),
        )
        for level in definition.levels
    )


def _charts(page: ResultsPage, previous: AssessmentResult | None) -> ReportCharts:
    text = chart_text()
    chart = radar(page.result, page.definition, text, previous=previous)
    staircase = page.charts.staircase
    overview = staircase if staircase is not None else bars(page.result, page.definition, text)
    return ReportCharts(radar=to_svg(chart), overview=to_svg(overview))

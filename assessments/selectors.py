"""Reads about people and their access; every scoped query starts here."""

from dataclasses import dataclass, replace

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assessments.models import (
    CONSULTANTS_GROUP,
    Answer,
    Assessment,
    Consensus,
    Membership,
    Organization,
    Respondent,
    StateChange,
)
from assessments.scoring import (
    AnswerValue,
    AssessmentResult,
    RespondentAnswers,
    ScoringInput,
    score,
)
from maturity.models import Question
from maturity.schema import FrameworkDef, QuestionDef, SubdimensionDef
from maturity.selectors import cached_framework_definition


@dataclass(frozen=True)
class Roles:
    """What a user is, for navigation and access decisions."""

    admin: bool = False
    consultant: bool = False
    manager: bool = False
    member: bool = False


def user_roles(user: User | AnonymousUser) -> Roles:
    if not user.is_authenticated:
        return Roles()
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    return Roles(
        admin=bool(getattr(user, "is_staff", False)),
        consultant=user.groups.filter(name=CONSULTANTS_GROUP).exists(),
        manager=Membership.Role.MANAGER in roles,
        member=bool(roles),
    )


def visible_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """Organisations a user may see: all for admins, clients for consultants, own for members."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if getattr(user, "is_staff", False):
        return Organization.objects.all()
    return Organization.objects.filter(Q(consultants=user) | Q(memberships__user=user)).distinct()


@dataclass(frozen=True)
class Access:
    """What one user may do with one assessment; decided here and nowhere else."""

    view: bool = False
    answer: bool = False
    manage: bool = False
    results: bool = False
    reopen: bool = False
    respondent: Respondent | None = None


def visible_assessments(user: User | AnonymousUser) -> QuerySet[Assessment]:
    """Assessments a user may open: admins all; the client's consultants, the organisation's
    managers and the owner theirs; respondents the ones they answer."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    assessments = Assessment.objects.select_related("organization", "framework", "owner")
    if getattr(user, "is_staff", False):
        return assessments
    return assessments.filter(
        Q(owner=user)
        | Q(organization__consultants=user)
        | Q(
            organization__memberships__user=user,
            organization__memberships__role=Membership.Role.MANAGER,
        )
        | Q(respondents__user=user)
    ).distinct()


def assessment_for(user: User | AnonymousUser, pk: int) -> tuple[Assessment, Access]:
    """The assessment with the user's access to it; 404 when the user may not see it."""
    assessment = visible_assessments(user).filter(pk=pk).first()
    if assessment is None:
        raise Http404(_("No such assessment."))
    return assessment, assessment_access(user, assessment)


def assessment_access(user: User | AnonymousUser, assessment: Assessment) -> Access:
    if not user.is_authenticated:
        return Access()
    respondent = Respondent.objects.filter(assessment=assessment, user=user).first()
    oversees = bool(getattr(user, "is_staff", False)) or _oversees(user, assessment)
    owner = assessment.owner_id == user.pk
    return Access(
        view=oversees or owner or respondent is not None,
        answer=respondent is not None and not assessment.is_locked,
        manage=oversees or owner,
        results=oversees or owner or (respondent is not None and assessment.is_locked),
        reopen=assessment.is_locked and (owner or bool(getattr(user, "is_staff", False))),
        respondent=respondent,
    )


def _oversees(user: User, assessment: Assessment) -> bool:
    """The client's consultant or a manager of the organisation."""
    organization = assessment.organization
    return (
        organization.consultants.filter(pk=user.pk).exists()
        or organization.memberships.filter(user=user, role=Membership.Role.MANAGER).exists()
    )


def creatable_organizations(user: User | AnonymousUser) -> QuerySet[Organization]:
    """Where a user may start an assessment: any (admin), clients (consultant), own (manager)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if getattr(user, "is_staff", False):
        return Organization.objects.all()
    return Organization.objects.filter(
        Q(consultants=user) | Q(memberships__user=user, memberships__role=Membership.Role.MANAGER)
    ).distinct()


def scoring_input(assessment: Assessment, *, respondent: Respondent | None = None) -> ScoringInput:
    """The assessment's answers as the pure scoring input (one respondent's, if given)."""
    answers = Answer.objects.filter(respondent__assessment=assessment).exclude(value="")
    if respondent is not None:
        answers = answers.filter(respondent=respondent)
    by_respondent: dict[int, RespondentAnswers] = {}
    roles = dict(assessment.respondents.values_list("pk", "role"))
    grouped: dict[int, dict[str, AnswerValue]] = {pk: {} for pk in roles}
    for respondent_id, key, value in answers.values_list("respondent_id", "question__key", "value"):
        grouped[respondent_id][key] = answer_value(value)
    for pk, given in grouped.items():
        if respondent is None or pk == respondent.pk:
            by_respondent[pk] = RespondentAnswers(role=roles[pk], answers=given)
    consensus = {} if respondent is not None else _consensus(assessment)
    return ScoringInput(
        respondents=tuple(by_respondent.values()),
        consensus=consensus,
        targets=assessment.targets or {},
    )


def _consensus(assessment: Assessment) -> dict[str, AnswerValue]:
    rows = Consensus.objects.filter(assessment=assessment).values_list("question__key", "value")
    return {key: answer_value(value) for key, value in rows}


def answer_value(stored: str) -> AnswerValue:
    """An Answer row's value in the scoring input's terms: levels are integers."""
    return int(stored) if stored.isdigit() else stored  # type: ignore[return-value]


def assessment_definition(assessment: Assessment) -> FrameworkDef:
    return cached_framework_definition(assessment.framework)


def assessment_result(assessment: Assessment) -> AssessmentResult:
    """The result: the snapshot taken at submission, else scored from the answers now."""
    if assessment.is_locked and assessment.result_snapshot:
        return AssessmentResult.model_validate(assessment.result_snapshot)
    return score(assessment_definition(assessment), scoring_input(assessment))


@dataclass(frozen=True)
class RespondentProgress:
    respondent: Respondent
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def respondent_progress(assessment: Assessment) -> list[RespondentProgress]:
    """Who has answered how much (a not-applicable answer counts as answered)."""
    total = Question.objects.filter(subdimension__dimension__framework=assessment.framework_id)
    respondents = assessment.respondents.select_related("user").annotate(
        answered=Count("answers", filter=~Q(answers__value=""))
    )
    count = total.count()
    return [RespondentProgress(r, r.answered, count) for r in respondents]


def state_log(assessment: Assessment) -> QuerySet[StateChange]:
    return assessment.state_changes.select_related("by")


@dataclass(frozen=True)
class Page:
    """One questionnaire page: a dimension (continuous) or a level (staged)."""

    number: int
    title: str
    description: str
    questions: tuple[QuestionDef, ...]
    answered: int = 0

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def complete(self) -> bool:
        return self.answered == self.total


def questionnaire_pages(definition: FrameworkDef) -> list[Page]:
    if definition.method == "staged":
        return [
            Page(level.number, level.name, level.summary,
                 tuple(q for q in definition.questions() if q.level == level.number))
            for level in definition.levels
        ]  # fmt: skip
    return [
        Page(index, dimension.name, dimension.description,
             tuple(q for sub in dimension.subdimensions for q in sub.questions))
        for index, dimension in enumerate(definition.dimensions, start=1)
    ]  # fmt: skip


@dataclass(frozen=True)
class QuestionView:
    question: QuestionDef
    subdimension: SubdimensionDef
    cards: tuple[tuple[int, str, str, str], ...]  # level number, level name, descriptor, guidance
    answer: Answer | None


@dataclass(frozen=True)
class Questionnaire:
    pages: list[Page]
    page: Page
    questions: list[QuestionView]
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def previous(self) -> int | None:
        return self.page.number - 1 if self.page.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.page.number + 1 if self.page.number < len(self.pages) else None


def questionnaire(
    definition: FrameworkDef, respondent: Respondent, page_number: int
) -> Questionnaire:
    """One page of a respondent's questionnaire, with answers and progress; 404 past the end."""
    answers = respondent_answers(respondent)
    answered = {key for key, answer in answers.items() if answer.value}
    pages = [
        replace(page, answered=sum(q.key in answered for q in page.questions))
        for page in questionnaire_pages(definition)
    ]
    if not 1 <= page_number <= len(pages):
        raise Http404(_("No such page."))
    page = pages[page_number - 1]
    subdimension_of = {q.key: sub for sub in definition.subdimensions() for q in sub.questions}
    views = [
        QuestionView(q, subdimension_of[q.key], _cards(definition, subdimension_of[q.key]),
                     answers.get(q.key))
        for q in page.questions
    ]  # fmt: skip
    total = sum(page.total for page in pages)
    return Questionnaire(pages, page, views, len(answered), total)


def _cards(
    definition: FrameworkDef, subdimension: SubdimensionDef
) -> tuple[tuple[int, str, str, str], ...]:
    descriptors = {d.level: d for d in subdimension.descriptors}
    return tuple(
        (
            level.number,
            level.name,
            descriptors[level.number].text,
            descriptors[level.number].guidance,
        )
        for level in definition.levels
        if level.number in descriptors
    )


def respondent_answers(respondent: Respondent) -> dict[str, Answer]:
    answers = Answer.objects.filter(respondent=respondent).annotate(key=F("question__key"))
    return {answer.key: answer for answer in answers}

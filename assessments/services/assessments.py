"""Assessments: creation, answers, submission, reopening, ownership, invitations."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import signals
from assessments.models import (
    ANSWER_FIELDS,
    Answer,
    Assessment,
    Membership,
    Organization,
    Respondent,
    StateChange,
)
from assessments.scoring import score
from assessments.selectors import assessment_definition, scoring_input
from assessments.selectors.contributions import contributions_snapshot
from assessments.selectors.history import HANDOVER
from assessments.services.sql import upsert
from maturity.answers import allowed_values
from maturity.models import Dimension, Framework, Question, Subdimension


class Refused(Exception):
    """An action the rules do not allow now; the message says why, for the user."""


@transaction.atomic
def create_assessment(
    *,
    by: User,
    organization: Organization,
    framework: Framework,
    title: str,
    targets: dict[str, float] | None = None,
    due_date: date | None = None,
    anonymous: bool = False,
    respondent_role: str = "",
) -> Assessment:
    """A new draft on a published framework version, pinned for life; the creator answers too."""
    if framework.status != Framework.Status.PUBLISHED:
        raise Refused(_("Only a published framework version can be assessed."))
    assessment = Assessment.objects.create(
        organization=organization,
        framework=framework,
        title=title,
        owner=by,
        targets=targets or {},
        due_date=due_date,
        anonymous=anonymous,
    )
    Respondent.objects.create(assessment=assessment, user=by, role=respondent_role)
    _log(assessment, by=by, to_status=Assessment.Status.DRAFT)
    return assessment


def _log(
    assessment: Assessment,
    *,
    by: User | None,
    to_status: str,
    from_status: str = "",
    reason: str = "",
    event: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """A history entry: a status change with the reason given, or an `event` that keeps
    the status, kept as its code and `details` and worded when shown (selectors/history.py),
    so that every reader reads it in their own language."""
    StateChange.objects.create(
        assessment=assessment,
        from_status=from_status,
        to_status=to_status,
        by=by,
        reason=reason,
        event=event,
        details=details or {},
    )


def _move(assessment: Assessment, *, by: User | None, to_status: str, reason: str = "") -> None:
    from_status = assessment.status
    assessment.status = to_status
    assessment.save(
        update_fields=["status", "submitted_at", "result_snapshot", "contributions_snapshot"]
    )
    _log(assessment, by=by, to_status=to_status, from_status=from_status, reason=reason)


def record_answer(
    *,
    respondent: Respondent,
    question: Question,
    value: str,
    comment: str = "",
    evidence_url: str = "",
    confidence: str = "",
) -> None:
    """Save one respondent's answer to one question (see `save_answers`)."""
    fields = {
        "value": value,
        "comment": comment,
        "evidence_url": evidence_url,
        "confidence": confidence,
    }
    save_answers(respondent=respondent, answers={question.key: fields})


_FULL = frozenset(ANSWER_FIELDS)  # an answer giving every field: nothing to keep


def save_answers(*, respondent: Respondent, answers: dict[str, dict[str, str]]) -> None:
    """Save a respondent's answers by question key, all or none.

    Each answer holds the fields to save: `value` (a level number, yes/partly/no, na, or ""
    for none yet), `comment`, `evidence_url` and `confidence`. A field left out keeps its
    saved value (empty on a new answer): the questionnaire leaves out a field it refused,
    such as a bad evidence link, so that the level given with it is saved and the link
    saved before stays as it was. The first answer moves a draft to in progress; a
    submitted assessment refuses every change.

    Everything that needs no lock is checked first: the transaction, which holds the
    database's write lock (all writers queue behind it on SQLite), is two plain statements,
    and a third that reads the kept fields when an answer leaves some out.
    """
    assessment = respondent.assessment
    questions = _questions_by_key(assessment, answers.keys())
    levels = len(assessment_definition(assessment).levels)
    for key, fields in answers.items():
        value = str(fields.get("value") or "")
        if value and value not in allowed_values(questions[key].kind, levels):
            raise Refused(
                _("%(value)r is not an answer to %(key)s.") % {"value": value, "key": key}
            )
    now = timezone.now()
    with transaction.atomic():
        status = _locked_status(assessment.pk)
        if status == Assessment.Status.SUBMITTED:
            raise Refused(_("This assessment is submitted; answers can no longer change."))
        if not answers:
            return
        partial = [questions[key] for key, fields in answers.items() if _FULL - fields.keys()]
        kept = _saved_fields(respondent, partial)
        rows: list[list[Any]] = [
            [respondent.pk, questions[key].pk, *_fields(fields, kept.get(questions[key].pk)), now]
            for key, fields in answers.items()
        ]
        columns = ["respondent_id", "question_id", *ANSWER_FIELDS, "updated_at"]
        upsert(Answer, columns, rows, unique=2)
        if status == Assessment.Status.DRAFT:
            assessment = Assessment.objects.get(pk=assessment.pk)
            _move(assessment, by=respondent.user, to_status=Assessment.Status.IN_PROGRESS)


def _saved_fields(respondent: Respondent, questions: list[Question]) -> dict[int, dict[str, str]]:
    """These questions' saved fields by question id; read under the write lock, so that
    they cannot change before the upsert writes them back."""
    if not questions:
        return {}
    saved = Answer.objects.filter(respondent=respondent, question__in=questions)
    return {row.pop("question_id"): row for row in saved.values("question_id", *ANSWER_FIELDS)}


def _fields(given: dict[str, str], kept: dict[str, str] | None) -> list[str]:
    """The row's fields: those given, else those kept, else empty."""
    kept = kept or {}
    return [str((given[name] if name in given else kept.get(name)) or "") for name in ANSWER_FIELDS]


def _locked_status(pk: int) -> str:
    """The assessment's status, its row locked until the transaction ends (where the
    database can; SQLite's writers already queue for the whole database)."""
    sql = f"SELECT status FROM {Assessment._meta.db_table} WHERE id = %s"
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        (status,) = cursor.fetchone()  # the respondent's assessment: its row cannot go away
    return str(status)


def _questions_by_key(assessment: Assessment, keys: Iterable[str]) -> dict[str, Question]:
    wanted = sorted(set(keys))
    # Plain SQL: every autosave asks, and compiling the ORM's two joins cost more than
    # running them.
    sql = _QUESTIONS_SQL.format(
        question=Question._meta.db_table,
        subdimension=Subdimension._meta.db_table,
        dimension=Dimension._meta.db_table,
        keys=", ".join(["%s"] * len(wanted)),
    )
    questions = Question.objects.raw(sql, [assessment.framework_id, *wanted]) if wanted else []
    found = {question.key: question for question in questions}
    unknown = [key for key in wanted if key not in found]
    if unknown:
        raise Refused(_("No question %(keys)s in this assessment.") % {"keys": ", ".join(unknown)})
    return found


_QUESTIONS_SQL = """
SELECT q.* FROM {question} q
JOIN {subdimension} s ON s.id = q.subdimension_id
JOIN {dimension} d ON d.id = s.dimension_id
WHERE d.framework_id = %s AND q.key IN ({keys})
"""


@transaction.atomic
def submit_assessment(*, assessment: Assessment, by: User) -> Assessment:
    """Lock the answers and keep the result, the people and their answers as they are now,
    for the report to show for ever."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_locked:
        raise Refused(_("This assessment is already submitted."))
    result = score(assessment_definition(assessment), scoring_input(assessment))
    assessment.result_snapshot = result.model_dump(mode="json")
    assessment.contributions_snapshot = contributions_snapshot(assessment)
    assessment.submitted_at = timezone.now()
    _move(assessment, by=by, to_status=Assessment.Status.SUBMITTED)
    _announce(signals.assessment_submitted, assessment, by)
    return assessment


@transaction.atomic
def reopen_assessment(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """Unlock a submitted assessment; the reason is kept in its log."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not assessment.is_locked:
        raise Refused(_("Only a submitted assessment can be reopened."))
    if not reason.strip():
        raise Refused(_("Say why the assessment is reopened."))
    assessment.result_snapshot = None
    assessment.contributions_snapshot = None
    assessment.submitted_at = None
    _move(assessment, by=by, to_status=Assessment.Status.REOPENED, reason=reason.strip())
    _announce(signals.assessment_reopened, assessment, by)
    return assessment


def _announce(signal: Signal, assessment: Assessment, by: User | None) -> None:
    """Tell the listeners once the change is committed (never of one rolled back)."""
    transaction.on_commit(
        lambda: signal.send(sender=Assessment, assessment=assessment, by=by), robust=True
    )


def set_respondent_role(*, respondent: Respondent, role: str) -> Respondent:
    respondent.role = role
    respondent.save(update_fields=["role"])
    return respondent


@transaction.atomic
def transfer_ownership(*, assessment: Assessment, by: User, to: User) -> Assessment:
    """Hand the assessment to another member (any role) of its organisation.

    Who may hand it over is the access rule's `manage` (the view checks it). The history
    keeps the handover as a state change that leaves the status as it is, with the reason
    saying who passed it to whom, so the page's history lists it among the others.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.owner_id == to.pk:
        raise Refused(_("%(user)s already owns this assessment.") % {"user": to.username})
    if not Membership.objects.filter(organization_id=assessment.organization_id, user=to).exists():
        raise Refused(
            _("%(user)s is not a member of %(organization)s.")
            % {"user": to.username, "organization": assessment.organization.name}
        )
    previous = assessment.owner.username
    assessment.owner = to
    assessment.save(update_fields=["owner"])
    _log(
        assessment,
        by=by,
        to_status=assessment.status,
        from_status=assessment.status,
        event=HANDOVER,
        details={"from": previous, "to": to.username},
    )
    return assessment

"""The one access rule: its fast path for one assessment and the queryset agree, for every
combination of roles a user can hold and every state an assessment can be in."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import Assessment, Invitation, Membership, Organization, Respondent
from assessments.selectors import Access, access_to, assessment_for, visible_assessments
from assessments.services import add_member, assign_consultant, create_assessment, ensure_user
from maturity.models import Framework

pytestmark = pytest.mark.django_db

RELATIONS = (
    "admin",
    "consultant",  # of the client
    "other_consultant",  # of another client
    "manager",
    "member",
    "respondent",
    "invitee",  # invited, not yet accepted
    "owner",  # and a member of the organisation, as owners are made
    "former_owner",  # owner who has left: no membership
)
STATES = tuple(Assessment.Status.values)


def _expected(relations: frozenset[str], state: str) -> Access | None:
    """The rule as README states it, written independently of the code under test."""
    submitted = state == Assessment.Status.SUBMITTED
    # Ownership counts only while the owner is a member or consultant of the organisation.
    owns = bool(relations & {"owner", "former_owner"})
    belongs = bool(relations & {"owner", "member", "manager", "consultant"})
    owner = owns and belongs
    manage = owner or bool(relations & {"admin", "consultant", "manager"})
    respondent = "respondent" in relations
    if not (manage or respondent):
        return None
    return Access(
        view=True,
        answer=respondent and not submitted,
        manage=manage,
        results=manage or (respondent and submitted),
        reopen=submitted and (owner or "admin" in relations),
    )


def _world(relations: frozenset[str], state: str, owner: User, acme: Organization) -> Any:
    user = ensure_user(username="subject", password="pw", staff="admin" in relations)
    other = Organization.objects.create(name="Other Co", key="other-co")
    if "consultant" in relations:
        assign_consultant(user=user, organization=acme)
    if "other_consultant" in relations:
        assign_consultant(user=user, organization=other)
    # One membership per organisation: a manager is a member with the manager's role.
    if relations & {"manager", "member", "owner"}:
        role = "manager" if "manager" in relations else "member"
        add_member(user=user, organization=acme, role=role)
    owns = bool(relations & {"owner", "former_owner"})
    assessment = create_assessment(
        by=user if owns else owner,
        organization=acme,
        framework=Framework.objects.get(slug="tiny-staged"),
        title="Subject",
    )
    # The creator answers too; an owner need not (ownership may have been handed over).
    answers = Respondent.objects.filter(assessment=assessment, user=user)
    if "respondent" not in relations:
        answers.delete()
    elif not answers.exists():
        Respondent.objects.create(assessment=assessment, user=user, role="it")
    if "invitee" in relations:
        Invitation.objects.create(assessment=assessment, email="s@example.com", token="t" * 40)
    Assessment.objects.filter(pk=assessment.pk).update(status=state)
    return user, assessment.pk


def _fields(access: Access) -> tuple[Any, ...]:
    respondent = access.respondent.pk if access.respondent else None
    return (access.view, access.answer, access.manage, access.results, access.reopen, respondent)


@pytest.fixture
def tiny(db: None) -> None:
    from maturity.services import import_framework_file
    from tests.conftest import DATA

    import_framework_file(path=DATA / "tiny-staged.json")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    relations=st.frozensets(st.sampled_from(RELATIONS)),
    state=st.sampled_from(STATES),
)
def test_the_fast_path_and_the_queryset_agree_with_the_rule(
    relations: frozenset[str], state: str, tiny: None, acme: Organization
) -> None:
    with transaction.atomic():  # each example's rows go with its savepoint
        owner = ensure_user(username="someone-else", password="pw")
        add_member(user=owner, organization=acme, role=Membership.Role.MEMBER)
        user, pk = _world(relations, state, owner, acme)
        _check(user, pk, _expected(relations, state), "respondent" in relations)
        transaction.set_rollback(True)


def _check(user: User, pk: int, expected: Access | None, respondent: bool) -> None:
    try:
        fast: Access | None = assessment_for(user, pk)[1]
    except Http404:
        fast = None
    listed = visible_assessments(user).filter(pk=pk).first()
    if expected is None:
        assert fast is None
        assert listed is None
        return
    assert fast is not None and listed is not None
    assert _fields(fast)[:5] == _fields(expected)[:5]
    assert _fields(access_to(user, listed)) == _fields(fast)
    if respondent:
        assert fast.respondent is not None and fast.respondent.user_id == user.pk
        # The respondent is a real row: it saves.
        fast.respondent.save(update_fields=["role"])


def test_ids_of_any_size_are_not_found(people: dict[str, User | None]) -> None:
    admin = people["admin"]
    assert admin is not None
    for pk in (0, 2**63 - 1, 2**63, 2**70):
        with pytest.raises(Http404):
            assessment_for(admin, pk)

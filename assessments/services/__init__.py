"""Writes for the assessments app, by topic; import from here."""

from assessments.services.assessments import (
    Refused,
    accept_invitation,
    create_assessment,
    invite_respondent,
    record_answer,
    reopen_assessment,
    save_answers,
    set_respondent_role,
    submit_assessment,
)
from assessments.services.demo import DEMO_CLIENT, DEMO_SIGN_INS, DemoSignIn, load_demo_people
from assessments.services.people import add_member, assign_consultant, ensure_user

__all__ = [
    "DEMO_CLIENT",
    "DEMO_SIGN_INS",
    "DemoSignIn",
    "Refused",
    "accept_invitation",
    "add_member",
    "assign_consultant",
    "create_assessment",
    "ensure_user",
    "invite_respondent",
    "load_demo_people",
    "record_answer",
    "reopen_assessment",
    "save_answers",
    "set_respondent_role",
    "submit_assessment",
]

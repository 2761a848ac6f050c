"""Writes for the assessments app, by topic; import from here."""

from assessments.services.assessments import (
    Refused,
    create_assessment,
    record_answer,
    reopen_assessment,
    save_answers,
    set_respondent_role,
    submit_assessment,
    transfer_ownership,
)
from assessments.services.demo import DEMO_CLIENT, DEMO_SIGN_INS, DemoSignIn, load_demo_people
from assessments.services.invitations import (
    accept_invitation,
    free_username,
    invitation_refusal,
    invite_respondent,
    is_invited_address,
    mark_invitation_opened,
    resend_invitation,
    revoke_invitation,
    sign_up_invitee,
)
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
    "free_username",
    "invitation_refusal",
    "invite_respondent",
    "is_invited_address",
    "load_demo_people",
    "mark_invitation_opened",
    "record_answer",
    "reopen_assessment",
    "resend_invitation",
    "revoke_invitation",
    "save_answers",
    "set_respondent_role",
    "sign_up_invitee",
    "submit_assessment",
    "transfer_ownership",
]

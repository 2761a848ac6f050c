"""The assessments' background tasks (Django's tasks framework; see config/settings.py TASKS)."""

from django.tasks import task

from assessments.services.invitations import deliver_invitation


@task()
def send_invitation(invitation_id: int, url: str) -> None:
    """E-mail invitation `invitation_id` with its link `url` (`deliver_invitation`)."""
    deliver_invitation(invitation_id, url)


@task()
def send_email(subject: str, body: str, to: list[str]) -> None:
    """One plain-text e-mail (a password-reset link), sent by a worker. A failure is logged
    and raised, so that the task's result records it; the page that asked for the mail
    never tells whether an address has an account, so it cannot say either way."""
    from django.core.mail import send_mail

    send_mail(subject=subject, message=body, from_email=None, recipient_list=to)

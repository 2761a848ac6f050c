"""Languages of people and of assessments: the switcher, the stored choice, the browser's
default, the assessment's language and its e-mails.

German text is checked with a tiny catalogue compiled for the test (`german`), placed
before the project's, so the tests say the same whether or not the full German catalogue
is compiled; dates come from Django's own German formats.
"""

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import override

from assessments.models import Assessment, Invitation, Organization, Preferences
from assessments.services import create_assessment
from assessments.services.people import remember_language
from maturity.models import Framework
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

COOKIE = django_settings.LANGUAGE_COOKIE_NAME
# Strings of the interface and their German, as the tiny catalogue has them.
GERMAN = {
    "Overview": "Übersicht (Test)",
    "Invitation: %(title)s": "Einladung (Test): %(title)s",
    "Page %(page)s of %(pages)s": "Seite %(page)s von %(pages)s",
    "Maturity results": "Reifegrad-Ergebnisse (Test)",
    "IoT maturity assessment report": "Bericht zum IoT-Reifegrad (Test)",
}


def compile_catalogue(directory: Path, messages: dict[str, str]) -> None:
    """A German catalogue of `messages` under `directory`, compiled with gettext's msgfmt
    (which the set-up needs for the real catalogue too)."""
    folder = directory / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    entries = "".join(
        f'msgid "{source}"\nmsgstr "{german}"\n\n' for source, german in messages.items()
    )
    (folder / "django.po").write_text(header + entries, encoding="utf-8")
    subprocess.run(
        ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True
    )


@pytest.fixture
def german(tmp_path: Path, settings: Any) -> None:
    """The tiny catalogue takes precedence over the project's (the first of LOCALE_PATHS
    wins); changing the setting empties Django's translation caches."""
    compile_catalogue(tmp_path, GERMAN)
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]


@pytest.fixture(autouse=True)
def _no_language_left_active() -> Any:
    """The test client's requests leave their language active in this thread (Django
    activates one per request and never deactivates it): a later test's assessment, made
    outside a request, would take it."""
    yield
    translation.deactivate()


def html_lang(response: Any) -> str:
    found = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert found is not None
    return found.group(1)


def switch(client: Client, language: str, next_url: str) -> Any:
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


# The reader's language


def test_a_new_browser_asking_for_german_gets_german(german: None) -> None:
    page = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    assert html_lang(page) == "de"
    assert page["Content-Language"] == "de"
    # Django's own German: the sign-in form's field.
    assert "Benutzername" in page.content.decode()


def test_without_a_choice_an_english_browser_gets_english(people: dict[str, Any]) -> None:
    page = client_for(people["manager"]).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB")
    assert html_lang(page) == "en"
    assert not Preferences.objects.exists()


def test_the_switcher_keeps_the_choice_on_the_user_and_the_next_page_is_german(
    people: dict[str, Any], german: None
) -> None:
    client = client_for(people["manager"])
    list_url = reverse("assessments:list")
    response = switch(client, "de", list_url)
    assert response.status_code == 302 and response["Location"] == list_url
    assert Preferences.objects.get(user=people["manager"]).language == "de"
    page = client.get(reverse("home"))
    assert html_lang(page) == "de" and page["Content-Language"] == "de"
    assert GERMAN["Overview"] in page.content.decode()
    # ... and back.
    switch(client, "en", list_url)
    assert Preferences.objects.get(user=people["manager"]).language == "en"
    assert html_lang(client.get(reverse("home"))) == "en"


def test_every_page_has_the_switcher_labelled_with_the_current_language_selected(
    people: dict[str, Any],
) -> None:
    page = client_for(people["manager"]).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert '<label class="visually-hidden" for="language-choice">' in html
    assert '<option value="de" lang="de" selected>Deutsch</option>' in html
    assert 'name="next" value="/"' in html


def test_the_switcher_goes_back_only_to_a_page_of_this_site(people: dict[str, Any]) -> None:
    response = switch(client_for(people["manager"]), "de", "https://elsewhere.example/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies[COOKIE].value == "de"


def test_a_language_the_site_does_not_offer_is_not_kept(people: dict[str, Any]) -> None:
    client = client_for(people["manager"])
    response = switch(client, "xx", "/")
    assert response.status_code == 302
    assert not Preferences.objects.exists()
    assert html_lang(client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_signing_in_brings_back_the_stored_language_on_a_new_browser(
    people: dict[str, Any],
) -> None:
    manager: User = people["manager"]
    remember_language(user=manager, language="de")
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = browser.post(reverse("login"), {"username": "max", "password": "pw-manager"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "de"
    assert html_lang(browser.get(response["Location"])) == "de"


def test_signing_in_without_a_stored_language_leaves_the_browsers(
    people: dict[str, Any],
) -> None:
    browser = Client(HTTP_ACCEPT_LANGUAGE="de")
    response = browser.post(reverse("login"), {"username": "max", "password": "pw-manager"})
    assert response.status_code == 302 and COOKIE not in response.cookies
    assert html_lang(browser.get(response["Location"])) == "de"


def test_a_workshop_phone_switches_by_cookie_alone_and_stays_on_its_page() -> None:
    phone = Client()
    join_url = reverse("assessments:join")
    assert f'action="{reverse("set_language")}"' in phone.get(join_url).content.decode()
    response = switch(phone, "de", join_url)
    assert response["Location"] == join_url
    assert response.cookies[COOKIE].value == "de"
    assert html_lang(phone.get(join_url)) == "de"
    assert not Preferences.objects.exists()


# The assessment's language


def create(client: Client, **extra: str) -> Assessment:
    data = {
        "title": "Baseline",
        "organization": str(Organization.objects.get(key="acme-devices").pk),
        "framework": str(Framework.objects.get(slug="gartner-iot").pk),
        **extra,
    }
    response = client.post(reverse("assessments:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Assessment.objects.get(title="Baseline")


def test_the_form_offers_the_creators_language_first(
    people: dict[str, Any], frameworks: None
) -> None:
    client = client_for(people["manager"])
    page = client.get(reverse("assessments:create"), HTTP_ACCEPT_LANGUAGE="de")
    assert re.search(r'<option value="de"[^>]* selected>', page.content.decode())
    page = client.get(reverse("assessments:create"), HTTP_ACCEPT_LANGUAGE="en")
    assert re.search(r'<option value="en"[^>]* selected>', page.content.decode())


def test_an_assessment_takes_its_creators_language_by_default(
    people: dict[str, Any], frameworks: None
) -> None:
    client = client_for(people["manager"])
    switch(client, "de", "/")
    assert create(client).language == "de"


def test_the_language_chosen_on_the_form_wins_over_the_creators(
    people: dict[str, Any], frameworks: None
) -> None:
    client = client_for(people["manager"])
    switch(client, "de", "/")
    assert create(client, language="en").language == "en"


def test_a_language_the_site_does_not_offer_is_refused_on_the_form(
    people: dict[str, Any], frameworks: None
) -> None:
    data = {"title": "Baseline", "language": "fr"}
    page = client_for(people["manager"]).post(reverse("assessments:create"), data)
    assert page.status_code == 200
    assert "Select a valid choice" in page.content.decode()
    assert not Assessment.objects.exists()


def test_the_assessment_page_names_its_language_in_the_readers(
    people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    Assessment.objects.filter(pk=gartner_assessment.pk).update(language="de")
    url = reverse("assessments:detail", args=[gartner_assessment.pk])
    english = client_for(people["manager"]).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert shown_language(english) == "report and e-mails in German"
    german = client_for(people["manager"]).get(url, HTTP_ACCEPT_LANGUAGE="de")
    # Django's own catalogue names the language in the reader's: "Deutsch" in German.
    assert html_lang(german) == "de" and "Deutsch" in shown_language(german)


def shown_language(page: Any) -> str:
    found = re.search(r'class="assessment-language">([^<]*)<', page.content.decode())
    assert found is not None
    return found.group(1)


def test_an_assessment_made_outside_a_request_is_in_the_default_language(
    people: dict[str, Any], frameworks: None, acme: Organization
) -> None:
    translation.deactivate()
    made = create_assessment(
        by=people["manager"],
        organization=acme,
        framework=Framework.objects.get(slug="gartner-iot"),
        title="By a script",
    )
    assert made.language == django_settings.LANGUAGE_CODE == "en"


# E-mails follow the assessment, pages the reader


def invite(client: Client, assessment: Assessment) -> Any:
    url = reverse("assessments:invite", args=[assessment.pk])
    return client.post(url, {"email": "ivy@example.com", "role": "it"}, follow=True)


def test_the_invitation_is_in_the_assessments_language_and_the_page_in_the_readers(
    people: dict[str, Any], gartner_assessment: Assessment, german: None
) -> None:
    Assessment.objects.filter(pk=gartner_assessment.pk).update(language="de")
    page = invite(client_for(people["manager"]), gartner_assessment)
    expires = timezone.localtime(Invitation.objects.get().expires_at)
    with override("de"):
        german_date = formats.date_format(expires, "DATE_FORMAT")
    english_date = formats.date_format(expires, "DATE_FORMAT")
    assert german_date != english_date  # "14. Dezember 2026", "Dec. 14, 2026"
    [message] = mail.outbox
    assert message.subject == "Einladung (Test): Baseline"
    assert german_date in message.body and english_date not in message.body
    # The manager who sent it reads on in English.
    assert html_lang(page) == "en"
    assert f"the link works until {english_date}" in page.content.decode()


def test_a_german_reader_resends_an_english_assessments_invitation_in_english(
    people: dict[str, Any], gartner_assessment: Assessment, german: None
) -> None:
    client = client_for(people["manager"])
    invite(client, gartner_assessment)
    switch(client, "de", "/")
    invitation = Invitation.objects.get()
    url = reverse("assessments:invitation_resend", args=[gartner_assessment.pk, invitation.pk])
    page = client.post(url, follow=True)
    assert html_lang(page) == "de"
    resent = mail.outbox[-1]
    assert len(mail.outbox) == 2 and resent.subject == "Invitation: Baseline"
    invitation.refresh_from_db()
    with override("en"):
        assert formats.date_format(timezone.localtime(invitation.expires_at)) in resent.body

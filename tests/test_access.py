"""Every page of the foundation against every role: the status each one gets."""

import pytest
from django.urls import reverse

from maturity.models import Framework
from maturity.services import copy_framework_as_draft
from tests.conftest import ROLES, client_for

pytestmark = pytest.mark.django_db

OK, LOGIN, NOT_FOUND = 200, 302, 404
SIGNED_IN = {"anonymous": LOGIN, "member": OK, "manager": OK, "consultant": OK, "admin": OK}
STAFF_ONLY = {
    "anonymous": LOGIN,
    "member": LOGIN,
    "manager": LOGIN,
    "consultant": LOGIN,
    "admin": OK,
}
DRAFT = {
    "anonymous": LOGIN,
    "member": NOT_FOUND,
    "manager": NOT_FOUND,
    "consultant": NOT_FOUND,
    "admin": OK,
}
EVERYONE = dict.fromkeys(ROLES, OK)


def pages(published: Framework, draft: Framework) -> list[tuple[str, dict[str, int]]]:
    p, d = (published.slug, published.version), (draft.slug, draft.version)
    return [
        (reverse("home"), SIGNED_IN),
        (reverse("login"), EVERYONE),
        (reverse("password_change"), SIGNED_IN),
        (reverse("password_change_done"), SIGNED_IN),
        (reverse("api_tokens"), SIGNED_IN),
        (reverse("password_reset"), EVERYONE),
        (reverse("password_reset_done"), EVERYONE),
        (reverse("password_reset_confirm", args=("MQ", "not-a-token")), EVERYONE),
        (reverse("password_reset_complete"), EVERYONE),
        (reverse("maturity:framework_list"), SIGNED_IN),
        (reverse("maturity:framework_detail", args=p), SIGNED_IN),
        (reverse("maturity:framework_detail", args=p) + "?view=projector", SIGNED_IN),
        (reverse("maturity:framework_export", args=p), SIGNED_IN),
        (reverse("maturity:framework_detail", args=d), DRAFT),
        (reverse("maturity:framework_export", args=d), DRAFT),
        (reverse("maturity:framework_detail", args=("nope", 1)), {**DRAFT, "admin": NOT_FOUND}),
        (reverse("admin:index"), STAFF_ONLY),
        (reverse("admin:maturity_framework_changelist"), STAFF_ONLY),
        (reverse("admin:maturity_framework_change", args=[published.pk]), STAFF_ONLY),
        (reverse("admin:maturity_framework_change", args=[draft.pk]), STAFF_ONLY),
        (reverse("admin:maturity_framework_import"), STAFF_ONLY),
        (reverse("admin:maturity_framework_export", args=[published.pk]), STAFF_ONLY),
        (reverse("admin:maturity_dimension_changelist"), STAFF_ONLY),
        (reverse("admin:maturity_subdimension_changelist"), STAFF_ONLY),
        (reverse("admin:assessments_organization_changelist"), STAFF_ONLY),
    ]


@pytest.fixture
def frameworks_pair(frameworks: None) -> tuple[Framework, Framework]:
    published = Framework.objects.get(slug="gartner-iot")
    return published, copy_framework_as_draft(framework=published)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_with_the_right_status(
    role: str, people: dict, frameworks_pair: tuple[Framework, Framework]
) -> None:
    client = client_for(people[role])
    statuses = {url: client.get(url).status_code for url, _ in pages(*frameworks_pair)}
    expected = {url: by_role[role] for url, by_role in pages(*frameworks_pair)}
    assert statuses == expected


@pytest.mark.parametrize("role", ROLES)
def test_admin_actions_that_post_are_staff_only(
    role: str, people: dict, frameworks_pair: tuple[Framework, Framework]
) -> None:
    published, draft = frameworks_pair
    client = client_for(people[role])
    copy = client.post(reverse("admin:maturity_framework_copy", args=[published.pk]))
    publish = client.post(reverse("admin:maturity_framework_publish", args=[draft.pk]))
    if role == "admin":
        assert (copy.status_code, publish.status_code) == (302, 302)
        assert Framework.objects.filter(slug="gartner-iot", status="published").count() == 2
    else:
        assert copy.status_code == publish.status_code == 302
        assert "/admin/login/" in copy["Location"]
        assert Framework.objects.filter(slug="gartner-iot").count() == 2


def test_an_anonymous_visitor_is_sent_to_sign_in_with_the_page_to_return_to(db: None) -> None:
    response = client_for(None).get(reverse("maturity:framework_list"))
    assert response["Location"] == reverse("login") + "?next=" + reverse("maturity:framework_list")


def test_sign_out_is_a_post_that_ends_the_session(people: dict) -> None:
    client = client_for(people["member"])
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == LOGIN


def test_sign_in_with_a_wrong_password_re_renders_with_an_error(people: dict) -> None:
    response = client_for(None).post(reverse("login"), {"username": "mia", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()

"""What each API endpoint answers: the values a caller reads, the checks on what it sends
(every error JSON, naming the field), pagination, ids of any size, and the docs page."""

import json
import re
from io import StringIO
from typing import Any, get_args

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver

from api.schemas import AssessmentStatus, ItemState, JobStatus, Language, RespondentRole
from api.tokens import create_token
from assessments.models import Answer, Assessment, Participant, Workshop, WorkshopItem
from assessments.models import RespondentRole as RoleChoices
from assessments.selectors import assessment_result
from assessments.services import save_answers, submit_assessment
from assessments.services import workshops as ws
from assessments.services.joining import join_workshop
from config.converters import LARGEST
from maturity.models import Framework, Question
from maturity.services import copy_framework_as_draft
from reports.models import Job, Output
from tests.reports.test_pdf import WORKED

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def api_client(user: User, scope: str = "write") -> Client:
    _token, raw = create_token(user=user, name="test", scope=scope)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def put(client: Client, url: str, body: Any) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def post(client: Client, url: str, body: Any = None) -> Any:
    if body is None:
        return client.post(url)
    return client.post(url, json.dumps(body), content_type="application/json")


def locs(response: Any) -> list[list[str | int]]:
    """The fields a 422 names."""
    assert response.status_code == 422, response.content
    return [problem["loc"] for problem in response.json()["detail"]]


@pytest.fixture
def manager(everyone: dict[str, Any]) -> Client:
    return api_client(everyone["manager"])


@pytest.fixture
def url(gartner_assessment: Assessment) -> str:
    return f"/api/v1/assessments/{gartner_assessment.pk}"


# --- the catalogue --------------------------------------------------------------------


def test_frameworks_list_the_published_versions_and_drafts_only_for_admins(
    everyone: dict[str, Any], manager: Client
) -> None:
    copy_framework_as_draft(framework=Framework.objects.get(slug="gartner-iot"))
    listed = manager.get("/api/v1/frameworks").json()
    assert listed["count"] == 2
    gartner = next(f for f in listed["items"] if f["slug"] == "gartner-iot")
    assert gartner["name"] == "Gartner Maturity Model for IoT"
    assert [(v["version"], v["status"]) for v in gartner["versions"]] == [(1, "published")]
    assert gartner["versions"][0]["definition_url"] == "/api/v1/frameworks/gartner-iot/versions/1"
    as_admin = api_client(everyone["admin"]).get("/api/v1/frameworks").json()
    gartner = next(f for f in as_admin["items"] if f["slug"] == "gartner-iot")
    assert [(v["version"], v["status"]) for v in gartner["versions"]] == [
        (2, "draft"),
        (1, "published"),
    ]


def test_a_versions_definition_is_the_file_export_framework_writes(manager: Client) -> None:
    exported = StringIO()
    call_command("export_framework", "ptc-cpmm", "--version", "1", stdout=exported)
    response = manager.get("/api/v1/frameworks/ptc-cpmm/versions/1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content.decode() == exported.getvalue()
    assert response.json()["dimensions"][0]["weight"] == 1.0  # a number, as in the file


def test_a_draft_is_not_found_but_by_admins_and_a_broken_one_says_why(
    everyone: dict[str, Any], manager: Client
) -> None:
    draft = copy_framework_as_draft(framework=Framework.objects.get(slug="gartner-iot"))
    path = f"/api/v1/frameworks/gartner-iot/versions/{draft.version}"
    assert manager.get(path).status_code == 404
    admin = api_client(everyone["admin"])
    assert admin.get(path).json()["version"] == draft.version
    # A subdimension without questions breaks a rule of the definition.
    Question.objects.filter(subdimension__dimension__framework=draft, key="culture").delete()
    broken = admin.get(path)
    assert broken.status_code == 409
    assert "questions" in broken.json()["detail"]
    assert manager.get("/api/v1/frameworks/nope/versions/1").status_code == 404


# --- organisations and assessments --------------------------------------------------------


def test_organisations_are_the_ones_the_caller_sees(everyone: dict[str, Any]) -> None:
    listed = api_client(everyone["consultant"]).get("/api/v1/organisations").json()
    assert listed == {
        "items": [{"id": listed["items"][0]["id"], "key": "acme-devices", "name": "Acme Devices"}],
        "count": 1,
    }
    assert api_client(everyone["outsider"]).get("/api/v1/organisations").json()["count"] == 0


def test_an_assessment_reads_as_the_caller_may_use_it(
    everyone: dict[str, Any], gartner_assessment: Assessment, url: str
) -> None:
    body = api_client(everyone["respondent"]).get(url).json()
    assert body["title"] == "Baseline"
    assert body["status"] == "draft"
    assert body["organisation"]["key"] == "acme-devices"
    assert body["framework"] == {
        "slug": "gartner-iot",
        "version": 1,
        "name": "Gartner Maturity Model for IoT",
    }
    assert body["targets"] == {"overall": 4.0}
    assert body["access"] == {
        "view": True,
        "answer": True,
        "manage": False,
        "results": False,
        "reopen": False,
        "respondent": True,
    }
    assert api_client(everyone["consultant"]).get(url).json()["access"]["manage"] is True


def test_assessments_filter_by_organisation_and_status_and_page(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client
) -> None:
    organisation = gartner_assessment.organization_id
    for title in ("Second", "Third"):
        made = post(
            manager,
            "/api/v1/assessments",
            {"organisation": organisation, "framework": "gartner-iot", "title": title},
        )
        assert made.status_code == 201
    listed = manager.get("/api/v1/assessments?limit=2").json()
    assert listed["count"] == 3
    assert [a["title"] for a in listed["items"]] == ["Third", "Second"]  # newest first
    assert [a["title"] for a in manager.get("/api/v1/assessments?offset=2").json()["items"]] == [
        "Baseline"
    ]
    submit_assessment(assessment=gartner_assessment, by=everyone["manager"])
    submitted = manager.get("/api/v1/assessments?status=submitted").json()
    assert [a["title"] for a in submitted["items"]] == ["Baseline"]
    mine = manager.get(f"/api/v1/assessments?organisation={organisation}").json()
    assert mine["count"] == 3
    for other in (organisation + 1, 0, -1, 2**63, 10**30):
        assert manager.get(f"/api/v1/assessments?organisation={other}").json()["count"] == 0
    assert locs(manager.get("/api/v1/assessments?status=done")) == [["query", "status"]]
    assert locs(manager.get("/api/v1/assessments?limit=101")) == [["query", "limit"]]
    assert locs(manager.get("/api/v1/assessments?offset=-1")) == [["query", "offset"]]


def test_creating_an_assessment_pins_the_version_and_makes_the_caller_its_first_respondent(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client
) -> None:
    body = {
        "organisation": gartner_assessment.organization_id,
        "framework": "ptc-cpmm",
        "title": "  Connected products 2026  ",
        "targets": {"overall": 4},
        "due_date": "2026-12-31",
        "anonymous": True,
        "role": "ot",
        "language": "de",
    }
    response = post(manager, "/api/v1/assessments", body)
    assert response.status_code == 201
    created = Assessment.objects.get(pk=response.json()["id"])
    assert created.title == "Connected products 2026"
    assert (created.framework.slug, created.framework.version) == ("ptc-cpmm", 1)
    assert created.language == "de"
    assert created.targets == {"overall": 4}
    assert str(created.due_date) == "2026-12-31"
    assert created.anonymous is True
    assert created.owner == everyone["manager"]
    assert list(created.respondents.values_list("user__username", "role")) == [("max", "ot")]
    assert response.json()["access"]["manage"] is True


def test_creating_refuses_each_bad_field_by_name_and_makes_nothing(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client
) -> None:
    acme = gartner_assessment.organization_id
    good = {"organisation": acme, "framework": "gartner-iot", "title": "Next"}

    def refused(**change: Any) -> list[list[str | int]]:
        return locs(post(manager, "/api/v1/assessments", good | change))

    other_co = everyone["other_consultant"].client_organizations.get().pk
    assert refused(organisation=other_co) == [["body", "payload", "organisation"]]
    assert refused(organisation=2**70) == [["body", "payload", "organisation"]]
    assert refused(framework="nope") == [["body", "payload", "framework"]]
    assert refused(framework="Not a slug!") == [["body", "payload", "framework"]]
    assert refused(version=2) == [["body", "payload", "version"]]
    assert refused(version=2**40) == [["body", "payload", "version"]]
    assert refused(title="   ") == [["body", "payload", "title"]]
    assert refused(title="a\x00b") == [["body", "payload", "title"]]
    assert refused(targets={"overall": 6, "culture": 2, "nope": 3}) == [
        ["body", "payload", "targets", "overall"],
        ["body", "payload", "targets", "nope"],
    ]
    assert refused(role="boss") == [["body", "payload", "role"]]
    assert refused(colour="red") == [["body", "payload", "colour"]]
    staged = refused(framework="ptc-cpmm", targets={"strategy": 2})
    assert staged == [["body", "payload", "targets", "strategy"]]
    assert Assessment.objects.count() == 1


def test_only_those_who_may_start_assessments_may_create_one(
    everyone: dict[str, Any], gartner_assessment: Assessment
) -> None:
    body = {"organisation": gartner_assessment.organization_id, "framework": "gartner-iot"}
    refused = post(api_client(everyone["member"]), "/api/v1/assessments", body | {"title": "X"})
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only managers and consultants start assessments."}


def test_submitting_locks_the_answers_once(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client, url: str
) -> None:
    submitted = post(manager, f"{url}/submit")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_at"] is not None
    again = post(manager, f"{url}/submit")
    assert again.status_code == 409
    assert again.json() == {"detail": "This assessment is already submitted."}
    refused = post(api_client(everyone["respondent"]), f"{url}/submit")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the owner, managers and consultants manage this."


# --- answers --------------------------------------------------------------------------


def test_managers_read_every_respondents_answers_and_respondents_their_own(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client, url: str
) -> None:
    rhea = gartner_assessment.respondents.get(user=everyone["respondent"])
    save_answers(respondent=rhea, answers={"culture": {"value": "4", "comment": "Strong"}})
    everyone_s = manager.get(f"{url}/answers").json()
    assert everyone_s["count"] == 2
    assert [(r["username"], r["role"], r["you"]) for r in everyone_s["items"]] == [
        ("max", "", True),
        ("rhea", "it", False),
    ]
    given = everyone_s["items"][1]["answers"]["culture"]
    assert (given["value"], given["comment"], given["confidence"]) == ("4", "Strong", "")
    own = api_client(everyone["respondent"]).get(f"{url}/answers").json()
    assert own["count"] == 1
    assert own["items"][0]["username"] == "rhea"
    assert own["items"][0]["you"] is True


def test_answers_are_saved_as_the_questionnaire_cleans_them(manager: Client, url: str) -> None:
    answers = {
        "culture": {
            "value": 3,
            "comment": "Pilots",
            "evidence_url": "intranet.example.com/x",
            "confidence": "high",
        },
        "ecosystem": {"value": "na"},
    }
    saved = put(manager, f"{url}/answers", {"answers": answers})
    assert saved.status_code == 200
    culture = saved.json()["answers"]["culture"]
    assert (culture["value"], culture["evidence_url"], culture["confidence"]) == (
        "3",
        "https://intranet.example.com/x",
        "high",
    )
    assert saved.json()["answers"]["ecosystem"]["value"] == "na"
    # A field left out keeps its value; "" clears one.
    again = put(manager, f"{url}/answers", {"answers": {"culture": {"value": "4", "comment": ""}}})
    culture = again.json()["answers"]["culture"]
    assert (culture["value"], culture["comment"], culture["confidence"]) == ("4", "", "high")


def test_one_bad_answer_refuses_them_all_naming_each_key_and_field(
    manager: Client, url: str, gartner_assessment: Assessment
) -> None:
    answers = {
        "culture": {"value": "2"},
        "ecosystem": {"value": "9", "evidence_url": "not a link", "comment": "x" * 5001},
        "architecture": {"value": "yes"},
        "nope": {"value": "1"},
        "business-alignment": {"value": True},
        "economic-model": {"confidence": "sure"},
    }
    response = put(manager, f"{url}/answers", {"answers": answers})
    assert sorted(map(tuple, locs(response))) == sorted(
        [
            ("body", "payload", "answers", "business-alignment", "value", "str"),
            ("body", "payload", "answers", "business-alignment", "value", "int"),
            ("body", "payload", "answers", "economic-model", "confidence"),
        ]
    )
    del answers["business-alignment"], answers["economic-model"]
    response = put(manager, f"{url}/answers", {"answers": answers})
    problems = {tuple(p["loc"][3:]): p["msg"] for p in response.json()["detail"]}
    assert problems == {
        ("ecosystem", "value"): "Select a valid choice. 9 is not one of the available choices.",
        ("ecosystem", "comment"): ("Ensure this value has at most 5000 characters (it has 5001)."),
        ("ecosystem", "evidence_url"): "Enter a valid URL.",
        ("architecture", "value"): "Select a valid choice. yes is not one of the available "
        "choices.",
        ("nope",): "No such question in this assessment.",
    }
    assert not Answer.objects.exists()
    gartner_assessment.refresh_from_db()
    assert gartner_assessment.status == Assessment.Status.DRAFT


def test_answers_of_a_submitted_assessment_are_refused_with_the_reason(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client, url: str
) -> None:
    submit_assessment(assessment=gartner_assessment, by=everyone["manager"])
    response = put(manager, f"{url}/answers", {"answers": {"culture": {"value": "2"}}})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This assessment is submitted; answers can no longer change."
    }
    assert not Answer.objects.exists()


# --- results -----------------------------------------------------------------------------


def answered(assessment: Assessment, user: User) -> None:
    respondent = assessment.respondents.get(user=user)
    answers = {key: {"value": value} for key, value in WORKED.items()}
    save_answers(respondent=respondent, answers=answers)


def test_the_result_is_the_results_pages_and_reads_in_the_requests_language(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client, url: str
) -> None:
    answered(gartner_assessment, everyone["manager"])
    result = manager.get(f"{url}/result").json()
    assert result == assessment_result(gartner_assessment).model_dump(mode="json")
    assert (result["overall"]["level"], result["overall"]["level_name"]) == (2, "Exploratory")
    assert result["overall"]["score"] == pytest.approx(8 / 3)
    german = manager.get(f"{url}/result", HTTP_ACCEPT_LANGUAGE="de").json()
    assert german["overall"]["level_name"] == "Explorativ"
    assert german["overall"]["score"] == result["overall"]["score"]


def test_a_submitted_assessments_result_is_the_one_kept(
    everyone: dict[str, Any], gartner_assessment: Assessment, url: str
) -> None:
    answered(gartner_assessment, everyone["manager"])
    submitted = submit_assessment(assessment=gartner_assessment, by=everyone["manager"])
    # The answers under the snapshot change (as a deleted account's would): it does not.
    Answer.objects.filter(question__key="culture").update(value="5")
    kept = api_client(everyone["respondent"]).get(f"{url}/result").json()
    assert submitted.result_snapshot is not None
    assert kept["overall"]["score"] == submitted.result_snapshot["overall"]["score"]
    assert kept["overall"]["score"] == pytest.approx(8 / 3)


# --- reports -----------------------------------------------------------------------------


def test_a_report_is_requested_polled_and_downloaded(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client, url: str
) -> None:
    answered(gartner_assessment, everyone["manager"])
    requested = post(manager, f"{url}/reports", {"format": "csv", "paper": "letter"})
    assert requested.status_code == 202
    job = requested.json()
    assert (job["status"], job["format"], job["paper"], job["language"]) == (
        "done",
        "csv",
        "a4",
        "en",
    )
    assert job["download_url"] == f"{url}/reports/{job['id']}/download"
    assert manager.get(f"{url}/reports/{job['id']}").json() == job
    assert manager.get(f"{url}/reports").json() == {"items": [job], "count": 1}
    file = manager.get(job["download_url"])
    assert file.status_code == 200
    assert file["Content-Type"] == "text/csv; charset=utf-8"
    assert file.content == bytes(Output.objects.get().content)
    assert b"culture" in file.content
    assert locs(post(manager, f"{url}/reports", {"format": "doc"})) == [
        ["body", "payload", "format"]
    ]


@override_settings(TASKS=DUMMY_TASKS)
def test_a_file_not_made_yet_is_queued_and_not_found(manager: Client, url: str) -> None:
    job = post(manager, f"{url}/reports", {"format": "pdf"}).json()
    assert (job["status"], job["download_url"]) == ("queued", None)
    missing = manager.get(f"{url}/reports/{job['id']}/download")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "This file is not ready."}
    assert Job.objects.get().status == Job.Status.QUEUED


def test_another_assessments_report_is_not_found(
    everyone: dict[str, Any], gartner_assessment: Assessment, manager: Client, url: str
) -> None:
    job = post(manager, f"{url}/reports", {"format": "csv"}).json()
    other = post(
        manager,
        "/api/v1/assessments",
        {
            "organisation": gartner_assessment.organization_id,
            "framework": "gartner-iot",
            "title": "Other",
        },
    ).json()
    stray = f"/api/v1/assessments/{other['id']}/reports/{job['id']}"
    assert manager.get(stray).status_code == 404
    assert manager.get(f"{stray}/download").status_code == 404


# --- workshops ---------------------------------------------------------------------------


@pytest.fixture
def workshop(everyone: dict[str, Any], gartner_assessment: Assessment) -> Workshop:
    """A workshop where two people voted on culture (revealed, agreed) and one on ecosystem
    (closed, not revealed)."""
    workshop = ws.start_workshop(assessment=gartner_assessment, by=everyone["consultant"])
    people = [
        join_workshop(workshop=workshop, name="", role=role, address="10.0.0.1")
        for role in ("it", "ot")
    ]
    for key, votes in (("culture", ["2", "4"]), ("ecosystem", ["3"])):
        ws.open_item(workshop=workshop, key=key)
        for person, value in zip(people, votes, strict=False):
            ws.cast_vote(participant_id=person.pk, workshop_id=workshop.pk, key=key, value=value)
        ws.close_item(workshop=workshop, key=key)
    ws.reveal_item(workshop=workshop, key="culture")
    ws.record_consensus(
        workshop=workshop,
        key="culture",
        value="3",
        rationale="Both plants",
        by=everyone["consultant"],
    )
    return workshop


def test_a_workshop_reads_with_its_votes_and_agreement_for_those_who_see_results(
    everyone: dict[str, Any], workshop: Workshop, manager: Client
) -> None:
    body = manager.get(f"/api/v1/workshops/{workshop.pk}").json()
    assert (body["status"], body["code"], body["participants"]) == ("open", workshop.code, 2)
    assert body["current"] == "ecosystem"
    items = {item["key"]: item for item in body["items"]}
    assert len(items) == 9
    culture, ecosystem = items["culture"], items["ecosystem"]
    assert (culture["state"], culture["votes"]) == ("revealed", 2)
    assert culture["consensus"] == {"value": "3", "rationale": "Both plants"}
    assert culture["distribution"] == {
        "votes": 2,
        "counts": {"2": 1, "4": 1},
        "median": 3.0,
        "spread": 2.0,
        "disagreement": True,
    }
    assert (ecosystem["state"], ecosystem["votes"], ecosystem["distribution"]) == (
        "closed",
        1,
        None,
    )
    assert items["architecture"]["state"] == "waiting"


def test_a_respondent_sees_the_workshop_without_its_code_or_results(
    everyone: dict[str, Any], workshop: Workshop, gartner_assessment: Assessment
) -> None:
    client = api_client(everyone["respondent"])
    body = client.get(f"/api/v1/workshops/{workshop.pk}").json()
    assert body["code"] is None
    culture = next(item for item in body["items"] if item["key"] == "culture")
    assert (culture["votes"], culture["consensus"], culture["distribution"]) == (2, None, None)
    listed = client.get(f"/api/v1/assessments/{gartner_assessment.pk}/workshops").json()
    assert [(w["id"], w["code"], w["participants"]) for w in listed["items"]] == [
        (workshop.pk, None, 2)
    ]


def test_an_ended_workshop_shows_every_items_votes(
    everyone: dict[str, Any], workshop: Workshop, manager: Client
) -> None:
    ws.end_workshop(workshop=workshop, by=everyone["consultant"])
    Participant.objects.filter(workshop=workshop, role="ot").update(removed=True)
    body = manager.get(f"/api/v1/workshops/{workshop.pk}").json()
    assert (body["status"], body["current"], body["participants"]) == ("ended", None, 1)
    items = {item["key"]: item for item in body["items"]}
    assert items["ecosystem"]["distribution"]["counts"] == {"3": 1}
    assert items["culture"]["distribution"]["counts"] == {"2": 1}  # the removed vote is gone


# --- addresses, ids and errors --------------------------------------------------------------


def api_routes() -> list[str]:
    """The API's addresses with an id in them, as Django resolves them."""
    api = next(e for e in get_resolver().url_patterns if str(e.pattern) == "api/v1/")
    assert isinstance(api, URLResolver)
    return sorted({str(p.pattern) for p in api.url_patterns if "<id:" in str(p.pattern)})


# Valid bodies, so that only the id decides.
BODIES = {"answers": {"answers": {}}, "reports": {"format": "csv"}}


@pytest.mark.parametrize("number", [0, LARGEST, LARGEST + 1, 2**70, 10**40])
def test_ids_of_any_size_are_not_found(manager: Client, number: int) -> None:
    routes = api_routes()
    assert len(routes) == 10
    for route in routes:
        path = "/api/v1/" + re.sub(r"<id:\w+>", str(number), route).replace("<slug:slug>", "x")
        body = BODIES.get(route.rsplit("/", 1)[-1], {})
        statuses = set()
        for method in ("get", "post", "put"):
            response = getattr(manager, method)(path, body, content_type="application/json")
            assert response.json()["detail"], (method, path)
            statuses.add(response.status_code)
        # Not found by the method the address takes; the others are not taken (405).
        assert 404 in statuses and statuses <= {404, 405}, (path, statuses)


def test_an_unknown_address_and_a_method_not_taken_answer_json(manager: Client, url: str) -> None:
    unknown = post(manager, "/api/v1/nothing/here", {"a": 1})
    assert unknown.status_code == 404
    assert unknown.json() == {
        "detail": "No such address in the API; its documentation is at /api/v1/docs."
    }
    root = Client().get("/api/v1/")
    assert (root.status_code, root.json()) == (404, unknown.json())
    wrong = manager.delete(url)
    assert wrong.status_code == 405
    assert wrong.json() == {"detail": "This address does not take DELETE."}
    assert wrong["Allow"] == "GET"
    broken = manager.put(f"{url}/answers", "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("Cannot parse request body")


def test_too_many_requests_of_one_token_are_refused_in_json(manager: Client, settings: Any) -> None:
    settings.API_RATE_PER_MINUTE = 2
    statuses = [manager.get("/api/v1/frameworks").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = manager.get("/api/v1/frameworks")
    assert refused.json()["detail"].startswith("Too many requests")
    assert int(refused["Retry-After"]) >= 1


def test_the_schemas_choices_are_the_models() -> None:
    assert set(get_args(AssessmentStatus)) == set(Assessment.Status.values)
    assert set(get_args(JobStatus)) == set(Job.Status.values)
    assert set(get_args(ItemState)) == set(WorkshopItem.State.values)
    assert set(get_args(RespondentRole)) == {"", *RoleChoices.values}
    assert set(get_args(Language)) == {code for code, _name in django_settings.LANGUAGES}


# --- the docs ---------------------------------------------------------------------------


def test_the_docs_page_loads_its_scripts_from_the_site_within_its_policy(client: Client) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]+href="([^"]+)"', html)
    assert scripts == ["/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"]
    for address in scripts + styles:
        assert address.startswith("/static/"), address
        # Served by the site (WhiteNoise) from ninja's own static files.
        assert finders.find(address.removeprefix("/static/")), address
    # No inline script: the only <script> without src holds the settings as JSON data.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None  # no badge image from swagger.io
    assert "http" not in html.replace("http-equiv", "")

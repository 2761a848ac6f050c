"""The workshop projector read from the back of a room, at 1280x720, 1920x1080 and 4K: the way
in before voting, a vote against the clock, voting closed, the revealed votes of a PTC statement
and of a Gartner rubric, the agreed answers, the end. Each state fits one screen without
scrolling and has no serious accessibility fault. Screenshots:
tests/output/projector-<state>-<width>.png."""

import re
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Participant, Workshop
from assessments.services import Refused
from assessments.services import workshops as ws
from assessments.services.joining import join_workshop
from tests.e2e.test_accessibility import serious_violations, sideways_scroll, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[1] / "output"
SIZES = {1280: 720, 1920: 1080, 3840: 2160}
# The longest PTC statement, so the layout is tried with three lines of question.
STATEMENT = "l1-initiative-scope"
RUBRIC = "economic-model"
RUBRIC_LABELS = [
    "1 · Initiating",
    "2 · Exploratory",
    "3 · Defined",
    "4 · Integrated",
    "5 · Optimizing",
    "Not applicable",
]

# The x-axis labels as read (a label broken over lines is joined again), with their boxes.
TICKS = """() => [...document.querySelectorAll(".pj-chart .xtick text")].map(t => {
    const lines = [...t.querySelectorAll("tspan.line")].map(l => l.textContent);
    const box = t.getBoundingClientRect();
    return {text: lines.length ? lines.join(" ") : t.textContent,
            left: box.left, right: box.right, size: parseFloat(getComputedStyle(t).fontSize)};
})"""


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=None)


@pytest.fixture
def ptc_assessment(people: dict[str, Any], acme: Any, frameworks: None) -> Any:
    from assessments.services import create_assessment
    from maturity.models import Framework

    return create_assessment(
        by=people["manager"],
        organization=acme,
        framework=Framework.objects.get(slug="ptc-cpmm"),
        title="Connected products",
    )


def room(assessment: Any, facilitator: Any, size: int) -> tuple[Workshop, list[Participant]]:
    workshop = ws.start_workshop(assessment=assessment, by=facilitator)
    joined = [
        join_workshop(workshop=workshop, name="", role="", address=f"10.0.0.{n}")
        for n in range(size)
    ]
    return workshop, joined


def votes(workshop: Workshop, key: str, people: list[Participant], values: list[str]) -> None:
    for person, value in zip(people, values, strict=False):
        ws.cast_vote(participant_id=person.pk, workshop_id=workshop.pk, key=key, value=value)


def show(page: Any, base: str, workshop: Workshop, state: str) -> None:
    """Open the projector afresh, check what every state owes the room, keep a screenshot."""
    page.goto(base + reverse("assessments:projector", args=[workshop.pk]))
    page.wait_for_load_state("networkidle")
    if state.startswith(("revealed", "consensus")):
        expect(page.locator(".pj-chart .main-svg").first).to_be_visible()
    width = page.viewport_size["width"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"projector-{state}-{width}.png"))
    assert sideways_scroll(page) == "", state
    below = page.evaluate("document.documentElement.scrollHeight - window.innerHeight")
    assert below <= 0, f"{state}: {below} px below the screen"
    assert serious_violations(page) == [], state
    assert page.js_errors == [], state


def share_of_height(page: Any, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return float(box["height"]) / page.viewport_size["height"]


def font_share(page: Any, selector: str) -> float:
    size = page.locator(selector).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    return float(size) / page.viewport_size["height"]


def ticks(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate(TICKS))


def stats(page: Any) -> dict[str, str]:
    """The figures under the chart, by their captions."""
    pairs = page.locator(".pj-stats > div").evaluate_all(
        "divs => divs.map(d => [...d.children].map(e => e.textContent))"
    )
    return {caption.strip(): value.strip() for caption, value in pairs}


def assert_chart_reads_from_the_back(page: Any, labels: list[str], *, height: float = 0.5) -> None:
    """The chart fills the screen; its labels are words, large, side by side, never cut."""
    assert share_of_height(page, ".pj-chart") >= height
    found = ticks(page)
    # A level's number may stand on a line above its name: "3 · Defined" reads "3 Defined".
    words = [label.replace(" · ", " ") for label in labels]
    assert [tick["text"].replace(" · ", " ") for tick in found] == words
    assert min(tick["size"] for tick in found) >= 0.025 * page.viewport_size["height"]
    for before, after in pairwise(found):
        assert before["right"] < after["left"], f"{before['text']} runs into {after['text']}"
    assert found[0]["left"] >= 0 and found[-1]["right"] <= page.viewport_size["width"]


@pytest.mark.parametrize("width", SIZES)
def test_the_projector_reads_from_the_back_of_the_room_at_every_size(
    new_page: Callable[..., Any],
    live_server: Any,
    people: dict[str, Any],
    gartner_assessment: Any,
    ptc_assessment: Any,
    width: int,
) -> None:
    page = new_page(width, SIZES[width])
    base = live_server.url
    sign_in(page, base, "cora", "pw-consultant")
    # Each state is measured as rendered: polls (tested in test_workshop.py) change nothing.
    page.route(re.compile(r"/projector/live/"), lambda route: route.fulfill(status=204))

    statements, people_in = room(ptc_assessment, people["consultant"], 5)
    show(page, base, statements, "before-voting")
    assert share_of_height(page, "img.qr") >= 0.25
    assert page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth") > 0
    assert font_share(page, ".join-code") >= 0.06
    expect(page.locator(".join-code")).to_have_text(statements.code)
    expect(page.locator(".pj-url")).to_have_text(f"{base}/w/{statements.code}/")
    expect(page.locator(".pj-joined")).to_have_text("5 joined")

    ws.open_item(workshop=statements, key=STATEMENT, timer_seconds=300)
    votes(statements, STATEMENT, people_in, ["yes", "partly", "no"])
    show(page, base, statements, "voting")
    expect(page.locator(".pj-question")).to_contain_text("Our plan covers everything needed")
    expect(page.locator(".pj-option-label")).to_have_text(["Yes", "Partly", "No"])
    expect(page.locator(".pj-count")).to_have_text("3 of 5 voted")
    expect(page.locator("[data-deadline]")).to_have_text(re.compile(r"^[45]:[0-5]\d$"))
    expect(page.locator("img.qr")).to_be_visible()  # latecomers can still join
    assert font_share(page, "[data-deadline]") >= 0.06

    ws.close_item(workshop=statements, key=STATEMENT)
    with pytest.raises(Refused):
        votes(statements, STATEMENT, people_in[3:], ["yes"])
    show(page, base, statements, "closed")
    expect(page.locator(".pj-status")).to_have_text("Voting closed")
    expect(page.locator(".pj-count")).to_have_text("3 of 5 voted")
    expect(page.locator("[data-deadline]")).to_have_count(0)

    ws.reveal_item(workshop=statements, key=STATEMENT)
    show(page, base, statements, "revealed-statement")
    assert_chart_reads_from_the_back(page, ["Yes", "Partly", "No", "Not applicable"])
    assert stats(page) == {"Votes": "3 of 5", "Median": "Partly", "Answers": "from No to Yes"}
    expect(page.locator(".pj-disagreement")).to_have_text("Disagreement: worth discussing")

    reasons = "Most of it is planned; device management and middleware are not decided yet."
    ws.record_consensus(
        workshop=statements,
        key=STATEMENT,
        value="partly",
        rationale=reasons,
        by=people["consultant"],
    )
    show(page, base, statements, "consensus")
    expect(page.locator(".pj-agreed-answer")).to_have_text("Agreed: Partly")
    expect(page.locator(".pj-rationale")).to_have_text(reasons)
    assert font_share(page, ".pj-agreed-answer strong") >= 0.06
    assert_chart_reads_from_the_back(page, ["Yes", "Partly", "No", "Not applicable"], height=0.4)

    ws.end_workshop(workshop=statements)
    show(page, base, statements, "ended")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you.")

    rubric, rated_by = room(gartner_assessment, people["consultant"], 4)
    ws.open_item(workshop=rubric, key=RUBRIC)
    votes(rubric, RUBRIC, rated_by, ["2", "3", "3", "4"])
    show(page, base, rubric, "voting-rubric")
    expect(page.locator(".pj-option-label")).to_have_text(RUBRIC_LABELS[:-1])
    expect(page.locator(".pj-option-text").first).to_have_text("Unclear and/or limited to project")
    expect(page.locator(".pj-count")).to_have_text("4 of 4 voted")
    expect(page.locator("[data-deadline]")).to_have_count(0)  # no timer, no clock

    ws.close_item(workshop=rubric, key=RUBRIC)
    ws.reveal_item(workshop=rubric, key=RUBRIC)
    show(page, base, rubric, "revealed-rubric")
    assert_chart_reads_from_the_back(page, RUBRIC_LABELS)
    assert stats(page) == {
        "Votes": "4 of 4",
        "Median": "3 · Defined",
        "Answers": "from 2 · Exploratory to 4 · Integrated",
    }

    # Six bars beside the agreed answer: the labels shrink to fit; a long reasoning is cut.
    reasons = " ".join(["Business cases exist for two product lines, not yet for the rest."] * 12)
    ws.record_consensus(
        workshop=rubric, key=RUBRIC, value="3", rationale=reasons, by=people["consultant"]
    )
    show(page, base, rubric, "consensus-rubric")
    expect(page.locator(".pj-agreed-answer")).to_have_text("Agreed: 3 · Defined")
    assert_chart_reads_from_the_back(page, RUBRIC_LABELS, height=0.35)
    cut = page.locator(".pj-rationale").evaluate("e => e.scrollHeight > e.clientHeight")
    assert cut, "the whole reasoning fits: make it longer, or the test shows nothing"

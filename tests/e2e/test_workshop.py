"""A live workshop in real browsers: a facilitator's console and three phones, from the join
code through blind votes, reveals and agreed answers to the results."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[1] / "output"
PHONE = {"width": 390, "height": 800}
PEOPLE = (("Ana", "Business"), ("Ben", "IT"), ("Cem", "OT"))


@dataclass(frozen=True)
class Item:
    subdimension: str
    question: str
    votes: tuple[str, str, str]  # Ana's, Ben's and Cem's level
    summary: str  # what the console prints under the revealed chart
    disagreement: bool
    agreed: str
    agreed_level: str  # how the results table names the agreed level


# The first three Gartner items. The first vote spreads 1..4: a disagreement. Each agreed
# level differs from the mean of the votes (7/3, 7/3, 11/3), so the results can only show
# it if the consensus, not the votes, decides the score.
ITEMS = (
    Item(
        "Economic Model",
        "How far is IoT tied to your business models and business outcomes?",
        ("1", "2", "4"),
        "3 votes · median 2 · Exploratory · answers from 1 · Initiating to 4 · Integrated",
        True,
        "3",
        "3 Defined",
    ),
    Item(
        "Business Alignment",
        "How strongly do your executives and business functions back IoT and plan its benefits?",
        ("2", "2", "3"),
        "3 votes · median 2 · Exploratory · answers from 2 · Exploratory to 3 · Defined",
        False,
        "3",
        "3 Defined",
    ),
    Item(
        "Ecosystem",
        "How far does IoT shape your position among suppliers, partners, competitors and "
        "other stakeholders?",
        ("3", "4", "4"),
        "3 votes · median 4 · Integrated · answers from 3 · Defined to 4 · Integrated",
        False,
        "2",
        "2 Exploratory",
    ),
)


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    # Phones and console learn of changes by polling every 1.5 s; allow for a slow machine.
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=None)


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def start_workshop(page: Any, base: str, assessment_pk: int, *, anonymous: bool) -> str:
    """Start from the assessment page; the join code as the console shows it."""
    page.goto(f"{base}/assessments/{assessment_pk}/")
    page.get_by_label("Anonymous: nobody sees who voted what").set_checked(anonymous)
    page.get_by_role("button", name="Start a workshop").click()
    page.wait_for_url(re.compile(r"/workshops/\d+/$"))
    expect(page.get_by_role("heading", name="Workshop console")).to_be_visible()
    code = page.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    return str(code)


def join(phone: Any, base: str, code: str, name: str, role: str, *, anonymous: bool) -> None:
    phone.goto(f"{base}/join/")
    phone.get_by_label("Workshop code").fill(code.lower())  # as typed on a phone
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Join the workshop")).to_be_visible()
    name_field = phone.get_by_label("Your name (optional)")
    if anonymous:
        expect(phone.get_by_text("This workshop is anonymous")).to_be_visible()
        expect(name_field).to_have_count(0)  # not even asked for
    else:
        name_field.fill(name)
    phone.get_by_label("Your perspective (optional)").select_option(label=role)
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("heading", name="Waiting for the facilitator")).to_be_visible()


def vote(phone: Any, question: str, value: str, comment: str = "") -> None:
    """Wait for the item to arrive by polling (no reload), then tap an answer."""
    expect(phone.get_by_role("heading", name=question)).to_be_visible()
    phone.locator(f"label[for='vote-{value}']").click()
    expect(phone.locator("#vote-status")).to_contain_text("Saved")
    if comment:
        saved = re.compile(r"/vote/$")
        with phone.expect_response(lambda r: bool(saved.search(r.url)) and r.ok):
            phone.get_by_label("Comment (optional)").press_sequentially(comment)


@dataclass
class Room:
    """The phones, and every page any of them has shown, for the anonymity check."""

    phones: list[Any]
    names: list[str]
    seen: list[tuple[str, str]]  # (whose phone, its HTML)

    def look(self) -> None:
        self.seen.extend(
            (name, phone.content()) for name, phone in zip(self.names, self.phones, strict=True)
        )

    def others_named(self) -> list[str]:
        """Whose phone showed whom: must stay empty."""
        return [
            f"{name}'s phone shows {other}"
            for name, html in self.seen
            for other in self.names
            if other != name and re.search(rf"\b{other}\b", html)
        ]


def open_room(new_page: Callable[..., Any], base: str, code: str, *, anonymous: bool) -> Room:
    room = Room([], [name for name, _role in PEOPLE], [])
    for name, role in PEOPLE:
        phone = new_page(**PHONE)
        join(phone, base, code, name, role, anonymous=anonymous)
        room.phones.append(phone)
    room.look()
    return room


def shoot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def vote_and_reveal(console: Any, room: Room, item: Item, *, first: bool) -> None:
    """Open the item, everyone votes blind, then the facilitator reveals the distribution."""
    button = "Open voting on the first item" if first else "Next item: open voting"
    console.get_by_role("button", name=button).click()
    expect(console.locator("#current-heading")).to_have_text(item.subdimension)
    for phone, value in zip(room.phones, item.votes, strict=True):
        vote(phone, item.question, value)
    if first:
        shoot(room.phones[0], "workshop-phone-vote.png")
    expect(console.locator("#console-live")).to_contain_text("3 of 3 voted")

    # Blind until revealed: no chart, no counts, on the console or on any phone.
    expect(console.locator("[data-distribution]")).to_have_count(0)
    assert "How the room voted" not in "".join(phone.content() for phone in room.phones)
    room.look()

    if first:
        run_a_timer(console, room, item)
    else:
        console.get_by_role("button", name="Close voting").click()  # all voted: no question
    console.get_by_role("button", name="Reveal the votes").click()
    expect(console.locator(".chart-distribution .main-svg").first).to_be_visible()
    expect(console.locator(".distribution p")).to_contain_text(item.summary)
    disagreement = console.get_by_text("Disagreement: worth discussing")
    expect(disagreement).to_have_count(1 if item.disagreement else 0)
    for phone in room.phones:
        expect(phone.get_by_role("heading", name="How the room voted")).to_be_visible()
    room.look()


# A phone with its screen off: it stops polling, and its timer does not ask for the end.
SCREEN_OFF = """() => {
    Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "hidden"});
    document.querySelectorAll("[data-timeup]").forEach(e => e.removeAttribute("data-timeup"));
}"""
SCREEN_ON = """() => {
    Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "visible"});
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def run_a_timer(console: Any, room: Room, item: Item) -> None:
    """Voting again with a 5-second timer: when it runs out, voting ends on every screen by
    itself; a tap from a phone that had not heard yet is refused, visibly."""
    console.get_by_role("button", name="Close voting").click()
    console.get_by_label("Timer in seconds (optional)").first.fill("5")
    console.get_by_role("button", name="Vote again").click()
    expect(console.locator("[data-timeup='console-live']")).to_be_visible()
    late = room.phones[2]
    for phone in room.phones:
        expect(phone.locator("[data-timeup='vote-live']")).to_be_visible()
    late.evaluate(SCREEN_OFF)
    shoot(room.phones[0], "workshop-phone-timer.png")
    for phone in room.phones[:2]:
        expect(phone.get_by_text("Voting on this item has closed.")).to_be_visible(timeout=20_000)
        expect(phone.get_by_text(re.compile(r"Your vote: \d · "))).to_be_visible()
    expect(console.get_by_text("Voting is closed. Reveal the votes")).to_be_visible()
    errors_before = len(late.js_errors)
    late.locator("label[for='vote-3']").click()
    refusal = late.locator("#vote-status [role='alert']")
    expect(refusal).to_have_text("Time is up: voting on this item has closed.")
    # The browser and htmx log the refused request (400); that is the expected refusal.
    logged = late.js_errors[errors_before:]
    assert logged and all("400" in e or "Response Status Error" in e for e in logged), logged
    del late.js_errors[errors_before:]
    shoot(late, "workshop-phone-late-tap.png")
    late.evaluate(SCREEN_ON)
    expect(late.get_by_text("Voting on this item has closed.")).to_be_visible()
    expect(late.get_by_text(f"Your vote: {item.votes[2]} · ")).to_be_visible()  # kept
    room.look()


def record_consensus(console: Any, item: Item) -> None:
    console.get_by_label("Agreed answer", exact=True).select_option(item.agreed)
    console.get_by_label("Why (the group's reasoning)").fill(f"Agreed on {item.agreed_level}.")
    console.get_by_role("button", name="Record").click()
    expect(console.get_by_text("Agreed answer recorded.")).to_be_visible()
    agreed = console.locator(".workshop-items li", has_text=item.subdimension)
    expect(agreed.locator(".badge", has_text="agreed")).to_be_visible()


def test_a_facilitator_runs_an_anonymous_workshop_with_three_phones_to_the_results(
    new_page: Callable[..., Any],
    live_server: Any,
    people: dict[str, Any],
    gartner_assessment: Any,
) -> None:
    base = live_server.url
    console = new_page()
    sign_in(console, base, "cora", "pw-consultant")
    code = start_workshop(console, base, gartner_assessment.pk, anonymous=True)
    expect(console.locator(".page-header")).to_contain_text(f"Join code {code} · anonymous")

    room = open_room(new_page, base, code, anonymous=True)
    live = console.locator("#console-live")
    expect(live).to_contain_text("3 joined")
    for number, (_name, role) in enumerate(PEOPLE, start=1):
        expect(live).to_contain_text(f"Participant {number} · {role}")

    projector = new_page(beside=console)
    projector.goto(console.url + "projector/")
    expect(projector.locator(".join-code")).to_have_text(code)
    qr = projector.locator("img.qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0

    for index, item in enumerate(ITEMS):
        vote_and_reveal(console, room, item, first=index == 0)
        if index == 0:
            # The projector redraws the chart after its poll brings the reveal.
            expect(projector.locator(".chart-distribution .main-svg").first).to_be_visible()
            shoot(projector, "workshop-projector.png")
            shoot(console, "workshop-console.png")
            shoot(room.phones[0], "workshop-phone.png")
        record_consensus(console, item)
        if index == 0:
            for phone in room.phones:
                expect(phone.locator(".agreed")).to_contain_text(
                    f"The group agreed: {item.agreed_level.replace(' ', ' · ', 1)}"
                )
            expect(projector.locator(".agreed")).to_contain_text(
                item.agreed_level.replace(" ", " · ", 1)
            )
            expect(projector.locator(".agreed")).to_contain_text(f"Agreed on {item.agreed_level}.")
            shoot(projector, "workshop-projector-agreed.png")
            shoot(room.phones[0], "workshop-phone-agreed.png")
    room.look()

    console.get_by_role("button", name="End workshop and see results").click()
    # Ending asks first; until then the room goes on.
    expect(console.get_by_role("heading", name="End the workshop?")).to_be_visible()
    expect(console.get_by_role("alert")).to_contain_text("stops working for the 3 participants")
    shoot(console, "workshop-end-confirm.png")
    assert serious_violations(console) == []
    console.get_by_role("button", name="End workshop and see results").click()
    console.wait_for_url(f"{base}/assessments/{gartner_assessment.pk}/results/")
    for phone in room.phones:
        expect(phone.get_by_role("heading", name="The workshop has ended.")).to_be_visible()
    room.look()

    # The agreed levels, not the votes' means, are the scores.
    for item in ITEMS:
        row = console.locator(
            ".scores-table tr",
            has=console.get_by_role("rowheader", name=item.subdimension, exact=True),
        )
        expect(row).to_contain_text(f"{item.agreed}.00")
        expect(row).to_contain_text(item.agreed_level)
    # The spread of the votes stays visible, the disagreement first.
    spread_rows = console.locator(".spread-table tbody tr")
    expect(spread_rows).to_have_count(3)
    first = spread_rows.first
    expect(first).to_contain_text(ITEMS[0].question)
    expect(first).to_contain_text("Disagreement")
    expect(first.locator("td").nth(1)).to_have_text("3")  # spread 4 - 1
    expect(console.locator(".spread-table .badge", has_text="Disagreement")).to_have_count(1)
    expect(console.get_by_role("heading", name="Scores by respondent role")).to_be_visible()
    shoot(console, "workshop-results.png")

    # The assessment shows the room: its voters beside the respondents, and its history.
    console.goto(f"{base}/assessments/{gartner_assessment.pk}/")
    room_row = console.locator("tr.workshop-row")
    expect(room_row).to_contain_text(f"Workshop {code}: 3 participants")
    expect(room_row).to_contain_text("1 Business · 1 IT · 1 OT")
    expect(room_row).to_contain_text("3 / 9 agreed")
    history = console.locator("section[aria-labelledby='log-heading']")
    expect(history).to_contain_text(f"started workshop {code}")
    expect(history).to_contain_text(f"ended workshop {code}: 3 participants, 3 agreed answers")
    shoot(console, "workshop-assessment-page.png")

    assert room.others_named() == []
    pages = [console, projector, *room.phones]
    assert [error for page in pages for error in page.js_errors] == []


def test_in_a_named_workshop_no_phone_shows_another_participants_name(
    new_page: Callable[..., Any],
    live_server: Any,
    people: dict[str, Any],
    gartner_assessment: Any,
) -> None:
    base = live_server.url
    console = new_page()
    sign_in(console, base, "cora", "pw-consultant")
    code = start_workshop(console, base, gartner_assessment.pk, anonymous=False)
    room = open_room(new_page, base, code, anonymous=False)
    live = console.locator("#console-live")
    for name, role in PEOPLE:
        expect(live).to_contain_text(f"{name} · {role}")  # the names are known to the console

    item = ITEMS[0]
    console.get_by_role("button", name="Open voting on the first item").click()
    for (name, _role), phone, value in zip(PEOPLE, room.phones, item.votes, strict=True):
        vote(phone, item.question, value, comment=f"{name} thinks {value}")
    expect(live).to_contain_text("3 of 3 voted")
    room.look()
    console.get_by_role("button", name="Close voting").click()
    console.get_by_role("button", name="Reveal the votes").click()
    expect(console.locator("li", has_text="Ana: Ana thinks 1")).to_be_visible()
    for phone in room.phones:
        expect(phone.get_by_role("heading", name="How the room voted")).to_be_visible()
    room.look()

    assert room.others_named() == []
    assert [error for page in [console, *room.phones] for error in page.js_errors] == []

"""A manager takes a Gartner self-assessment in a real browser, from creation to results."""

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[1] / "output"
LEVELS = {
    "economic-model": 3,
    "business-alignment": 3,
    "ecosystem": 2,
    "business-processes": 2,
    "culture": 3,
    "data-governance": 2,
    "architecture": 4,
    "technology-alignment": 3,
    "technology-infrastructure": 3,
}


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def answer_page(page: Any, keys: list[str]) -> None:
    for key in keys:
        page.locator(f"label[for='{key}-{LEVELS[key]}']").click()
        page.locator(f"#status-{key}").get_by_text("Saved").wait_for()


def test_a_manager_answers_all_nine_submits_and_sees_level_and_radar(
    page: Any, live_server: Any, people: dict[str, Any], frameworks: None
) -> None:
    base = live_server.url
    sign_in(page, base, "max", "pw-manager")
    page.get_by_role("link", name="New assessment").first.click()
    page.get_by_label("Title").fill("Browser baseline")
    page.get_by_label("Target level (optional)").fill("4")
    page.get_by_label("Maturity model").select_option(
        label="Gartner Maturity Model for IoT v1 (Published)"
    )
    page.get_by_role("button", name="Create and start answering").click()

    answer_page(page, ["economic-model", "business-alignment", "ecosystem"])
    page.get_by_role("link", name="2 Organization").click()
    answer_page(page, ["business-processes", "culture", "data-governance"])
    page.get_by_role("link", name="3 Technology").click()
    answer_page(page, ["architecture", "technology-alignment", "technology-infrastructure"])

    progress = page.locator("#overall-progress")
    assert progress.locator(".progress-percent").inner_text() == "100 %"
    assert progress.get_by_role("progressbar").get_attribute("aria-valuenow") == "100"
    page.get_by_role("button", name="Submit the assessment").click()

    # (3+3+2)/3 = 8/3; (2+3+2)/3 = 7/3; (4+3+3)/3 = 10/3; overall (8+7+10)/9 = 25/9 = 2.78
    page.get_by_text("Level 2 – Exploratory").first.wait_for()
    assert "2.78" in page.content()
    page.locator(".chart-radar .main-svg").first.wait_for()
    assert page.locator(".chart-radar .scatterlayer .trace").count() >= 2  # current and target
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "e2e-results.png"), full_page=True)
    assert page.js_errors == []

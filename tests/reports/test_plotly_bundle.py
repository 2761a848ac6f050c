"""The app's plotly.js build: the trace types it registers, and what the results page weighs.

The bundle (build/vendor/plotly/plotly.min.js) is built by `make` from
reports/charts/plotly-bundle.js; a trace type missing there draws nothing in the browser.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders

from assessments.models import Assessment
from reports.charts import to_plotly
from tests.conftest import client_for
from tests.reports.test_chart_svg import EVERY
from tests.reports.test_results_page import page

ROOT = Path(__file__).parent.parent.parent
ENTRY = ROOT / "reports" / "charts" / "plotly-bundle.js"
WORKSHOP_JS = ROOT / "static" / "js" / "workshop.js"
PLOTLY = "vendor/plotly/plotly.min.js"
# The scripts of the results page, in bytes: plotly.js whole was 4.8 MB.
SCRIPT_BUDGET = 1_500_000


def registered_traces() -> set[str]:
    """The trace types in the bundle: scatter comes with plotly.js/lib/core."""
    modules = set(re.findall(r'require\("plotly\.js/lib/([a-z0-9]+)"\)', ENTRY.read_text()))
    return {"scatter"} | (modules - {"core"})


def drawn_traces() -> set[str]:
    """Every trace type the app draws: the results page's figures and the workshop's."""
    figures = {trace["type"] for chart in EVERY for trace in to_plotly(chart)["data"]}
    return figures | set(re.findall(r'\btype: "([a-z0-9]+)"', WORKSHOP_JS.read_text()))


def test_the_bundle_registers_exactly_the_trace_types_the_app_draws() -> None:
    assert drawn_traces() == {"scatterpolar", "bar", "scatter", "heatmap"}
    assert registered_traces() == drawn_traces()


class ScriptSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src")
        if tag == "script" and src:
            self.sources.append(src)


def script_sources(html: str) -> list[str]:
    parser = ScriptSources()
    parser.feed(html)
    return parser.sources


def static_size(src: str) -> int:
    """The size of the file behind a static URL, found as the static files finders find it."""
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = urlsplit(src).path
    assert path.startswith(prefix), f"{src} is not one of the app's static files"
    found = finders.find(path.removeprefix(prefix))
    assert isinstance(found, str), f"{src} is not among the static files (run make setup)"
    return Path(found).stat().st_size


@pytest.mark.django_db
def test_the_results_page_ships_at_most_its_script_budget(
    people: dict[str, User | None], gartner_assessment: Assessment
) -> None:
    html = page(client_for(people["manager"]), gartner_assessment)
    sources = script_sources(html)
    assert any(urlsplit(src).path.endswith(PLOTLY) for src in sources)
    sizes = {src: static_size(src) for src in sources}
    assert sum(sizes.values()) <= SCRIPT_BUDGET, sizes

"""The PDF's SVG charts show what the page's plotly figures show.

Each chart is built once and drawn twice; these tests read both drawings back. Labels:
every axis, tick, legend and cell label of the plotly figure is among the SVG's <text>
elements (text is kept as text). Values: matplotlib writes each data mark inside a
<g id="..."> named by svg.py (a series, a bar, a step, the cells), so a value is read
back from the mark's geometry against a reference drawn in the same SVG (the radial axis,
the bar's track, the step's full height), never from the chart data itself.
"""

import html
import json
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from assessments.scoring import AssessmentResult, RespondentAnswers, ScoringInput, score
from maturity.schema import FrameworkDef, parse_definition
from reports.charts import (
    Chart,
    bars,
    heatmap,
    radar,
    staircase,
    to_plotly,
    to_svg,
)
from tests.reports.test_charts import CONTINUOUS, STAGED, continuous, staged

ROOT = Path(__file__).parent.parent.parent
SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"


def shipped(answers_file: str) -> tuple[AssessmentResult, FrameworkDef]:
    document = json.loads((ROOT / "tests" / "data" / answers_file).read_text())
    path = ROOT / "fixtures" / "frameworks" / f"{document['framework']}.json"
    definition = parse_definition(path.read_text())
    respondents = (RespondentAnswers(answers=document["answers"]),)
    targets = document.get("targets", {})
    return score(definition, ScoringInput(respondents=respondents, targets=targets)), definition


GARTNER = shipped("answers-gartner-one.json")  # targets: overall 4, economic model 2
PTC = shipped("answers-ptc-serviceable.json")  # target: overall 5
EARLIER = continuous({"skills-depth": 1, "skills-breadth": 2, "culture": 2, "platform": 1})

RADARS = {
    "tiny continuous": radar(continuous(targets={"overall": 3}), CONTINUOUS, previous=EARLIER),
    "tiny staged": radar(staged(targets={"overall": 3.5}), STAGED),
    "gartner": radar(*GARTNER),
    "ptc": radar(*PTC),
}
BARS = {
    "tiny continuous": bars(continuous(targets={"overall": 3, "culture": 2}), CONTINUOUS),
    "tiny staged": bars(staged(targets={"overall": 3.5}), STAGED),
    "gartner": bars(*GARTNER),
    "ptc": bars(*PTC),
}
STAIRCASES = {
    "tiny": staircase(staged(targets={"overall": 3}), STAGED),
    "ptc": staircase(*PTC),
}
HEATMAPS = {
    "tiny continuous": heatmap(continuous(), CONTINUOUS),
    "tiny staged": heatmap(staged({"l2-connect": "yes", "l3-remote": "na"}), STAGED),
    "gartner": heatmap(*GARTNER),
    "ptc": heatmap(*PTC),
}


# --- reading an SVG back --------------------------------------------------------------


def drawn(chart: Chart) -> ET.Element:
    return ET.fromstring(to_svg(chart))


def words(root: ET.Element) -> str:
    """Every <text> in document order, one space between lines: a label wrapped onto
    several lines reads as one run."""
    return " ".join(" ".join((t.text or "").split()) for t in root.iter(f"{SVG}text"))


def plain(label: str) -> str:
    """A plotly label as a reader sees it: unescaped, line breaks as spaces."""
    return " ".join(html.unescape(label.replace("<br>", " ")).split())


def gid(element: ET.Element) -> str:
    """The name svg.py gave a mark, without the prefix that makes it unique in a page."""
    return re.sub(r"^c[0-9a-f]{8}-", "", element.get("id", ""))


def group(root: ET.Element, name: str) -> ET.Element:
    (found,) = (g for g in root.iter(f"{SVG}g") if gid(g) == name)
    return found


def has_group(root: ET.Element, name: str) -> bool:
    return any(gid(g) == name for g in root.iter(f"{SVG}g"))


def vertices(element: ET.Element) -> list[tuple[float, float]]:
    """The points of the first path in a group (matplotlib writes M/L with absolute pairs)."""
    path = element.find(f".//{SVG}path")
    assert path is not None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", path.get("d", ""))]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def box(element: ET.Element) -> tuple[float, float, float, float]:
    """left, right, top, bottom of the first path in a group."""
    xs, ys = zip(*vertices(element), strict=True)
    return min(xs), max(xs), min(ys), max(ys)


def marks(element: ET.Element) -> list[tuple[float, float]]:
    """Where a group's markers are drawn (each a <use> of one marker shape)."""
    return [(float(u.get("x", 0)), float(u.get("y", 0))) for u in element.iter(f"{SVG}use")]


def fills(element: ET.Element) -> list[str]:
    found = (re.search(r"fill: (#[0-9a-f]{6})", p.get("style", "")) for p in element.iter())
    return [match[1] for match in found if match]


def close(a: list[float], b: list[float], tolerance: float = 1e-3) -> bool:
    pairs = zip(a, b, strict=False)
    return len(a) == len(b) and all(math.isclose(x, y, abs_tol=tolerance) for x, y in pairs)


def figure_labels(axis: dict[str, Any]) -> list[str]:
    return [plain(label) for label in axis["ticktext"]]


# --- radar ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", RADARS)
def test_radar_svg_shows_the_axes_ticks_and_series_of_the_figure(name: str) -> None:
    chart = RADARS[name]
    figure, root = to_plotly(chart), drawn(chart)
    text = words(root)
    axes = [plain(theta) for theta in figure["data"][0]["theta"][:-1]]
    ticks = figure_labels(figure["layout"]["polar"]["radialaxis"])
    series = [trace["name"] for trace in figure["data"]]
    for label in [*axes, *ticks, *series]:
        assert label in text, label


@pytest.mark.parametrize("name", RADARS)
def test_radar_svg_draws_each_value_clockwise_from_the_top(name: str) -> None:
    """Each series' outline, read back in the SVG: the distance from the centre over the
    length of the radial axis gives the value, the angle from the top gives the axis."""
    chart = RADARS[name]
    figure, root = to_plotly(chart), drawn(chart)
    (centre, edge) = vertices(group(root, "radial-axis"))
    top = figure["layout"]["polar"]["radialaxis"]["range"][1]
    full = math.dist(centre, edge)
    count = len(chart.axes)
    for i, trace in enumerate(figure["data"]):
        points = vertices(group(root, f"series-{i}"))[:-1]  # the outline closes on the first
        values = [math.dist(centre, point) / full * top for point in points]
        assert close(values, trace["r"][:-1]), trace["name"]
        angles = [
            _clockwise_from_top(centre, p) for p, v in zip(points, values, strict=True) if v > 1e-6
        ]
        expected = [2 * math.pi * k / count for k, v in enumerate(values) if v > 1e-6]
        assert close(angles, expected), trace["name"]


def _clockwise_from_top(centre: tuple[float, float], point: tuple[float, float]) -> float:
    # SVG's y grows downwards.
    return math.atan2(point[0] - centre[0], centre[1] - point[1]) % (2 * math.pi)


def test_radar_svg_draws_previous_grey_dashed_and_target_teal_dashed() -> None:
    root = drawn(RADARS["tiny continuous"])
    previous, current, target = (stroke(group(root, f"series-{i}")) for i in range(3))
    assert "stroke: #8d99a6" in previous and "stroke-dasharray" in previous
    assert "stroke: #1f3a5f" in current and "stroke-dasharray" not in current
    assert "stroke: #2a9d8f" in target and "stroke-dasharray" in target


def stroke(element: ET.Element) -> str:
    path = element.find(f".//{SVG}path")
    assert path is not None
    return path.get("style", "")


# --- bars -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", BARS)
def test_bars_svg_shows_the_labels_ticks_values_and_legend_of_the_figure(name: str) -> None:
    chart = BARS[name]
    figure, text = to_plotly(chart), words(drawn(chart))
    layout = figure["layout"]
    names = [trace["name"] for trace in figure["data"] if "name" in trace]
    values = [plain(note["text"]) for note in layout["annotations"]]
    for label in [*figure_labels(layout["yaxis"]), *figure_labels(layout["xaxis"]), *values]:
        assert label in text, label
    for legend in names:
        assert legend in text, legend


@pytest.mark.parametrize("name", BARS)
def test_bars_svg_draws_each_value_and_target_along_the_same_scale(name: str) -> None:
    """A bar's length over its track's is its value over the top of the scale; a target
    mark's distance from the track's start, likewise."""
    chart = BARS[name]
    figure, root = to_plotly(chart), drawn(chart)
    top = chart.range[1]
    tracks = [box(group(root, f"track-{row}")) for row in range(len(chart.bars))]
    shown: dict[int, float] = {}
    for trace in figure["data"][1:]:
        if trace["type"] == "bar":
            shown.update(zip(trace["y"], trace["x"], strict=True))
    for row, value in shown.items():
        left, right, *_ = tracks[row]
        bar_left, bar_right, *_ = box(group(root, f"bar-{row}"))
        assert bar_left == pytest.approx(left)
        assert (bar_right - left) / (right - left) * top == pytest.approx(value, abs=1e-3)
    targets = [t for t in figure["data"] if t.get("name") == chart.text.target]
    if targets:
        left, right, *_ = tracks[0]
        drawn_at = [(x - left) / (right - left) * top for x, _ in marks(group(root, "bars-target"))]
        assert close(drawn_at, targets[0]["x"])
    else:
        assert not has_group(root, "bars-target")


def test_staged_bars_svg_draws_the_threshold_across_every_bar() -> None:
    chart = BARS["tiny staged"]
    root = drawn(chart)
    (start, end) = vertices(group(root, "bars-threshold"))
    left, right, first_top, _ = box(group(root, "track-0"))
    *_, last_bottom = box(group(root, f"track-{len(chart.bars) - 1}"))
    assert start[0] == end[0]
    assert (start[0] - left) / (right - left) == pytest.approx(0.75, abs=1e-3)
    assert min(start[1], end[1]) < first_top and max(start[1], end[1]) > last_bottom


def test_bars_svg_colours_each_bar_as_the_figure_does() -> None:
    chart = BARS["tiny staged"]
    root = drawn(chart)
    traces = [trace for trace in to_plotly(chart)["data"][1:] if trace["type"] == "bar"]
    colours = {row: trace["marker"]["color"] for trace in traces for row in trace["y"]}
    assert {row: fills(group(root, f"bar-{row}"))[0] for row in colours} == colours


# --- staircase ------------------------------------------------------------------------


@pytest.mark.parametrize("name", STAIRCASES)
def test_staircase_svg_shows_the_levels_and_legend_of_the_figure(name: str) -> None:
    chart = STAIRCASES[name]
    figure, text = to_plotly(chart), words(drawn(chart))
    names = [trace["name"] for trace in figure["data"] if trace.get("showlegend", True)]
    for label in [*figure_labels(figure["layout"]["xaxis"]), *names, chart.text.level]:
        assert label in text, label


@pytest.mark.parametrize("name", STAIRCASES)
def test_staircase_svg_fills_each_step_by_its_fulfilment(name: str) -> None:
    """A step's fill over the whole step (fill and the open rest above it) is the share
    the figure fills."""
    chart = STAIRCASES[name]
    figure, root = to_plotly(chart), drawn(chart)
    filled: dict[int, float] = {}
    for trace in figure["data"]:
        if trace["type"] == "bar" and trace.get("showlegend"):
            filled.update(zip(trace["x"], trace["y"], strict=True))
    for number, share in filled.items():
        *_, fill_top, fill_bottom = box(group(root, f"step-{number}-fill"))
        *_, rest_top, _ = box(group(root, f"step-{number}-rest"))
        assert (fill_bottom - fill_top) / (fill_bottom - rest_top) == pytest.approx(share, abs=1e-3)
    assert has_group(root, "staircase-target") == (chart.target is not None)


# --- heat map -------------------------------------------------------------------------


@pytest.mark.parametrize("name", HEATMAPS)
def test_heatmap_svg_shows_the_rows_columns_and_cell_text_of_the_figure(name: str) -> None:
    chart = HEATMAPS[name]
    figure, text = to_plotly(chart), words(drawn(chart))
    layout = figure["layout"]
    cells = [plain(c) for row in figure["data"][0]["text"] for c in row if c.strip()]
    for label in [*figure_labels(layout["xaxis"]), *figure_labels(layout["yaxis"]), *cells]:
        assert label in text, label


@pytest.mark.parametrize("name", HEATMAPS)
def test_heatmap_svg_shades_each_cell_on_the_figures_colour_scale(name: str) -> None:
    """The cells are drawn row by row, those without data left out; each cell's colour is
    its shade on the figure's scale, and the framed cells are those the figure frames."""
    chart = HEATMAPS[name]
    figure, root = to_plotly(chart), drawn(chart)
    trace = figure["data"][0]
    low, high = (colour for _, colour in trace["colorscale"])
    shaded = [(r, c, z) for r, row in enumerate(trace["z"]) for c, z in enumerate(row)]
    shaded = [(r, c, z) for r, c, z in shaded if z is not None]
    assert fills(group(root, "heat-cells")) == [_blend(low, high, z) for _, _, z in shaded]
    cells = dict(zip([(r, c) for r, c, _ in shaded], boxes(group(root, "heat-cells")), strict=True))
    framed = [(s["y0"] + 0.5, s["x0"] + 0.5) for s in figure["layout"]["shapes"]]
    assert boxes(group(root, "heat-frames")) == [cells[(int(r), int(c))] for r, c in framed]


def boxes(element: ET.Element) -> list[tuple[float, ...]]:
    """left, right, top, bottom of each path in a group, to two decimals."""
    found = []
    for path in element.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
        xs, ys = numbers[::2], numbers[1::2]
        found.append(tuple(round(n, 2) for n in (min(xs), max(xs), min(ys), max(ys))))
    return found


def _blend(low: str, high: str, share: float) -> str:
    pairs = ((int(low[i : i + 2], 16), int(high[i : i + 2], 16)) for i in (1, 3, 5))
    return "#" + "".join(f"{int(a + (b - a) * share + 0.5):02x}" for a, b in pairs)


# --- the SVG as a whole ---------------------------------------------------------------

EVERY: list[Chart] = [*RADARS.values(), *BARS.values(), *STAIRCASES.values(), *HEATMAPS.values()]


def test_svg_is_inline_markup_with_its_text_as_text_in_dejavu_sans() -> None:
    for chart in EVERY:
        svg = to_svg(chart)
        assert svg.startswith("<svg ") and "<?xml" not in svg and "<!DOCTYPE" not in svg
        root = ET.fromstring(svg)
        texts = list(root.iter(f"{SVG}text"))
        assert texts and all("font-family: 'DejaVu Sans'" in t.get("style", "") for t in texts)
        assert "DejaVuSans-" not in svg  # no glyphs drawn as paths


def test_the_same_chart_gives_the_same_svg_in_another_process() -> None:
    chart = RADARS["tiny continuous"]
    script = (
        "from reports.charts import radar, to_svg\n"
        "from tests.reports.test_charts import CONTINUOUS, continuous\n"
        "from tests.reports.test_chart_svg import EARLIER\n"
        "chart = radar(continuous(targets={'overall': 3}), CONTINUOUS, previous=EARLIER)\n"
        "print(to_svg(chart), end='')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert to_svg(chart) == to_svg(chart) == run.stdout


def test_charts_on_one_page_never_share_an_id() -> None:
    """Inline SVGs share the page's ids: a clip path of one must not clip another, and
    WeasyPrint warns of every id defined twice."""
    seen: set[str] = set()
    for chart in EVERY:
        svg = to_svg(chart)
        ids = re.findall(r'\bid="([^"]+)"', svg)
        assert len(ids) == len(set(ids)) and not seen & set(ids)
        assert _referenced(svg) <= set(ids)
        seen |= set(ids)


def _referenced(svg: str) -> set[str]:
    return set(re.findall(r'(?:url\(#|href="#)([^)"]+)', svg))


def test_loading_the_charts_does_not_load_matplotlib() -> None:
    """The results page draws with plotly.js; only the PDF pays for matplotlib."""
    script = "import sys, reports.charts; print('matplotlib' in sys.modules)"
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "False"

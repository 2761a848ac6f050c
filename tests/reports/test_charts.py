"""Chart data from results of the tiny frameworks, each value worked out by hand.

tiny-continuous: levels 1 Initial .. 4 Leading; STANDARD gives skills (2*1 + 4*3) / 4 = 3.5,
culture 1, platform 3; dimension People (skills weight 1, culture 3) (3.5 + 3*1) / 4 =
1.625, Technology 3. tiny-staged: threshold 0.75; STAGED_ANSWERS give level 2
(2 + 1 + 0) / 4 = 0.75 (met), level 3 (1 + 0.5*3) / 4 = 0.625, level 4 (1 + 2) / 3 = 1
(met, not reached); placement 2, score 2.625.
"""

import json
from pathlib import Path
from typing import Any

from assessments.scoring import (
    AnswerValue,
    AssessmentResult,
    RespondentAnswers,
    ScoringInput,
    score,
)
from maturity.schema import parse_definition
from reports.charts import (
    CURRENT,
    MET,
    PREVIOUS,
    TARGET,
    THRESHOLD,
    Chart,
    ChartText,
    bars,
    heatmap,
    radar,
    staircase,
    to_plotly,
)

DATA = Path(__file__).parent.parent / "data"
CONTINUOUS = parse_definition((DATA / "tiny-continuous.json").read_text())
STAGED = parse_definition((DATA / "tiny-staged.json").read_text())

STANDARD: dict[str, AnswerValue] = {
    "skills-depth": 2,
    "skills-breadth": 4,
    "culture": 1,
    "platform": 3,
}
STAGED_ANSWERS: dict[str, AnswerValue] = {
    "l2-connect": "yes",
    "l2-monitor": "yes",
    "l3-remote": "yes",
    "l3-analytics": "partly",
    "l4-predict": "yes",
    "l4-optimise": "yes",
}


def continuous(answers: dict[str, AnswerValue] = STANDARD, **options: Any) -> AssessmentResult:
    respondents = (RespondentAnswers(answers=answers),)
    return score(CONTINUOUS, ScoringInput(respondents=respondents, **options))


def staged(answers: dict[str, AnswerValue] = STAGED_ANSWERS, **options: Any) -> AssessmentResult:
    respondents = (RespondentAnswers(answers=answers),)
    return score(STAGED, ScoringInput(respondents=respondents, **options))


# --- radar ----------------------------------------------------------------------------


def test_continuous_radar_has_a_subdimension_per_axis_on_the_level_scale() -> None:
    chart = radar(continuous(), CONTINUOUS)
    assert chart.axes == ("Skills", "Culture", "Platform")
    assert chart.range == (0.0, 4.0)
    assert chart.ticks == (1.0, 2.0, 3.0, 4.0)
    assert chart.tick_labels == ("1 Initial", "2 Developing", "3 Established", "4 Leading")
    assert chart.percent is False


def test_continuous_radar_current_series_is_the_subdimension_scores() -> None:
    (current,) = radar(continuous(), CONTINUOUS).series
    assert (current.name, current.values, current.colour) == ("Current", (3.5, 1.0, 3.0), CURRENT)


def test_continuous_radar_target_series_uses_the_overall_target_where_none_is_set() -> None:
    chart = radar(continuous(targets={"overall": 3, "culture": 2}), CONTINUOUS)
    target = chart.series[1]
    assert (target.name, target.values, target.colour) == ("Target", (3.0, 2.0, 3.0), TARGET)
    assert target.dashed and not target.filled


def test_radar_shows_a_previous_result_first_in_grey() -> None:
    before = continuous({"skills-depth": 1, "skills-breadth": 1, "culture": 1})
    previous = radar(continuous(), CONTINUOUS, previous=before).series[0]
    assert (previous.name, previous.values, previous.colour) == (
        "Previous",
        (1.0, 1.0, None),
        PREVIOUS,
    )


def test_staged_radar_shows_each_levels_fulfilment_in_per_cent() -> None:
    chart = radar(staged(), STAGED)
    assert chart.axes == ("2 Connected", "3 Serviceable", "4 Intelligent")
    assert (chart.range, chart.percent) == ((0.0, 1.0), True)
    current, threshold = chart.series
    assert current.values == (0.75, 0.625, 1.0)
    assert (threshold.values, threshold.colour) == ((0.75, 0.75, 0.75), THRESHOLD)


def test_staged_target_needs_the_levels_below_it_and_a_share_of_the_next() -> None:
    # Target 3.5: levels 2 and 3 in full, half of level 4.
    chart = radar(staged(targets={"overall": 3.5}), STAGED)
    assert [s.name for s in chart.series] == ["Current", "Target", "Threshold"]
    assert chart.series[1].values == (1.0, 1.0, 0.5)


def test_radar_rows_give_one_value_per_series_for_the_data_table() -> None:
    rows = radar(continuous(targets={"overall": 3}), CONTINUOUS).rows()
    assert [(row.label, row.values) for row in rows] == [
        ("Skills", (3.5, 3.0)),
        ("Culture", (1.0, 3.0)),
        ("Platform", (3.0, 3.0)),
    ]


def test_radar_words_come_from_the_chart_text() -> None:
    text = ChartText(current="Ist", target="Soll")
    chart = radar(continuous(targets={"overall": 3}), CONTINUOUS, text)
    assert [s.name for s in chart.series] == ["Ist", "Soll"]


def test_radar_figure_runs_clockwise_from_the_top_with_level_names_on_the_ticks() -> None:
    figure = to_plotly(radar(continuous(), CONTINUOUS))
    polar = figure["layout"]["polar"]
    assert polar["angularaxis"]["direction"] == "clockwise"
    assert polar["angularaxis"]["rotation"] == 90
    assert polar["radialaxis"]["range"] == [0.0, 4.0]
    ticks = ["1 Initial", "2 Developing", "3 Established", "4 Leading"]
    assert polar["radialaxis"]["ticktext"] == ticks
    (trace,) = figure["data"]
    # The outline closes on the first point.
    assert trace["r"] == [3.5, 1.0, 3.0, 3.5]
    assert trace["theta"] == ["Skills", "Culture", "Platform", "Skills"]


def test_staged_radar_figure_labels_the_radial_axis_in_per_cent() -> None:
    chart = radar(staged(), STAGED)
    radial = to_plotly(chart)["layout"]["polar"]["radialaxis"]
    assert chart.tick_labels == ("25%", "50%", "75%", "100%")
    assert radial["ticktext"] == ["25%", "50%", "75%", "100%"]
    assert radial["range"] == [0.0, 1.0]


def test_radar_figure_runs_the_radial_ticks_a_quarter_of_the_way_to_the_second_axis() -> None:
    # Three axes, 120 degrees apart: the ticks at 30 degrees clockwise from the top, which
    # plotly counts anticlockwise from the right.
    radial = to_plotly(radar(continuous(), CONTINUOUS))["layout"]["polar"]["radialaxis"]
    assert radial["angle"] == 60


# --- staircase ------------------------------------------------------------------------


def test_staircase_has_a_step_per_level_with_its_status() -> None:
    chart = staircase(staged(), STAGED)
    steps = [(s.number, s.label, s.fulfilment, s.status) for s in chart.steps]
    assert steps == [
        (1, "1 Unconnected", None, "reached"),
        (2, "2 Connected", 0.75, "reached"),
        (3, "3 Serviceable", 0.625, "open"),
        (4, "4 Intelligent", 1.0, "met"),
    ]
    assert [s.colour for s in chart.steps] == [CURRENT, CURRENT, PREVIOUS, MET]
    assert (chart.threshold, chart.score, chart.target) == (0.75, 2.625, None)


def test_staircase_steps_say_whether_they_are_met_and_reached_for_the_data_table() -> None:
    steps = staircase(staged(), STAGED).steps
    assert [(s.met, s.reached) for s in steps] == [
        (True, True),
        (True, True),
        (False, False),
        (True, False),
    ]


def test_staircase_fill_on_the_first_unmet_step_reaches_the_score() -> None:
    chart = staircase(staged(), STAGED)
    first_unmet = chart.steps[2]
    assert first_unmet.number - 1 + first_unmet.fill == chart.score
    assert chart.steps[0].fill == 1.0  # the floor is always whole


def test_staircase_figure_draws_the_threshold_on_each_step_from_level_two() -> None:
    figure = to_plotly(staircase(staged(targets={"overall": 3}), STAGED))
    lines = {trace["name"]: trace for trace in figure["data"] if trace["type"] == "scatter"}
    threshold = lines["Threshold (75%)"]
    assert [y for y in threshold["y"] if y is not None] == [1.75, 1.75, 2.75, 2.75, 3.75, 3.75]
    assert lines["Target"]["y"] == [3.0, 3.0]


def test_staircase_figure_has_a_legend_entry_per_status() -> None:
    figure = to_plotly(staircase(staged(), STAGED))
    legend = {t["name"]: t["x"] for t in figure["data"] if t["type"] == "bar" and t["showlegend"]}
    assert legend == {"Reached": [1, 2], "Met, not reached": [4], "Not met": [3]}
    assert figure["layout"]["xaxis"]["ticktext"][0] == "1<br>Unconnected"


# --- bars -----------------------------------------------------------------------------


def test_continuous_bars_show_each_dimensions_score_on_the_level_scale() -> None:
    chart = bars(continuous(), CONTINUOUS)
    assert [(bar.label, bar.value, bar.target) for bar in chart.bars] == [
        ("People", 1.625, None),
        ("Technology", 3.0, None),
    ]
    assert {(bar.group, bar.colour) for bar in chart.bars} == {("Current", CURRENT)}
    assert (chart.range, chart.ticks, chart.percent) == ((0.0, 4.0), (1.0, 2.0, 3.0, 4.0), False)
    assert chart.tick_labels == ("1 Initial", "2 Developing", "3 Established", "4 Leading")
    assert chart.threshold is None
    assert not chart.has_targets


def test_a_dimensions_target_is_the_weighted_mean_of_its_subdimensions_targets() -> None:
    # People: skills 3 (the overall target, weight 1), culture 2 (weight 3): (3 + 6) / 4.
    chart = bars(continuous(targets={"overall": 3, "culture": 2}), CONTINUOUS)
    assert [bar.target for bar in chart.bars] == [2.25, 3.0]


def test_a_dimension_has_no_target_while_a_subdimension_of_it_has_none() -> None:
    chart = bars(continuous(targets={"culture": 2}), CONTINUOUS)
    assert [bar.target for bar in chart.bars] == [None, None]


def test_bar_values_are_written_as_the_page_rounds_them() -> None:
    chart = bars(continuous(), CONTINUOUS)
    # 1.625 rounds half up, as floatformat does, not to the even 1.62.
    assert [chart.value_text(bar.value) for bar in chart.bars] == ["1.63", "3.00"]
    assert chart.value_text(None) == "–"


def test_staged_bars_show_each_levels_fulfilment_against_the_threshold() -> None:
    chart = bars(staged(), STAGED)
    assert [(bar.label, bar.value, bar.group) for bar in chart.bars] == [
        ("2 Connected", 0.75, "Reached"),
        ("3 Serviceable", 0.625, "Not met"),
        ("4 Intelligent", 1.0, "Met, not reached"),
    ]
    assert [bar.colour for bar in chart.bars] == [CURRENT, PREVIOUS, MET]
    assert (chart.range, chart.threshold, chart.percent) == ((0.0, 1.0), 0.75, True)
    assert chart.tick_labels == ("0%", "25%", "50%", "75%", "100%")
    assert [chart.value_text(bar.value) for bar in chart.bars] == ["75%", "63%", "100%"]


def test_staged_bars_mark_the_share_of_each_level_a_target_needs() -> None:
    # Target 3.5: levels 2 and 3 in full, half of level 4; target 2: nothing above level 2.
    assert [bar.target for bar in bars(staged(targets={"overall": 3.5}), STAGED).bars] == [
        1.0,
        1.0,
        0.5,
    ]
    assert [bar.target for bar in bars(staged(targets={"overall": 2}), STAGED).bars] == [
        1.0,
        None,
        None,
    ]


def test_bars_figure_has_a_trace_per_colour_a_target_mark_per_bar_and_values_beside() -> None:
    figure = to_plotly(bars(continuous(targets={"overall": 3}), CONTINUOUS))
    track, current, target = figure["data"]
    assert track["x"] == [4.0, 4.0] and track["showlegend"] is False
    assert (current["name"], current["y"], current["x"]) == ("Current", [0, 1], [1.625, 3.0])
    assert (target["name"], target["x"], target["marker"]["symbol"]) == (
        "Target",
        [3.0, 3.0],
        "line-ns",
    )
    assert figure["layout"]["yaxis"]["ticktext"] == ["People", "Technology"]
    assert figure["layout"]["yaxis"]["range"] == [1.5, -0.5]  # the first bar on top
    assert [note["text"] for note in figure["layout"]["annotations"]] == ["1.63", "3.00"]


def test_staged_bars_figure_draws_the_threshold_and_names_each_status() -> None:
    figure = to_plotly(bars(staged(), STAGED))
    names = {trace.get("name"): trace for trace in figure["data"]}
    assert names["Reached"]["y"] == [0] and names["Met, not reached"]["y"] == [2]
    threshold = names["Threshold (75%)"]
    assert threshold["x"] == [0.75, 0.75] and threshold["line"]["dash"] == "dash"
    assert "Target" not in names
    ticks = figure["layout"]["xaxis"]["ticktext"]
    assert ticks == ["0%", "25%", "50%", "75%", "100%"]


# --- heat map -------------------------------------------------------------------------


def test_descriptor_heatmap_has_subdimension_rows_and_level_columns() -> None:
    chart = heatmap(continuous(), CONTINUOUS)
    assert chart.rows == ("Skills", "Culture", "Platform")
    assert chart.columns == ("1 Initial", "2 Developing", "3 Established", "4 Leading")
    assert chart.cells[0][2].label == "Skills at level 3"


def test_descriptor_heatmap_highlights_the_reached_level_and_shades_those_below() -> None:
    chart = heatmap(continuous(), CONTINUOUS)
    # skills 3.5 -> level 3; culture 1 -> level 1
    assert [cell.highlighted for cell in chart.cells[0]] == [False, False, True, False]
    assert [cell.shade for cell in chart.cells[0]] == [0.3, 0.3, 1.0, 0.0]
    assert [cell.shade for cell in chart.cells[1]] == [1.0, 0.0, 0.0, 0.0]


def test_descriptor_heatmap_row_without_a_score_has_nothing_highlighted() -> None:
    chart = heatmap(continuous({"culture": 2}), CONTINUOUS)
    assert not any(cell.highlighted for cell in chart.cells[0])
    assert [cell.shade for cell in chart.cells[0]] == [0.0] * 4


def test_statement_heatmap_labels_each_statement_with_its_answer() -> None:
    answers = {**STAGED_ANSWERS, "l2-monitor": "na", "l3-remote": "no"}
    chart = heatmap(staged(answers), STAGED)
    assert chart.rows == ("Connectivity", "Data")
    assert chart.columns == ("Statement 1", "Statement 2", "Statement 3", "Statement 4")
    connectivity = [(c.label, c.shade) for c in chart.cells[0]]
    # three statements, padded to the widest row with an empty cell
    assert connectivity == [("Yes", 1.0), ("N/A", None), ("No", 0.0), ("", None)]
    data = [(c.label, c.shade) for c in chart.cells[1]]
    assert data == [("Not answered", 0.0), ("Partly", 0.5), ("Yes", 1.0), ("Yes", 1.0)]
    assert chart.cells[1][0].detail == "We keep the data products send."


def test_heatmap_figure_reads_top_down_and_frames_the_reached_cells() -> None:
    figure = to_plotly(heatmap(continuous(), CONTINUOUS))
    (trace,) = figure["data"]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"
    assert figure["layout"]["yaxis"]["ticktext"] == ["Skills", "Culture", "Platform"]
    frames = [(s["x0"] + 0.5, s["y0"] + 0.5) for s in figure["layout"]["shapes"]]
    assert frames == [(2, 0), (0, 1), (2, 2)]
    assert trace["z"][0] == [0.3, 0.3, 1.0, 0.0]


def test_figure_text_is_escaped_for_plotly() -> None:
    document = json.loads((DATA / "tiny-continuous.json").read_text())
    document["dimensions"][0]["subdimensions"][0]["name"] = "R&D <skills>"
    definition = parse_definition(document)
    result = score(definition, ScoringInput(respondents=(RespondentAnswers(answers=STANDARD),)))
    figure = to_plotly(heatmap(result, definition))
    assert figure["layout"]["yaxis"]["ticktext"][0] == "R&amp;D &lt;skills&gt;"


def test_every_figure_is_plain_json() -> None:
    charts: list[Chart] = [
        radar(continuous(targets={"overall": 3}), CONTINUOUS),
        bars(continuous(targets={"overall": 3}), CONTINUOUS),
        heatmap(continuous(), CONTINUOUS),
        radar(staged(), STAGED),
        bars(staged(targets={"overall": 3.5}), STAGED),
        staircase(staged(targets={"overall": 4}), STAGED),
        heatmap(staged(), STAGED),
    ]
    for chart in charts:
        figure = to_plotly(chart)
        assert json.loads(json.dumps(figure)) == figure

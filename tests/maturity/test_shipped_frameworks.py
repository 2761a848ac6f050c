"""The two shipped models hold the facts of the source documents."""

from maturity.schema import dump_definition, parse_definition
from tests.conftest import SHIPPED, shipped_document

GARTNER_SUBDIMENSIONS = {
    "business": ["economic-model", "business-alignment", "ecosystem"],
    "organization": ["business-processes", "culture", "data-governance"],
    "technology": ["architecture", "technology-alignment", "technology-infrastructure"],
}


def test_every_shipped_file_validates_and_is_written_as_export_writes_it() -> None:
    for path in SHIPPED.glob("*.json"):
        text = path.read_text()
        assert dump_definition(parse_definition(text)) == text, path.name


def test_ptc_has_six_cumulative_levels_as_published() -> None:
    ptc = parse_definition(shipped_document("ptc-cpmm"))
    assert ptc.method == "staged"
    assert [level.name for level in ptc.levels] == [
        "Unconnected", "Connected", "Serviceable", "Intelligent", "Optimized", "Differentiated",
    ]  # fmt: skip
    assert all(level.description and level.requirements and level.implementation
               for level in ptc.levels)  # fmt: skip


def test_ptc_has_at_least_four_statements_for_levels_two_to_six() -> None:
    ptc = parse_definition(shipped_document("ptc-cpmm"))
    per_level = {n: [q for q in ptc.questions() if q.level == n] for n in range(1, 7)}
    assert per_level[1], "level 1 has its planning and strategy statements"
    assert all(len(per_level[n]) >= 4 for n in range(2, 7))
    assert {q.kind for q in ptc.questions()} == {"statement"}


def test_gartner_has_five_levels_three_dimensions_and_nine_subdimensions() -> None:
    gartner = parse_definition(shipped_document("gartner-iot"))
    assert [level.name for level in gartner.levels] == [
        "Initiating", "Exploratory", "Defined", "Integrated", "Optimizing",
    ]  # fmt: skip
    assert {d.key: [s.key for s in d.subdimensions] for d in gartner.dimensions} == (
        GARTNER_SUBDIMENSIONS
    )
    assert [q.key for q in gartner.questions()] == [s.key for s in gartner.subdimensions()]


def test_gartner_keeps_the_45_table_cells_as_published() -> None:
    gartner = parse_definition(shipped_document("gartner-iot"))
    cells = {(s.key, d.level): d.text for s in gartner.subdimensions() for d in s.descriptors}
    assert len(cells) == 45
    assert cells[("economic-model", 1)] == "Unclear and/or limited to project"
    assert cells[("culture", 4)] == "COE and, executive champions and policies exist"
    assert cells[("data-governance", 1)] == "None"
    assert cells[("technology-infrastructure", 5)] == "Common IoT infrastructure deployed"


def test_gartner_describes_both_maturity_types() -> None:
    description = parse_definition(shipped_document("gartner-iot")).description.lower()
    assert "internal" in description
    assert "operational" in description
    assert "customers" in description

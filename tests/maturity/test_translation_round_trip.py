"""The translator's round trip: export_translations to .xlsx, fill it in, import_translations."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from maturity.models import Framework, Level
from maturity.schema import parse_definition
from maturity.selectors import framework_definition
from maturity.services import import_framework, load_frameworks, publish_framework
from maturity.translation_sheet import HEADER
from tests.maturity.test_schema import tiny
from tests.maturity.test_translations import translated

pytestmark = pytest.mark.django_db

# The tiny definition's English texts, in document order (descriptors before questions).
TINY_TEXTS = [
    ("framework", "name", "Tiny"),
    ("level:1", "name", "L1"),
    ("level:2", "name", "L2"),
    ("level:3", "name", "L3"),
    ("dimension:ops", "name", "Operations"),
    ("subdimension:ops-a", "name", "A"),
    ("descriptor:ops-a:1", "text", "at 1"),
    ("descriptor:ops-a:2", "text", "at 2"),
    ("descriptor:ops-a:3", "text", "at 3"),
    ("question:q-ops", "text", "How far?"),
    ("dimension:tech", "name", "Technology"),
    ("subdimension:tech-a", "name", "B"),
    ("descriptor:tech-a:1", "text", "at 1"),
    ("descriptor:tech-a:2", "text", "at 2"),
    ("descriptor:tech-a:3", "text", "at 3"),
    ("question:q-tech", "text", "How far?"),
]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def export(tmp_path: Path, slug: str = "tiny", *more: str) -> Path:
    output = tmp_path / f"{slug}-de.xlsx"
    run("export_translations", slug, "--language", "de", "--output", str(output), *more)
    return output


def sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    return list(load_workbook(path)["translations"].iter_rows(values_only=True))


def fill(path: Path, translations: dict[tuple[str, str], str | None]) -> None:
    """Type translations into column D, as a translator would, by (path, field)."""
    workbook = load_workbook(path)
    sheet = workbook["translations"]
    for row in sheet.iter_rows(min_row=2):
        key = (row[0].value, row[1].value)
        if key in translations:
            row[3].value = translations[key]
    workbook.save(path)


def add_row(path: Path, *cells: str) -> None:
    workbook = load_workbook(path)
    workbook["translations"].append(list(cells))
    workbook.save(path)


def english_only() -> Framework:
    return import_framework(definition=parse_definition(tiny())).framework


def test_the_sheet_has_one_row_per_english_text_with_status_and_a_hidden_hash(
    tmp_path: Path,
) -> None:
    english_only()
    path = export(tmp_path)
    rows = sheet_rows(path)
    assert rows[0] == HEADER
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == TINY_TEXTS
    assert {(r[3], r[4]) for r in rows[1:]} == {(None, "missing")}
    assert load_workbook(path)["translations"].column_dimensions["F"].hidden
    about = dict(load_workbook(path)["about"].iter_rows(values_only=True))
    assert about == {"slug": "tiny", "version": 1, "language": "de"}


def test_a_filled_sheet_imports_into_a_new_draft_that_then_publishes(tmp_path: Path) -> None:
    english_only()
    path = export(tmp_path)
    fill(path, {(p, f): f"DE {text} ({p})" for p, f, text in TINY_TEXTS})
    output = run("import_translations", str(path))
    assert "tiny v2 (draft, a new draft copied from v1): 16 translation(s) changed." in output
    assert "the draft lists it complete" in output
    draft = Framework.objects.get(slug="tiny", version=2)
    assert draft.status == Framework.Status.DRAFT and draft.languages == ["de"]
    assert Level.objects.get(framework=draft, number=2).translations == {
        "de": {"name": "DE L2 (level:2)"}
    }
    assert Framework.objects.get(slug="tiny", version=1).languages == []  # published: untouched
    publish_framework(framework=draft)
    again = sheet_rows(export(tmp_path, "tiny", "--version", "2"))
    assert {r[4] for r in again[1:]} == {"translated"}
    assert again[2][3] == "DE L1 (level:1)"


def test_a_partial_sheet_reports_what_is_missing_and_leaves_the_language_unlisted(
    tmp_path: Path,
) -> None:
    english_only()
    path = export(tmp_path)
    fill(path, {(p, f): f"DE {text}" for p, f, text in TINY_TEXTS if p != "question:q-tech"})
    output = run("import_translations", str(path))
    assert "1 text(s) still missing in 'de':\n  question:q-tech text" in output
    draft = Framework.objects.get(slug="tiny", version=2)
    assert draft.languages == []
    assert (
        framework_definition(draft).dimensions[1].subdimensions[0].questions[0].translations == {}
    )


def test_unknown_paths_and_fields_are_refused_by_row_and_change_nothing(tmp_path: Path) -> None:
    english_only()
    path = export(tmp_path)
    fill(path, {("level:1", "name"): "Eins"})
    add_row(path, "question:nope", "text", "", "Nein")
    add_row(path, "level:2", "nmae", "", "Zwei")
    add_row(path, "level:2", "summary", "", "Zusammenfassung")
    with pytest.raises(CommandError) as caught:
        run("import_translations", str(path))
    message = str(caught.value)
    assert "nothing was imported" in message
    assert "row 18: no element 'question:nope' in this framework" in message
    assert "row 19: 'nmae' is not a translatable field of level:2 (name, summary," in message
    assert "row 20: level:2 has no English summary to translate" in message
    assert list(Framework.objects.values_list("version", flat=True)) == [1]  # no draft left


def test_an_existing_draft_receives_the_translations(tmp_path: Path) -> None:
    english_only()
    import_framework(definition=parse_definition(tiny() | {"version": 2}), publish=False)
    path = export(tmp_path)
    fill(path, {("level:1", "name"): "Eins"})
    assert "tiny v2 (draft): 1 translation(s) changed." in run("import_translations", str(path))
    assert Framework.objects.count() == 2


def test_a_blank_translation_removes_the_one_stored(tmp_path: Path) -> None:
    import_framework(definition=parse_definition(translated()), publish=False)
    path = export(tmp_path, "tiny", "--version", "1")
    fill(path, {("level:3", "name"): None})
    output = run("import_translations", str(path))
    assert "1 text(s) still missing in 'de':\n  level:3 name" in output
    draft = Framework.objects.get(slug="tiny", version=1)
    assert Level.objects.get(framework=draft, number=3).translations == {}


def test_english_changed_after_a_translation_is_flagged_source_changed(tmp_path: Path) -> None:
    import_framework(definition=parse_definition(translated()))
    changed = translated() | {"version": 2}
    changed["levels"][1]["name"] = "Level two, renamed"
    import_framework(definition=parse_definition(changed), publish=False)
    rows = {(r[0], r[1]): r for r in sheet_rows(export(tmp_path, "tiny", "--version", "2"))}
    assert rows[("level:2", "name")][3:5] == ("S2", "source changed")
    assert rows[("level:1", "name")][3:5] == ("S1", "translated")


def test_english_edited_after_the_export_is_flagged_at_import(tmp_path: Path) -> None:
    english_only()
    import_framework(definition=parse_definition(tiny() | {"version": 2}), publish=False)
    path = export(tmp_path, "tiny", "--version", "2")
    fill(path, {("level:2", "name"): "Zwei"})
    Level.objects.filter(framework__version=2, number=2).update(name="Second")
    output = run("import_translations", str(path))
    assert "English changed since export, check: row 4: level:2 name" in output


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    english_only()
    path = tmp_path / "notes.xlsx"
    path.write_text("not a spreadsheet")
    with pytest.raises(CommandError, match=r"nothing was imported:\n  not an \.xlsx workbook"):
        run("import_translations", str(path))


def test_the_shipped_german_exports_as_fully_translated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_frameworks()
    rows = sheet_rows(export(tmp_path, "gartner-iot"))
    assert {r[4] for r in rows[1:]} == {"translated"}
    assert ("level:1", "name", "Initiating", "Initiierend") in {r[:4] for r in rows}


def test_a_sheet_that_changes_nothing_makes_no_draft(tmp_path: Path) -> None:
    load_frameworks()
    output = run("import_translations", str(export(tmp_path, "gartner-iot")))
    assert "gartner-iot v1 (published): the sheet changes nothing, so no draft was made." in output
    assert list(Framework.objects.filter(slug="gartner-iot").values_list("version", flat=True)) == [
        1
    ]

"""The translator's spreadsheet: every text of a framework version beside its English source.

A row names its element by key, not by position (``question:culture``, ``level:3``,
``descriptor:ecosystem:2``), so that a sheet still fits a later version whose lists moved.
Its status is ``missing`` (no translation), ``translated``, or ``source changed``: the
English differs from the previous version's while the translation was carried over
unchanged, so it was written for the old English. The hidden ``source hash`` column keeps
a hash of the English at export, so that an import can flag English edited since.

openpyxl is imported where a sheet is written or read: it loads numpy, which the web
process must not (tests/reports/test_start_up.py).
"""

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from maturity.schema import (
    DescriptorDef,
    DimensionDef,
    FrameworkDef,
    LevelDef,
    QuestionDef,
    SubdimensionDef,
)

# The sheet is a file format that is read back, so its labels stay fixed (English).
HEADER = ("path", "field", "English source", "translation", "status", "source hash")
MISSING, TRANSLATED, SOURCE_CHANGED = "missing", "translated", "source changed"
SHEET, ABOUT = "translations", "about"

FIELDS: dict[str, tuple[str, ...]] = {
    "framework": FrameworkDef.translatable,
    "level": LevelDef.translatable,
    "dimension": DimensionDef.translatable,
    "subdimension": SubdimensionDef.translatable,
    "descriptor": DescriptorDef.translatable,
    "question": QuestionDef.translatable,
}


class SheetError(ValueError):
    """A file that is no translation sheet, or rows that do not fit; one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def keyed_elements(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each translatable element of a definition's data, named by its keys."""
    yield "framework", data
    for level in data["levels"]:
        yield f"level:{level['number']}", level
    for dimension in data["dimensions"]:
        yield f"dimension:{dimension['key']}", dimension
        for sub in dimension["subdimensions"]:
            yield f"subdimension:{sub['key']}", sub
            for descriptor in sub["descriptors"]:
                yield f"descriptor:{sub['key']}:{descriptor['level']}", descriptor
            for question in sub["questions"]:
                yield f"question:{question['key']}", question


def fields_of(path: str) -> tuple[str, ...]:
    return FIELDS[path.split(":")[0]]


def translation_of(element: dict[str, Any], language: str, field: str) -> str:
    text: str = element.get("translations", {}).get(language, {}).get(field, "")
    return text


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class TextRow:
    path: str
    field: str
    source: str
    translation: str
    status: str

    @property
    def source_hash(self) -> str:
        return source_hash(self.source)


def translation_rows(
    definition: FrameworkDef, language: str, previous: FrameworkDef | None = None
) -> list[TextRow]:
    """One row per non-empty English text, in document order; ``previous`` is the version
    before this one, against which a carried-over translation is checked."""
    earlier = dict(keyed_elements(previous.model_dump(mode="json"))) if previous else {}
    rows = []
    for path, element in keyed_elements(definition.model_dump(mode="json")):
        for field in fields_of(path):
            if element[field]:
                status = _status(element, earlier.get(path), language, field)
                translation = translation_of(element, language, field)
                rows.append(TextRow(path, field, element[field], translation, status))
    return rows


def _status(
    element: dict[str, Any], earlier: dict[str, Any] | None, language: str, field: str
) -> str:
    translation = translation_of(element, language, field)
    if not translation:
        return MISSING
    if (
        earlier is not None
        and earlier[field] != element[field]
        and translation_of(earlier, language, field) == translation
    ):
        return SOURCE_CHANGED
    return TRANSLATED


def write_workbook(
    rows: list[TextRow], *, output: Path | IO[bytes], slug: str, version: int, language: str
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADER)
    for row in rows:
        sheet.append(
            [row.path, row.field, row.source, row.translation, row.status, row.source_hash]
        )
    _style(sheet)
    about = workbook.create_sheet(ABOUT)
    for name, value in (("slug", slug), ("version", version), ("language", language)):
        about.append([name, value])
    workbook.save(output)


def _style(sheet: Any) -> None:
    from openpyxl.styles import Alignment, Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDE", (34, 16, 60, 60, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.column_dimensions["F"].hidden = True
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class SheetEntry:
    row: int  # the spreadsheet's own row number, as the translator sees it
    path: str
    field: str
    translation: str
    source_hash: str


@dataclass(frozen=True)
class Sheet:
    slug: str | None
    language: str | None
    entries: list[SheetEntry]


def read_workbook(file: Path | IO[bytes]) -> Sheet:
    """The rows of a translation sheet; SheetError when the file is not one."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise SheetError([f"not an .xlsx workbook ({exc})"]) from None
    if SHEET not in workbook.sheetnames:
        raise SheetError([f"the workbook has no sheet named {SHEET!r}"])
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    if not rows or tuple(_text(cell) for cell in rows[0][: len(HEADER)]) != HEADER:
        raise SheetError([f"row 1: the header must be: {', '.join(HEADER)}"])
    about = _about(workbook)
    entries = [
        SheetEntry(number, *(_text(cell) for cell in _padded(row)))
        for number, row in enumerate(rows[1:], start=2)
        if any(cell not in (None, "") for cell in row)
    ]
    return Sheet(about.get("slug"), about.get("language"), entries)


def _padded(row: tuple[Any, ...]) -> tuple[Any, ...]:
    cells = (*row, *([None] * len(HEADER)))
    path, field, _source, translation, _status, hashed = cells[: len(HEADER)]
    return (path, field, translation, hashed)


def _about(workbook: Any) -> dict[str, str]:
    if ABOUT not in workbook.sheetnames:
        return {}
    return {
        _text(row[0]): _text(row[1])
        for row in workbook[ABOUT].iter_rows(max_col=2, values_only=True)
        if row and row[0]
    }


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()

"""Every answer as CSV: a row per question and respondent, readable by Excel (byte order
mark, the language's separator), never run as a formula."""

import csv
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from assessments.models import Assessment, Organization
from reports.documents.model import Document, Response
from reports.outputs.answers_csv import render_csv
from tests.assessments.test_languages import compile_catalogue
from tests.reports.test_pdf import (
    GARTNER_KEYS,
    answer,
    new_assessment,
    owner_respondent,
    ptc_values,
    submitted_by_three,
)
from tests.reports.test_xlsx import document_of

pytestmark = pytest.mark.django_db

HEADER = [
    "Question key",
    "Area",
    "Question",
    "Person",
    "Role",
    "Answer",
    "Answer label",
    "Confidence",
    "Comment",
    "Evidence link",
]
BOM = b"\xef\xbb\xbf"


def rows(content: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    assert content.startswith(BOM)
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def gartner(people: dict[str, User | None], acme: Organization, frameworks: None) -> Assessment:
    """Max (business), Ivy (IT) and Otto (OT) answer all nine questions."""
    assert people["manager"] is not None
    return submitted_by_three(people["manager"], acme)


def test_a_row_per_question_and_respondent_with_what_each_answered(gartner: Assessment) -> None:
    content = render_csv(document_of(gartner))
    assert content.decode("utf-8-sig").splitlines()[0].split(",") == HEADER
    table = rows(content)
    assert len(table) == 3 * 9
    assert Counter(row["Question key"] for row in table) == dict.fromkeys(GARTNER_KEYS, 3)
    culture = [
        (row["Person"], row["Role"], row["Answer"], row["Answer label"])
        for row in table
        if row["Question key"] == "culture"
    ]
    assert culture == [
        ("max", "Business", "3", "3 Defined"),
        ("ivy", "IT", "2", "2 Exploratory"),
        ("otto", "OT", "3", "3 Defined"),
    ]
    assert {row["Area"] for row in table if row["Question key"] == "culture"} == {"Culture"}
    assert all(row["Question"].endswith("?") for row in table)


def test_comments_evidence_and_confidence_are_kept(gartner: Assessment) -> None:
    document = document_of(gartner)
    first = document.responses[0].model_copy(
        update={
            "comment": "Line one\nline two, with a comma",
            "evidence_url": "https://x.test",
            "confidence": "High",
        }
    )
    table = rows(render_csv(_with_responses(document, first)))
    assert (table[0]["Comment"], table[0]["Evidence link"], table[0]["Confidence"]) == (
        "Line one\nline two, with a comma",
        "https://x.test",
        "High",
    )


@pytest.mark.parametrize(
    "comment, shown",
    [
        ('=HYPERLINK("http://x.test")', '\'=HYPERLINK("http://x.test")'),
        ("+41 44 000", "'+41 44 000"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("a = b", "a = b"),
    ],
)
def test_cells_that_would_run_as_a_formula_get_an_apostrophe(
    gartner: Assessment, comment: str, shown: str
) -> None:
    document = document_of(gartner)
    first = document.responses[0].model_copy(update={"comment": comment})
    assert rows(render_csv(_with_responses(document, first)))[0]["Comment"] == shown


def test_staged_statements_give_the_stored_value_and_its_label(
    people: dict[str, User | None], acme: Organization, frameworks: None
) -> None:
    assert people["manager"] is not None
    assessment = new_assessment(people["manager"], acme, "ptc-cpmm")
    answer(owner_respondent(assessment), ptc_values({"l3-remote-access": "partly"}))
    table = rows(render_csv(document_of(assessment)))
    assert len(table) == 10 + 1  # levels 1 and 2, and one statement of level 3
    access = next(row for row in table if row["Question key"] == "l3-remote-access")
    assert (access["Answer"], access["Answer label"], access["Area"]) == (
        "partly",
        "Partly",
        "Remote service",
    )


def test_german_headers_with_the_same_commas(
    gartner: Assessment, tmp_path: Path, settings: Any
) -> None:
    compile_catalogue(tmp_path / "locale", {"Question key": "Frageschlüssel (Test)"})
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    Assessment.objects.filter(pk=gartner.pk).update(language="de")
    gartner.refresh_from_db()
    content = render_csv(document_of(gartner))
    table = rows(content)
    assert len(table) == 27
    assert table[0]["Frageschlüssel (Test)"] == "economic-model"
    assert "ü".encode() in content  # UTF-8, after the byte order mark


def _with_responses(document: Document, first: Response) -> Document:
    return document.model_copy(update={"responses": (first, *document.responses[1:])})

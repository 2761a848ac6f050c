"""Every main page in German: no English of the interface catalogue is left on it.

Each page is requested with `Accept-Language: de` and rendered with the catalogue as it is in
the repository (compiled into a temporary folder, so a stale .mo can neither hide nor fake a
change). Its readable text (text nodes, the attributes people read or hear, and the chart
labels passed as JSON) is searched for the English of every message whose German differs
or is missing, tags stripped: a label of two or three words where it is a whole text, and
a sentence of four words or more, or such a piece between a message's placeholders,
anywhere. Single words ("Status", "Median") are left out: too often the same in both
languages, or a name. One test removes a translation and checks that the scan names it.
"""

import json
import re
import subprocess
from collections.abc import Iterator
from functools import cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.models import Assessment, Organization, Respondent
from assessments.services import create_assessment, ensure_user, record_answer
from assessments.services import workshops as ws
from maturity.models import Framework, Question
from reports.charts.style import percent, score_text
from reports.templatetags.numbers import fixed2, pct, upto2
from tests.conftest import client_for
from tests.test_catalogue import CATALOGUE, PLACEHOLDER, TAG, current_entries

pytestmark = pytest.mark.django_db

# Read by people or screen readers; data-* carry the JavaScript's messages and chart titles.
READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
# Words from which a piece of English is a sentence, looked for anywhere in a page's text.
SENTENCE = 4
GARTNER_ANSWERS = {
    "economic-model": "3",
    "business-alignment": "3",
    "ecosystem": "2",
    "business-processes": "3",
    "data-governance": "2",
    "architecture": "3",
    "technology-alignment": "3",
    "technology-infrastructure": "2",
}  # "culture" left open: the pages show what is provisional and unanswered.


def compile_catalogue(po: Path, folder: Path) -> Path:
    target = folder / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    subprocess.run(["msgfmt", "--check", "-o", str(target / "django.mo"), str(po)], check=True)
    return folder


@pytest.fixture(scope="module")
def repository_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compile_catalogue(CATALOGUE, tmp_path_factory.mktemp("locale"))


@pytest.fixture(autouse=True)
def _german_from_the_repository(settings: Any, repository_catalogue: Path) -> None:
    settings.LOCALE_PATHS = [str(repository_catalogue)]


# --- what counts as English left on a page --------------------------------------------


@cache
def english_phrases() -> frozenset[str]:
    """The English to look for: every message of two words or more whose German differs
    (or is missing), and every piece of four words or more between a message's placeholders,
    unless it is also part of some German message (a name kept in both languages)."""
    pairs = [
        (source, german)
        for entry in current_entries()
        for source, german in zip(entry.sources, entry.strings, strict=False)
        if german != source
    ]
    german_text = "\n".join(german for _, german in pairs)
    phrases = set()
    for source, _ in pairs:
        pieces = list(_pieces(source))
        least = 2 if len(pieces) == 1 else SENTENCE
        phrases |= {p for p in pieces if len(p.split()) >= least and p not in german_text}
    return frozenset(phrases)


def _pieces(message: str) -> Iterator[str]:
    text = unescape(TAG.sub(" ", message))
    for piece in PLACEHOLDER.split(text):
        yield _plain(piece)


def _plain(text: str) -> str:
    return " ".join(text.split()).strip(" .,:;!?()“”\"'·–-")


class ReadableText(HTMLParser):
    """The text a page shows or reads out, one chunk per node or attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skipping: list[str] = []
        self._json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.chunks += [
            value
            for name, value in attrs
            if value and (name in READ_ATTRIBUTES or name.startswith("data-"))
        ]
        if tag == "input" and found.get("type") in {"submit", "button"} and found.get("value"):
            self.chunks.append(found["value"] or "")
        if tag in {"script", "style"}:
            self._skipping.append(tag)
            self._json = tag == "script" and found.get("type") == "application/json"

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
            self._json = False

    def handle_data(self, data: str) -> None:
        if self._json:
            self.chunks += list(_strings(json.loads(data)))
        elif not self._skipping:
            self.chunks.append(data)


def _strings(value: object) -> Iterator[str]:
    """The string values of JSON (chart labels, legends, hover texts), not its keys."""
    if isinstance(value, str):
        yield TAG.sub(" ", value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def english_left(html: str) -> list[str]:
    """The catalogue's English on a page. A sentence (four words or more) counts wherever it
    stands; a short label only where it is all of a text, an attribute or a part between
    "·": inside the models' own prose (still English where a model lacks German, and a
    source's title stays as published) "in place" or "IoT maturity" is not the label."""
    reader = ReadableText()
    reader.feed(html)
    text = "\n".join(" ".join(chunk.split()) for chunk in reader.chunks)
    labels = {_plain(part) for chunk in reader.chunks for part in chunk.split("·")}
    return sorted(
        phrase
        for phrase in english_phrases()
        if phrase in labels
        or (
            len(phrase.split()) >= SENTENCE
            and phrase in text
            and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
        )
    )


# --- the pages ------------------------------------------------------------------------


def german(client: Client, url: str) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="de"' in html or "<html" not in html, url
    return html


def answer(respondent: Respondent, answers: dict[str, str]) -> None:
    framework = respondent.assessment.framework
    for key, value in answers.items():
        question = Question.objects.get(key=key, subdimension__dimension__framework=framework)
        record_answer(respondent=respondent, question=question, value=value)


def german_assessment(owner: Any, organisation: Organization, slug: str) -> Assessment:
    """Created from a German page, so held in German: its report is German too."""
    with translation.override("de"):
        return create_assessment(
            by=owner,
            organization=organisation,
            framework=Framework.objects.get(slug=slug),
            title=f"Reifegrad {slug}",
            targets={"overall": 4},
        )


def ptc_assessment(owner: Any, organisation: Organization) -> Assessment:
    """Levels 1 and 2 in place, level 3 in part: a staircase, a heat map and a roadmap."""
    assessment = german_assessment(owner, organisation, "ptc-cpmm")
    questions = Question.objects.filter(
        subdimension__dimension__framework=assessment.framework, level__lte=3
    ).order_by("level", "position")
    values = {q.key: "yes" if (q.level or 0) < 3 else "partly" for q in questions}
    answer(Respondent.objects.get(assessment=assessment, user=owner), values)
    return assessment


def phone(code: str, name: str, address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("assessments:join_code", args=[code]),
        {"name": name, "role": "it"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def pages(people: dict[str, Any], frameworks: None, acme: Organization) -> dict:
    """Each main page, as the person who uses it: name -> (client, url)."""
    manager = people["manager"]
    gartner = german_assessment(manager, acme, "gartner-iot")
    answer(Respondent.objects.get(assessment=gartner, user=manager), GARTNER_ANSWERS)
    colleague = Respondent.objects.create(
        assessment=gartner, user=ensure_user(username="ivy", password="pw-ivy"), role="ot"
    )
    answer(colleague, {**GARTNER_ANSWERS, "architecture": "1"})
    ptc = ptc_assessment(manager, acme)
    with translation.override("de"):  # started from the German console: its history entry
        workshop = ws.start_workshop(assessment=gartner, by=manager)
    phones = [phone(workshop.code, name, f"10.0.0.{n}") for n, name in enumerate(("Pia", "Ole"))]
    ws.open_item(workshop=workshop, key="culture")
    for client, value in zip(phones, ("2", "4"), strict=True):
        client.post(
            reverse("assessments:vote", args=[workshop.code]),
            {"key": "culture", "value": value},
            HTTP_ACCEPT_LANGUAGE="de",
        )
    ws.close_item(workshop=workshop, key="culture")
    ws.reveal_item(workshop=workshop, key="culture")
    owner, nobody = client_for(manager), Client()
    published = {f.slug: f for f in Framework.objects.filter(status=Framework.Status.PUBLISHED)}
    return {
        "login": (nobody, reverse("login")),
        "password reset": (nobody, reverse("password_reset")),
        "join": (nobody, reverse("assessments:join")),
        "join code": (nobody, reverse("assessments:join_code", args=[workshop.code])),
        "home": (owner, reverse("home")),
        "assessment list": (owner, reverse("assessments:list")),
        "new assessment": (owner, reverse("assessments:create")),
        "assessment detail": (owner, reverse("assessments:detail", args=[gartner.pk])),
        "questionnaire, Gartner": (owner, reverse("assessments:questionnaire", args=[gartner.pk])),
        "questionnaire, PTC": (owner, reverse("assessments:questionnaire", args=[ptc.pk])),
        "results, Gartner": (owner, reverse("reports:results", args=[gartner.pk])),
        "results, PTC": (owner, reverse("reports:results", args=[ptc.pk])),
        "report, Gartner": (owner, reverse("reports:report_preview", args=[gartner.pk])),
        "report, PTC": (owner, reverse("reports:report_preview", args=[ptc.pk])),
        "models": (owner, reverse("maturity:framework_list")),
        **{
            f"model {slug}": (
                owner,
                reverse("maturity:framework_detail", args=[slug, framework.version]),
            )
            for slug, framework in published.items()
        },
        "workshop console": (owner, reverse("assessments:console", args=[workshop.pk])),
        "projector": (owner, reverse("assessments:projector", args=[workshop.pk])),
        "phone": (phones[0], reverse("assessments:vote", args=[workshop.code])),
    }


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", ("2.68", "2.50", "3", "13", "13%", "2.68", "–")),
        ("de", ("2,68", "2,50", "3", "13", "13\u00a0%", "2,68", "–")),
    ],
)
def test_numbers_are_rounded_one_way_and_written_as_the_language_writes_them(
    language: str, written: tuple[str, ...]
) -> None:
    """Half up in both (2.675 is 2.68); German writes a decimal comma, and the charts a
    non-breaking space before "%"."""
    with translation.override(language):
        shown = (fixed2(2.675), upto2(2.5), upto2(3), pct(0.125), percent(0.125))
        assert (*shown, score_text(2.675), score_text(None)) == written


def test_the_scan_looks_for_the_catalogues_english() -> None:
    phrases = english_phrases()
    assert len(phrases) > 400
    assert {"Answer the questionnaire", "How the room voted", "Met, not reached"} <= phrases
    assert "Status" not in phrases  # one word
    assert english_left("<p>Answer the <b>questionnaire</b></p>") == []  # split by a tag
    assert english_left('<a title="Answer the questionnaire">x</a>') == ["Answer the questionnaire"]


def test_every_main_page_is_in_german(pages: dict) -> None:
    left = {name: english_left(german(client, url)) for name, (client, url) in pages.items()}
    found = {name: phrases for name, phrases in left.items() if phrases}
    assert found == {}, json.dumps(found, indent=1)


def test_the_scan_names_a_translation_that_is_removed(
    settings: Any, tmp_path: Path, people: dict[str, Any], gartner_assessment: Assessment
) -> None:
    """Keeps the page scan honest: with one msgstr emptied, its English is found."""
    text = CATALOGUE.read_text(encoding="utf-8")
    translated = 'msgid "Answer the questionnaire"\nmsgstr "Fragebogen beantworten"\n'
    assert translated in text
    po = tmp_path / "django.po"
    po.write_text(text.replace(translated, 'msgid "Answer the questionnaire"\nmsgstr ""\n'))
    settings.LOCALE_PATHS = [str(compile_catalogue(po, tmp_path / "locale"))]
    url = reverse("assessments:detail", args=[gartner_assessment.pk])
    html = german(client_for(people["manager"]), url)
    assert "Answer the questionnaire" in english_left(html)

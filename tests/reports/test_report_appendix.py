"""The report summarises however many people answered and however many questions there are
(issue 13): the appendix gives each question its answer, spread, how many gave each answer
and its first comments with the number of the others; the findings give a section its first
comments and disagreements with the number of the others; the cover names the first
participants and counts the rest.

Gartner has one rubric question per subdimension; "culture" is the one the crowd answers
here, everyone else's answers are WORKED. Sections of several questions come from a small
model made here ("wide", one subdimension of seven questions) and from PTC's levels. Texts
are read from the preview HTML, tags stripped.
"""

import html
import re

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext, ngettext

from assessments.models import Assessment, Organization
from maturity.models import Question
from maturity.schema import parse_definition
from maturity.services import import_framework
from reports import pdf
from reports.documents.answers import (
    APPENDIX_COMMENTS,
    SECTION_COMMENTS,
    SECTION_DISAGREEMENTS,
)
from reports.documents.report import NAMED_ON_COVER, ROADMAP_CARDS
from tests.reports.test_pdf import (
    WORKED,
    add_respondent,
    answer,
    new_assessment,
    owner_respondent,
    ptc_complete,
)

pytestmark = pytest.mark.django_db

ROLES = ("it", "ot", "operations", "other", "business")
# The crowd on "culture": 10 say level 1, 18 level 2, 10 level 3, 2 not applicable.
CROWD = ("1",) * 10 + ("2",) * 18 + ("3",) * 10 + ("na",) * 2
FEW = ("1", "2", "3", "na")  # the same four answers, once each
WIDE_QUESTIONS = 7


def crowd_assessment(
    owner: User, acme: Organization, values: tuple[str, ...], *, comments: bool
) -> Assessment:
    """A Gartner assessment answered by len(values) people (the owner first), who give
    `values` on culture, one comment each there if `comments`, and WORKED elsewhere."""
    assessment = new_assessment(owner, acme, "gartner-iot", respondent_role="business")
    people = [owner_respondent(assessment)]
    people += [add_respondent(assessment, f"person{n:02}", ROLES[n % len(ROLES)])
               for n in range(1, len(values))]  # fmt: skip
    for n, (respondent, value) in enumerate(zip(people, values, strict=True)):
        answer(respondent, {**WORKED, "culture": value})
        if comments:
            answer(respondent, {"culture": value}, comment=f"Culture remark number {n:02}.")
    return assessment


def wide_assessment(
    owner: User, acme: Organization, ivy_levels: str = "3" * WIDE_QUESTIONS
) -> Assessment:
    """A model of five levels and one subdimension with seven questions, w1 to w7: the owner
    answers level 1 to every one and ivy the level `ivy_levels` gives it (level 3 to each:
    seven disagreements, of spread 2), and each comments on each."""
    names = ("Low", "Mid", "High", "Higher", "Top")
    levels = [{"number": n, "name": name} for n, name in enumerate(names, 1)]
    questions = [{"key": f"w{n}", "kind": "rubric", "text": f"Wide question number {n}?"}
                 for n in range(1, WIDE_QUESTIONS + 1)]  # fmt: skip
    subdimension = {
        "key": "operations", "name": "Operations", "questions": questions,
        "descriptors": [{"level": n, "text": f"Operations at level {n}"} for n in range(1, 6)],
    }  # fmt: skip
    import_framework(definition=parse_definition({
        "slug": "wide", "version": 1, "name": "Wide model", "publisher": "Test suite",
        "source": "Made up for the report's caps.", "method": "continuous", "levels": levels,
        "dimensions": [{"key": "practice", "name": "Practice",
                        "subdimensions": [subdimension]}],
    }))  # fmt: skip
    assessment = new_assessment(owner, acme, "wide", respondent_role="business")
    people = {"max": owner_respondent(assessment), "ivy": add_respondent(assessment, "ivy", "it")}
    for name, values in (("max", "1" * WIDE_QUESTIONS), ("ivy", ivy_levels)):
        for n, value in enumerate(values, start=1):
            answer(people[name], {f"w{n}": value}, comment=f"{name} on w{n}.")
    return assessment


def preview(assessment: Assessment) -> str:
    return pdf.report_document(assessment, mode="preview")[0]


def chapter(page: str, heading: str) -> str:
    """The text of the chapter whose heading has this id, up to the next chapter."""
    start = page.index(f'aria-labelledby="{heading}"')
    end = page.find('<section class="chapter', start)
    return text(page[start : end if end > 0 else len(page)])


def answers_block(page: str) -> str:
    """The appendix's list of every question (A.1), as markup."""
    start = page.index('<div class="answers">')
    end = re.compile(r'<h3>|<div class="method">').search(page, start)
    assert end is not None
    return page[start : end.start()]


def entries(page: str) -> list[str]:
    """Each question's entry in the appendix, as text."""
    found = re.findall(r'<div class="qa[ "].*?</div>', answers_block(page), re.DOTALL)
    return [text(entry) for entry in found]


def culture_row(assessment: Assessment) -> str:
    """The appendix entry of culture, found by its text in the report's language."""
    page, report = pdf.report_document(assessment, mode="preview")
    question = next(q.question.text for q in report.questions if q.question.key == "culture")
    return next(entry for entry in entries(page) if question in entry)


def text(markup: str) -> str:
    return " ".join(html.unescape(strip_tags(markup)).replace("\xa0", " ").split())


def remarks(content: str) -> list[str]:
    return re.findall(r"Culture remark number (\d\d)\.", content)


@pytest.fixture
def crowd(people: dict, acme: Organization, frameworks: None) -> Assessment:
    return crowd_assessment(people["manager"], acme, CROWD, comments=True)


# --- the appendix ------------------------------------------------------------------------


def test_the_appendix_counts_each_answer_instead_of_naming_everyone(crowd: Assessment) -> None:
    row = culture_row(crowd)
    # (10 x 1 + 18 x 2 + 10 x 3) / 38 = 2, a level with a name; spread 3 - 1
    assert (
        "2 Exploratory · Spread: 2 · Answers: 10 × Level 1 · 18 × Level 2 · 10 × Level 3 · "
        "2 × N/A" in row
    )
    assert not any(f"person{n:02}" in row for n in range(APPENDIX_COMMENTS, len(CROWD)))


def test_a_question_with_many_comments_gives_their_number_instead(crowd: Assessment) -> None:
    row = culture_row(crowd)
    assert APPENDIX_COMMENTS == 2
    assert remarks(row) == []  # none picked out of forty to stand for the others
    assert row.startswith("How far are IoT skills")
    assert "? · 40 comments 2 Exploratory" in row  # beside the question, before the facts


def test_one_comment_too_many_makes_a_count(
    people: dict, acme: Organization, frameworks: None
) -> None:
    assessment = crowd_assessment(people["manager"], acme, CROWD[:3], comments=True)
    row = culture_row(assessment)
    assert remarks(row) == []
    assert "? · 3 comments " in row


def test_a_question_with_few_comments_shows_them_all_and_no_count(
    people: dict, acme: Organization, frameworks: None
) -> None:
    assessment = crowd_assessment(people["manager"], acme, CROWD[:2], comments=True)
    row = culture_row(assessment)
    assert remarks(row) == ["00", "01"]
    assert row.endswith(
        "“Culture remark number 00.” – max (Business) · “Culture remark number 01.” – person01 (OT)"
    )
    assert "comments" not in row
    page = preview(assessment)
    assert "have them all" not in chapter(page, "appendix-heading")


def test_a_single_comment_is_printed_with_its_author(
    people: dict, acme: Organization, frameworks: None
) -> None:
    assessment = crowd_assessment(people["manager"], acme, CROWD[:3], comments=False)
    answer(owner_respondent(assessment), {"culture": "1"}, comment="The only remark.")
    row = culture_row(assessment)
    assert row.endswith("“The only remark.” – max (Business)")
    assert "comment" not in row.replace("remark", "")


def test_the_appendix_shows_every_question_under_its_subdimension(crowd: Assessment) -> None:
    page = preview(crowd)
    groups = [text(h) for h in re.findall(r'<h4 class="answers-group">.*?</h4>', page)]
    assert groups[:3] == ["Economic Model", "Business Alignment", "Ecosystem"]
    assert len(groups) == 9
    assert len(entries(page)) == 9


def test_the_appendix_shades_disagreements_and_says_where_every_comment_is(
    crowd: Assessment,
) -> None:
    page = preview(crowd)
    shaded = re.findall(r'<div class="qa disagreement">', answers_block(page))
    assert len(shaded) == 1  # culture, spread 2
    appendix = chapter(page, "appendix-heading")
    assert "Questions with a disagreement are shaded." in appendix
    assert "the Excel workbook and the answers CSV have them all" in appendix


def test_an_evidence_link_is_kept_with_who_gave_it(
    people: dict, acme: Organization, frameworks: None
) -> None:
    assessment = new_assessment(people["manager"], acme, "gartner-iot", respondent_role="business")
    answer(owner_respondent(assessment), WORKED, comment="Owner's view.")
    ivy = add_respondent(assessment, "ivy", "it")
    answer(ivy, WORKED, evidence_url="https://wiki.example.com/arch")
    page = preview(assessment)
    assert '<a href="https://wiki.example.com/arch">' in answers_block(page)
    row = next(entry for entry in entries(page) if "architecture" in entry)
    assert row.endswith(
        "“Owner's view.” – max (Business) · ivy (IT): https://wiki.example.com/arch"
    )


def test_forty_respondents_make_the_report_hardly_longer_than_four(
    people: dict, acme: Organization, frameworks: None
) -> None:
    # Ten times the people, and every one of them commenting: the appendix and the findings
    # grow by the comments shown and a count (about 1.1 times), not with the people.
    # Printing every comment made them 2.1 and 1.8 times as long, before naming who gave
    # which answer.
    few = preview(crowd_assessment(people["manager"], acme, FEW, comments=False))
    many = preview(crowd_assessment(people["manager"], acme, CROWD, comments=True))
    assert len(answers_block(many)) < 1.3 * len(answers_block(few))
    findings = (chapter(many, "findings-heading"), chapter(few, "findings-heading"))
    assert len(findings[0]) < 1.5 * len(findings[1])


def test_a_german_report_counts_in_german(
    people: dict, acme: Organization, frameworks: None
) -> None:
    with translation.override("de"):
        assessment = crowd_assessment(people["manager"], acme, CROWD, comments=True)
    assert assessment.language == "de"
    page = preview(assessment)
    row = culture_row(assessment)
    with translation.override("de"):
        count = ngettext("%(n)s comment", "%(n)s comments", 40) % {"n": 40}
        level = gettext("Level %(n)s") % {"n": 2}
    assert "Anhang" in text(page)
    assert f"18 × {level}" in row
    assert "2 × n. z." in row  # "N/A"
    assert f"? · {count} " in row
    assert remarks(row) == []


def test_an_anonymous_crowd_is_counted_by_role_and_never_named(
    people: dict, acme: Organization, frameworks: None
) -> None:
    assessment = crowd_assessment(people["manager"], acme, CROWD, comments=True)
    Assessment.objects.filter(pk=assessment.pk).update(anonymous=True)
    anonymous = Assessment.objects.get(pk=assessment.pk)
    page, row = preview(anonymous), culture_row(anonymous)
    assert "? · 40 comments" in row
    assert "OT: “Culture remark number 01.”" in text(page)  # in the findings
    assert not re.search(r"\b(person\d\d|max)\b", text(page))


# --- the findings ------------------------------------------------------------------------


def test_findings_show_the_first_three_comments_and_the_distribution_of_a_disagreement(
    crowd: Assessment,
) -> None:
    findings = chapter(preview(crowd), "findings-heading")
    assert SECTION_COMMENTS == 3
    assert remarks(findings) == ["00", "01", "02"]
    assert "37 more comments in the Excel workbook" in findings
    # culture: level 3 against level 1, spread 2
    assert (
        "Disagreement (spread 2). Worth discussing before acting on this result. "
        "Answers: 10 × Level 1 · 18 × Level 2 · 10 × Level 3 · 2 × N/A" in findings
    )


def test_a_section_shows_three_comments_in_question_order_not_three_per_question(
    people: dict, acme: Organization, frameworks: None
) -> None:
    findings = chapter(preview(wide_assessment(people["manager"], acme)), "findings-heading")
    shown = re.findall(r"(max|ivy) \(\w+\): “\1 on (w\d)\.”", findings)
    assert shown == [("max", "w1"), ("ivy", "w1"), ("max", "w2")]
    assert "11 more comments in the appendix" in findings  # 14 written, two a question
    # each question's first comment names it, as the section has several
    assert "Wide question number 1? max (Business): “max on w1.”" in findings
    assert "Wide question number 2? max (Business): “max on w2.”" in findings


def test_a_section_lists_three_disagreements_then_counts_the_rest(
    people: dict, acme: Organization, frameworks: None
) -> None:
    page = preview(wide_assessment(people["manager"], acme))
    findings = chapter(page, "findings-heading")
    assert SECTION_DISAGREEMENTS == 3
    assert "Disagreement on 7 questions. Worth discussing before acting on this result." in (
        findings
    )
    listed = re.findall(r"“Wide question number (\d)\?” \(spread 2\): 1 × Level 1 · 1 × Level 3",
                        findings)  # fmt: skip
    assert listed == ["1", "2", "3"]  # equally wide: in question order
    assert "and 4 more disagreements: see the appendix" in findings
    # The appendix has all seven, shaded, each with both its comments and no count.
    seven = entries(page)
    assert len(seven) == WIDE_QUESTIONS
    assert len(re.findall(r'<div class="qa disagreement">', answers_block(page))) == 7
    assert seven[6].endswith("“max on w7.” – max (Business) · “ivy on w7.” – ivy (IT)")
    assert not any("comments" in entry for entry in seven)


def test_a_section_lists_its_widest_disagreements_first(
    people: dict, acme: Organization, frameworks: None
) -> None:
    # max answers level 1 to all seven; ivy's levels make spreads 2, 1, 4, 2, 3, 0, 4
    assessment = wide_assessment(people["manager"], acme, ivy_levels="3253415")
    findings = chapter(preview(assessment), "findings-heading")
    assert "Disagreement on 5 questions." in findings
    listed = re.findall(r"“Wide question number (\d)\?” \(spread (\d)\)", findings)
    assert listed == [("3", "4"), ("7", "4"), ("5", "3")]
    assert "and 2 more disagreements: see the appendix" in findings


def test_a_staged_level_lists_its_disagreements_with_yes_partly_no_counts(
    people: dict, acme: Organization, frameworks: None
) -> None:
    assessment = new_assessment(people["manager"], acme, "ptc-cpmm", respondent_role="business")
    first, second = Question.objects.filter(
        subdimension__dimension__framework__slug="ptc-cpmm", level=3
    ).order_by("key")[:2]
    agreed = ptc_complete({})
    answer(owner_respondent(assessment), {**agreed, first.key: "yes", second.key: "yes"})
    answer(add_respondent(assessment, "ivy", "it"), {**agreed, first.key: "no", second.key: "no"})
    answer(add_respondent(assessment, "otto", "ot"), {**agreed, first.key: "yes",
                                                      second.key: "partly"})  # fmt: skip
    page = preview(assessment)
    findings = chapter(page, "findings-heading")
    assert "Disagreement on 2 statements. Worth discussing before acting on this result." in (
        findings
    )
    assert "(spread 1): 2 × Yes · 1 × No" in findings
    assert "(spread 1): 1 × Yes · 1 × Partly · 1 × No" in findings
    assert "ivy" not in findings and "otto" not in findings
    # The appendix gives each statement its level, under its area.
    assert "Yes · Level 1 · Spread: 0 · Answers: 3 × Yes" in text(answers_block(page))


# --- the roadmap -------------------------------------------------------------------------


def broad_assessment(owner: User, acme: Organization, subdimensions: int) -> Assessment:
    """A model of one dimension with `subdimensions` subdimensions, b01, b02 ..., of one
    question each, answered level 1 against a target of 4: every one below its target,
    b01's gap the largest (its weight is the highest), then b02 and so on."""
    levels = [{"number": n, "name": f"Stage {n}"} for n in range(1, 6)]
    subs = [
        {"key": f"b{n:02}", "name": f"Broad area {n:02}", "weight": 100 - n,
         "questions": [{"key": f"q{n:02}", "kind": "rubric", "text": f"Broad question {n}?"}],
         "descriptors": [{"level": k, "text": f"Area {n:02} at stage {k}"} for k in range(1, 6)]}
        for n in range(1, subdimensions + 1)
    ]  # fmt: skip
    import_framework(definition=parse_definition({
        "slug": "broad", "version": 1, "name": "Broad model", "publisher": "Test suite",
        "source": "Made up for the roadmap's cards.", "method": "continuous", "levels": levels,
        "dimensions": [{"key": "all", "name": "All", "subdimensions": subs}],
    }))  # fmt: skip
    assessment = new_assessment(owner, acme, "broad", respondent_role="business",
                                targets={"overall": 4})  # fmt: skip
    answer(owner_respondent(assessment), {f"q{n:02}": "1" for n in range(1, subdimensions + 1)})
    return assessment


def test_the_roadmap_gives_the_first_ten_a_card_and_lists_the_rest_in_order(
    people: dict, acme: Organization, frameworks: None
) -> None:
    page = preview(broad_assessment(people["manager"], acme, ROADMAP_CARDS + 3))
    roadmap = page[page.index('aria-labelledby="roadmap-heading"') :]
    assert ROADMAP_CARDS == 10
    assert roadmap.count('<li class="recommendation">') == 10
    assert "Area 10 at stage 2" in roadmap  # the tenth card's next level
    assert "Area 11 at stage 2" not in roadmap
    rest = text(roadmap[roadmap.index('<div class="more-recommendations">') :])
    assert rest.startswith(
        "Then 3 more subdimensions below their targets 11. Broad area 11 (gap 3.00) · "
        "12. Broad area 12 (gap 3.00) · 13. Broad area 13 (gap 3.00) "
    )


def test_a_roadmap_of_ten_or_fewer_is_all_cards(
    people: dict, acme: Organization, frameworks: None
) -> None:
    page = preview(broad_assessment(people["manager"], acme, ROADMAP_CARDS))
    assert page.count('<li class="recommendation">') == 10
    assert "more-recommendations" not in page


# --- the cover ---------------------------------------------------------------------------


def test_the_cover_names_the_first_participants_and_counts_the_others(
    crowd: Assessment,
) -> None:
    page = preview(crowd)
    cover = text(page[page.index('<section class="cover') : page.index("</section>")])
    assert NAMED_ON_COVER == 24
    named = re.findall(r"person\d\d", cover)
    assert named == [f"person{n:02}" for n in range(1, NAMED_ON_COVER)]  # and max, first
    assert "max · Business" in cover
    assert "and 16 more participants" in cover  # 40 people
    # the tally of roles still counts everyone, in the order the roles joined: max and
    # person04, 09 ... 39 are Business; person05, 10 ... 35 IT
    assert "40 respondents: Business 9, OT 8, Operations 8, Other 8, IT 7" in cover


def test_a_cover_with_few_participants_names_them_all(
    people: dict, acme: Organization, frameworks: None
) -> None:
    page = preview(crowd_assessment(people["manager"], acme, FEW, comments=False))
    cover = text(page[page.index('<section class="cover') : page.index("</section>")])
    assert re.findall(r"person\d\d", cover) == ["person01", "person02", "person03"]
    assert "more participant" not in cover

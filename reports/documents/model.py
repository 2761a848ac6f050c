"""The report as data: one pydantic document that every output renders (PPTX, XLSX, CSV;
the HTML and PDF render the `Report` it is built from, with the same texts and figures).

Everything here is already in the document's language and rounded nowhere: renderers
format numbers, the document keeps them exact. Charts keep the data the chart builders in
`reports/charts/` worked out (axes, series, range), so that a native PowerPoint or Excel
chart shows the same values as the page and the PDF.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True)


class Figure(_Part):
    """A score with its placement, target and gap: the whole, a dimension or a subdimension."""

    key: str
    name: str
    score: float | None
    level: int | None
    level_name: str | None
    target: float | None
    gap: float | None


class Subdimension(Figure):
    dimension: str
    description: str
    reached: str  # the model's description of the level reached, or ""
    next_level: str  # "3 Defined", or "" at the top
    next: str  # the model's description of the next level, or ""


class Dimension(Figure):
    description: str
    subdimensions: tuple[Subdimension, ...]


class Level(_Part):
    """A level of a staged model: how much of it is in place, met, reached."""

    number: int
    name: str
    description: str
    fulfilment: float | None  # None for level 1, the floor
    met: bool
    reached: bool


class Step(_Part):
    """One recommendation of the roadmap, in the order the result gives."""

    area: str  # the subdimension (continuous) or the level (staged) it belongs to
    text: str
    guidance: str
    next_level: int
    next_level_name: str
    gap: float


class Count(_Part):
    label: str
    count: int


class Comment(_Part):
    author: str
    text: str
    evidence_url: str


class Question(_Part):
    """A question summarised: its effective answer, spread, answers by value, confidence and
    comments (the first `COMMENTS_SHOWN`, with the number of all of them)."""

    key: str
    text: str
    area: str  # its subdimension
    level: int | None  # staged: the level the statement belongs to
    answer: str  # the effective answer in words ("" when it falls between two answers)
    value: float | None  # the effective answer as a number
    not_applicable: bool
    answered: bool
    agreed: bool  # the group's agreed answer (consensus)
    spread: float | None
    disagreement: bool
    respondents: int
    distribution: tuple[Count, ...]  # how many gave each answer, in the scale's order
    confidence: tuple[Count, ...]
    comments: tuple[Comment, ...]
    comment_count: int
    rationale: str


class Response(_Part):
    """One person's answer to one question (the CSV's rows)."""

    question: str  # the key
    person: str
    role: str
    answer: str  # the stored value, as maturity.answers names it
    answer_label: str
    comment: str
    evidence_url: str
    confidence: str


class Series(_Part):
    name: str
    values: tuple[float | None, ...]
    colour: str  # "#rrggbb"
    dashed: bool = False


class Chart(_Part):
    """A chart's data as the chart builder made it: the radar or the bars."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    minimum: float
    maximum: float
    percent: bool  # values are shares 0..1, shown in per cent


class Brand(_Part):
    """Who the document is branded for: a logo (PNG bytes, already checked), a colour and
    a footer; the defaults are ours."""

    name: str = ""
    colour: str = "#1f3a5f"
    footer: str = ""
    logo: bytes | None = None
    logo_size: tuple[int, int] | None = None  # pixels (width, height)


class Document(_Part):
    organisation: str
    title: str
    language: str
    date: date
    submitted: bool
    provisional: bool
    completion: float  # share of questions answered or not applicable
    framework: str  # "Gartner Maturity Model for IoT, version 1"
    publisher: str
    source: str
    method: Literal["staged", "continuous"]
    scale: tuple[str, ...]  # the level labels, lowest first ("1 Initiating")
    placement: Figure
    summary: str  # one sentence: where the organisation stands
    respondents: int
    participants: tuple[str, ...]  # named people ("Ana (IT)"); unnamed ones are only counted
    strongest: tuple[Figure, ...]
    weakest: tuple[Figure, ...]
    dimensions: tuple[Dimension, ...]  # continuous
    levels: tuple[Level, ...]  # staged
    roadmap: tuple[Step, ...]
    questions: tuple[Question, ...]
    responses: tuple[Response, ...]
    radar: Chart
    bars: Chart
    brand: Brand = Brand()

    @property
    def subdimensions(self) -> tuple[Subdimension, ...]:
        return tuple(sub for dim in self.dimensions for sub in dim.subdimensions)

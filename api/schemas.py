"""What the API reads and writes, as pydantic types (its OpenAPI document is made from them).

Definitions and results are not described again here: a version's definition is
`maturity.schema.FrameworkDef` and a result is `assessments.scoring.AssessmentResult`, the
types the files, the pages and the reports use.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, StringConstraints

from assessments.scoring import VoteSummary
from assessments.selectors import Assessment, access_to
from maturity import answers
from reports.models import Job

# The models' choices, spelt out so that the OpenAPI document lists them (tests/api checks
# that they agree with the models).
AssessmentStatus = Literal["draft", "in_progress", "submitted", "reopened"]
FrameworkStatus = Literal["draft", "published", "retired"]
Language = Literal["en", "de"]
RespondentRole = Literal["", "business", "it", "ot", "operations", "other"]
ReportFormat = Literal["pdf", "pptx", "xlsx", "csv", "html"]
Paper = Literal["a4", "letter"]
JobStatus = Literal["queued", "running", "done", "failed"]
WorkshopStatus = Literal["open", "ended"]
ItemState = Literal["waiting", "voting", "closed", "revealed"]

# No NUL character: PostgreSQL keeps none in text (Django's forms refuse it too).
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00]*$"),
]
Slug = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- errors -----------------------------------------------------------------------------


class Problem(Schema):
    """Every error but a field's: what failed, in words."""

    detail: str


class FieldProblem(Schema):
    """One field that failed: where (`loc`, e.g. ["body", "payload", "answers", "culture",
    "value"]), why (`msg`) and the kind of failure (`type`)."""

    type: str
    loc: list[str | int]
    msg: str


class FieldProblems(Schema):
    """422: the fields that failed, each named by its location."""

    detail: list[FieldProblem]


# --- the catalogue ----------------------------------------------------------------------


class FrameworkVersionOut(Schema):
    version: int
    status: FrameworkStatus
    name: str
    published_at: datetime | None
    definition_url: str


class FrameworkOut(Schema):
    """A maturity model with the versions the caller may read (drafts: admins only)."""

    slug: str
    name: str
    versions: list[FrameworkVersionOut]


# --- organisations and assessments ---------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    key: str
    name: str


class FrameworkRef(Schema):
    slug: str
    version: int
    name: str


class AccessOut(Schema):
    """What the caller may do with the assessment (the access rule's flags)."""

    view: bool
    answer: bool
    manage: bool
    results: bool
    reopen: bool
    respondent: bool


class AssessmentOut(Schema):
    id: int
    title: str
    status: AssessmentStatus
    organisation: OrganisationOut
    framework: FrameworkRef
    language: str
    targets: dict[str, float]
    due_date: date | None
    anonymous: bool
    created_at: datetime
    submitted_at: datetime | None
    access: AccessOut

    @staticmethod
    def resolve_organisation(obj: Assessment) -> OrganisationOut:
        return OrganisationOut(
            id=obj.organization.pk, key=obj.organization.key, name=obj.organization.name
        )

    @staticmethod
    def resolve_framework(obj: Assessment) -> FrameworkRef:
        framework = obj.framework
        return FrameworkRef(slug=framework.slug, version=framework.version, name=framework.name)

    @staticmethod
    def resolve_access(obj: Assessment, context: dict[str, Any]) -> AccessOut:
        access = access_to(context["request"].user, obj)
        return AccessOut(
            view=access.view,
            answer=access.answer,
            manage=access.manage,
            results=access.results,
            reopen=access.reopen,
            respondent=access.respondent is not None,
        )


class AssessmentIn(_In):
    """A new assessment, as the "New assessment" page takes it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organisation": 1,
                    "framework": "gartner-iot",
                    "title": "IoT maturity 2026",
                    "targets": {"overall": 3},
                    "role": "it",
                    "language": "en",
                }
            ]
        }
    )

    organisation: int = Field(description="The id of an organisation you may start one for.")
    framework: Slug = Field(description="The model's slug, e.g. gartner-iot.")
    version: int | None = Field(
        None, description="A published version; the latest published one when left out."
    )
    title: Title
    targets: dict[str, float] = Field(
        default_factory=dict,
        description='Target levels: "overall", or a subdimension key (continuous models).',
    )
    due_date: date | None = None
    anonymous: bool = Field(False, description="Reports show roles but never names.")
    role: RespondentRole = Field("", description="Your perspective as a respondent.")
    language: Language | None = Field(
        None, description="The report's and e-mails' language; the request's when left out."
    )


# --- answers ----------------------------------------------------------------------------


class AnswerOut(Schema):
    value: str
    comment: str
    evidence_url: str
    confidence: str
    updated_at: datetime


class RespondentAnswersOut(Schema):
    """One respondent's answers by question key."""

    respondent: int
    username: str | None
    role: str
    you: bool
    answers: dict[str, AnswerOut]


class AnswerIn(_In):
    """One question's answer; a field left out keeps its saved value, "" clears it."""

    value: StrictStr | StrictInt | None = Field(
        None,
        description="A level number (rubric), yes, partly or no (statement), or na (not "
        "applicable).",
    )
    comment: str | None = None
    evidence_url: str | None = None
    confidence: Literal["", "low", "medium", "high"] | None = None

    def given(self) -> dict[str, str]:
        """The fields sent, as the questionnaire's form would post them (null as empty)."""
        values = {name: getattr(self, name) for name in self.model_fields_set}
        return {name: "" if value is None else str(value) for name, value in values.items()}


class AnswersIn(_In):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "answers": {
                        "culture": {
                            "value": "3",
                            "comment": "Pilots run in two plants.",
                            "evidence_url": "https://intranet.example.com/iot-pilots",
                            "confidence": "medium",
                        },
                        "ecosystem": {"value": answers.NA},
                    }
                }
            ]
        }
    )

    answers: dict[str, AnswerIn] = Field(description="Answers by question key.")


# --- reports ----------------------------------------------------------------------------


class ReportIn(_In):
    model_config = ConfigDict(json_schema_extra={"examples": [{"format": "pdf", "paper": "a4"}]})

    format: ReportFormat
    paper: Paper = Field("a4", description="PDF and HTML only.")


class JobOut(Schema):
    id: int
    status: JobStatus
    format: ReportFormat
    paper: Paper
    language: str
    created_at: datetime
    finished_at: datetime | None
    error: str
    download_url: str | None = Field(description="Set once the file is ready.")

    @staticmethod
    def resolve_download_url(obj: Job) -> str | None:
        if obj.status != Job.Status.DONE or obj.output_id is None:
            return None
        return reverse("api:download_report", args=[obj.assessment_id, obj.pk])


# --- workshops --------------------------------------------------------------------------


class WorkshopSummaryOut(Schema):
    id: int
    assessment: int
    status: WorkshopStatus
    code: str | None = Field(description="The join code: for those who manage the assessment.")
    anonymous: bool
    show_distribution: bool
    participants: int
    current: str | None = Field(description="The key of the question on the screen.")
    created_at: datetime
    ended_at: datetime | None


class ConsensusOut(Schema):
    value: str
    rationale: str


class WorkshopItemOut(Schema):
    key: str
    position: int
    state: ItemState
    votes: int
    consensus: ConsensusOut | None = Field(
        description="The agreed answer: for those who may see the results."
    )
    distribution: VoteSummary | None = Field(
        description="The votes once revealed: for those who may see the results."
    )


class WorkshopOut(WorkshopSummaryOut):
    items: list[WorkshopItemOut]

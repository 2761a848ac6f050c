"""The API's resources, one module each; what they share: pagination and error shapes."""

from typing import Annotated, Any

from ninja import Field, Path, Schema
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination

from api.schemas import FieldProblems, Problem

PAGE_SIZE = 50
LARGEST_PAGE = 100
# An offset beyond any list, but one that the database can still add a page to.
LARGEST_OFFSET = 2**62


class PageQuery(Schema):
    limit: int = Field(PAGE_SIZE, ge=1, le=LARGEST_PAGE, description="Items per page.")
    offset: int = Field(0, ge=0, le=LARGEST_OFFSET, description="Items to skip.")


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`; the answer holds `items` and `count` (all items, not this page's)."""

    Input = PageQuery  # type: ignore[assignment]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=LARGEST_PAGE, **kwargs)


# Ids in paths; one that no row can have (2**63 or more) matches no address: a 404.
AssessmentId = Annotated[int, Path(description="An assessment's id.", example=1)]
JobId = Annotated[int, Path(description="A report job's id.", example=1)]
WorkshopId = Annotated[int, Path(description="A workshop's id.", example=1)]


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """An operation's documented answers: its own and the errors it gives (those of every
    operation, 401 and 429, are added to the document by `api.api`)."""
    return {**ok, **{code: FieldProblems if code == 422 else Problem for code in errors}}


def field_error(loc: list[str | int], message: str) -> dict[str, Any]:
    """One failed field, in the shape of the 422s that schema validation gives."""
    return {"type": "value_error", "loc": ["body", "payload", *loc], "msg": message}


def refuse_fields(errors: list[dict[str, Any]]) -> None:
    """422 naming every failed field, when there is any."""
    if errors:
        raise ValidationError(errors)

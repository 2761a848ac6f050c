"""The organisations the caller can see (an organisation token: its own)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from api import access
from api.routers import Pagination, responses
from api.schemas import OrganisationOut
from assessments.selectors import Organization

router = Router(tags=["organisations"])


@router.get(
    "/organisations",
    response=responses({200: list[OrganisationOut]}, 422),
    summary="List organisations",
)
@paginate(Pagination)
def list_organisations(request: HttpRequest) -> QuerySet[Organization]:
    """Every organisation for an admin; the clients of a consultant; a member's own."""
    return access.organizations(request)

"""Ids of any size in any URL: a 404 on both databases, never a 500."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from config.converters import LARGEST, BoundedInt
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def patterns(resolvers: list[Any], prefix: str = "") -> Iterator[str]:
    """Every route of the project as text, ``<id:pk>`` and all."""
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def with_ids(route: str, number: int) -> str:
    """The route with every id set to ``number`` and every other part to a plausible word."""
    parts = []
    for piece in route.replace(">", "<").split("<"):
        kind, _, _name = piece.partition(":")
        if piece.startswith("id:"):
            parts.append(str(number))
        elif kind in {"slug", "str", "path", "uuid"} and _name:
            parts.append("x")
        else:
            parts.append(piece)
    return "/" + "".join(parts).lstrip("^").rstrip("$").lstrip("/")


def test_every_id_in_our_urls_uses_the_bounded_converter() -> None:
    routes = list(patterns(get_resolver().url_patterns))
    assert [route for route in routes if "<int:" in route] == []
    assert sum("<id:" in route for route in routes) >= 30


def ours(routes: list[str]) -> list[str]:
    """The pages' routes; the API's (which take a token, not a session) are checked in
    tests/api."""
    return [
        route for route in routes if "<id:" in route and not route.startswith(("admin/", "api/v1/"))
    ]


def admins(routes: list[str]) -> list[str]:
    return [route for route in routes if "<id:" in route and route.startswith("admin/")]


@pytest.mark.parametrize("number", [2**63, 2**70, 10**30])
def test_ids_too_large_for_any_column_are_not_found(people: dict[str, Any], number: int) -> None:
    client = client_for(people["admin"])
    routes = list(patterns(get_resolver().url_patterns))
    for route in ours(routes):
        url = with_ids(route, number)
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    # The admin's own catch-all takes the text as an object id and says it does not exist.
    for route in admins(routes):
        url = with_ids(route, number)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert "doesn’t exist" in response.content.decode(), url


def test_largest_id_is_an_ordinary_refusal(people: dict[str, Any]) -> None:
    client = client_for(people["admin"])
    routes = list(patterns(get_resolver().url_patterns))
    for route in ours(routes):
        url = with_ids(route, LARGEST)
        # Not found, a POST-only view refusing the GET, or a poll without its page's token.
        assert client.get(url).status_code in {403, 404, 405}, url
        assert client.post(url).status_code in {403, 404}, url
    for route in admins(routes):
        url = with_ids(route, LARGEST)
        assert client.get(url, follow=True).status_code in {200, 404}, url


def test_converter_round_trips_and_refuses_overflow() -> None:
    converter = BoundedInt()
    assert converter.to_python(converter.to_url(LARGEST)) == LARGEST
    with pytest.raises(ValueError):
        converter.to_python(str(LARGEST + 1))

"""The client's address: REMOTE_ADDR, or X-Forwarded-For read from the right past our proxies."""

from typing import Any

import pytest
from django.test import RequestFactory

from config.client import client_address


def address(settings: Any, proxies: int, forwarded: str | None, remote: str = "10.0.0.1") -> str:
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/")
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(request)


def test_without_proxies_the_header_is_ignored(settings: Any) -> None:
    assert address(settings, 0, "203.0.113.9") == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged entry to the left: not read
        (1, "not-an-ip, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 192.168.1.5", "203.0.113.9"),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_behind_proxies_the_header_is_read_from_the_right(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    assert address(settings, proxies, forwarded) == expected


@pytest.mark.parametrize("forwarded", ["not-an-ip", "", " , ", "1.2.3.4.5", "x" * 5000, None])
def test_a_malformed_or_missing_header_is_the_proxys_address_not_an_error(
    settings: Any, forwarded: str | None
) -> None:
    assert address(settings, 1, forwarded) == "10.0.0.1"


def test_a_header_shorter_than_the_proxies_is_not_trusted(settings: Any) -> None:
    assert address(settings, 2, "203.0.113.9") == "10.0.0.1"


def test_a_malformed_remote_address_is_a_placeholder(settings: Any) -> None:
    assert address(settings, 0, None, remote="garbage") == "0.0.0.0"

"""The client's address: one rule for the workshop join limits and for django-axes.

Without a proxy (`DJANGO_TRUSTED_PROXIES` = 0, the default) it is REMOTE_ADDR. Behind n
proxies that each append the address they saw to X-Forwarded-For (nginx's
`$proxy_add_x_forwarded_for`, a load balancer), the header is read from the right: the
nearest n hops are ours, and the address before them is the client's. What a client wrote
further left is never read, so a forged or rotating header changes nothing, and an entry
that is not an address gives REMOTE_ADDR, never an error. django-ipware counts proxies
from the left of the header and refuses the whole header for one bad entry, so it is not
used for this.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    remote = _valid(str(request.META.get("REMOTE_ADDR", ""))) or "0.0.0.0"
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    chain = [part for part in (p.strip() for p in forwarded.split(",")) if part] + [remote]
    if len(chain) <= proxies:
        return remote  # came past our proxies: there is no client entry to trust
    return _valid(chain[-(proxies + 1)]) or remote

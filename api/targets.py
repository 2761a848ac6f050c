"""Where webhooks may be sent: an https address whose host resolves, every one of its
addresses public. Checked when an endpoint is saved and again before every attempt (DNS
changes), and a request goes only to an address just checked: the connection is made to
that address, never to a second lookup of the name, so a name that turns private between
the check and the request (DNS rebinding) reaches nothing.

`settings.WEBHOOKS_ALLOW_PRIVATE` lifts the address rules and allows http, for tests and a
receiver on the same network; credentials in the address are refused always (a receiver
knows its sender by the signature).
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052).
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
MAX_URL_LENGTH = 500


class TargetRefused(ValueError):
    """Why an address may not receive webhooks, in words for the person who gave it."""


@dataclass(frozen=True)
class Target:
    """A checked address: what to ask for, and the addresses that may be connected to."""

    scheme: str
    host: str  # ASCII (IDNA) form, as sent in the Host header and for TLS
    port: int
    path: str  # path and query, as requested
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str


def check_target(url: str, *, allow_private: bool | None = None) -> Target:
    """The address as a Target, or TargetRefused saying why it may not receive webhooks."""
    if allow_private is None:
        allow_private = settings.WEBHOOKS_ALLOW_PRIVATE
    parts = _parts(url, allow_private=allow_private)
    host, port = _host(parts.hostname or ""), _port(parts)
    addresses = _resolved(host, port)
    if not allow_private:
        for address in addresses:
            _require_public(host, address)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, addresses)


def _parts(url: str, *, allow_private: bool) -> SplitResult:
    if len(url) > MAX_URL_LENGTH:
        raise TargetRefused(
            _("The address may be at most %(n)d characters.") % {"n": MAX_URL_LENGTH}
        )
    parts = urlsplit(url.strip())
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise TargetRefused(_("Webhooks are sent only to https:// addresses."))
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(
            _(
                "Leave the user name and password out of the address: a receiver knows the "
                "sender by the signature."
            )
        )
    if not parts.hostname:
        raise TargetRefused(_("The address has no host name."))
    return parts


def _host(hostname: str) -> str:
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise TargetRefused(_("%(host)s is not a valid host name.") % {"host": hostname}) from error


def _port(parts: SplitResult) -> int:
    try:
        port = parts.port
    except ValueError as error:
        raise TargetRefused(
            _("The port of the address is not a number from 1 to 65535.")
        ) from error
    if port == 0:
        raise TargetRefused(_("The port of the address is not a number from 1 to 65535."))
    return port or (443 if parts.scheme == "https" else 80)


def _resolved(host: str, port: int) -> tuple[str, ...]:
    """Every address the host resolves to, in the resolver's order, once each."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise TargetRefused(_("The host %(host)s could not be found.") % {"host": host}) from error
    addresses = tuple(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise TargetRefused(_("The host %(host)s could not be found.") % {"host": host})
    return addresses


def _require_public(host: str, address: str) -> None:
    kind = refused_kind(address)
    if kind is not None:
        message = _(
            "%(host)s resolves to %(address)s, %(kind)s; webhooks are sent only to public "
            "internet addresses."
        )
        raise TargetRefused(message % {"host": host, "address": address, "kind": kind})


def refused_kind(address: str) -> str | None:
    """What kind of address this is, in words, when webhooks may not go there; None for a
    public address."""
    ip = _unwrapped(ipaddress.ip_address(address.split("%", 1)[0]))
    checks = (
        (ip.is_loopback, _("a loopback address")),
        (ip.is_unspecified, _("an unspecified address")),
        (ip.is_link_local, _("a link-local address")),
        (ip.is_multicast, _("a multicast address")),
        (ip.is_private, _("a private address")),
        (ip.is_reserved, _("a reserved address")),
        (not ip.is_global, _("an address that is not public")),
    )
    return next((kind for refused, kind in checks if refused), None)


def _unwrapped(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (mapped, NAT64), judged as itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


# --- sending ---------------------------------------------------------------------------


def post(target: Target, body: bytes, headers: dict[str, str], *, timeout: float) -> Answer:
    """POST the body to the target, connecting only to its checked addresses (the first
    that answers); redirects are not followed. Raises OSError (refused, timed out, TLS) or
    http.client.HTTPException (a broken answer)."""
    connection = _connection(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # what a receiver says is not kept; read a little, politely
        return Answer(response.status, response.reason)
    finally:
        connection.close()


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.addresses = target.addresses

    def _socket(self) -> socket.socket:
        error: OSError = OSError(_("No address to connect to."))
        for address in self.addresses:
            try:
                return socket.create_connection((address, self.port), self.timeout)
            except OSError as failed:
                error = failed
        raise error

    def connect(self) -> None:
        self.sock = self._socket()


class _PinnedHTTPS(_PinnedHTTP):
    default_port = 443

    def connect(self) -> None:
        # The certificate is checked against the host name, whatever address answered.
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self._socket(), server_hostname=self.host)


def _connection(target: Target, timeout: float) -> _PinnedHTTP:
    kind = _PinnedHTTPS if target.scheme == "https" else _PinnedHTTP
    return kind(target, timeout)

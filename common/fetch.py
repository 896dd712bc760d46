"""Fetching a file from an address someone typed in, without letting it reach inside.

A centre subscribes to its calendar by address; the portal fetches it. Such an address
could point at the portal's own network (a database, a metadata service), so:

- only ``https://`` (no user name or password in the address);
- the host name is resolved first and every address it resolves to must be public
  (no private, loopback, link-local, reserved, multicast or unspecified address);
- the connection goes to the address that was checked (the name is not resolved a
  second time, so it cannot change in between), while TLS still checks the certificate
  for the host name;
- at most ``MAX_REDIRECTS`` redirects, each new address checked like the first;
- a time limit for each network operation and for the whole download, and a size limit.

Every refusal is a ``FetchError`` with a message in the interface language.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 3
TIMEOUT_SECONDS = 10
TOTAL_SECONDS = 30
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """The address was refused or the download failed (the message says why)."""


@dataclass(frozen=True)
class _Target:
    host: str
    port: int
    path: str
    address: str  # the checked IP address the connection goes to


def _getaddrinfo(host: str, port: int) -> list:
    """The resolver (a seam for tests, which resolve names they control)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


def url_check(url: str) -> _Target:
    """The address split up and its host resolved to a checked public IP address."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or 443
    except ValueError:
        raise FetchError(_("This is not a valid address.")) from None
    if parts.scheme.lower() != "https":
        raise FetchError(_("Only addresses starting with https:// can be subscribed to."))
    if not parts.hostname:
        raise FetchError(_("This is not a valid address."))
    if parts.username or parts.password:
        raise FetchError(_("An address with a user name or password cannot be subscribed to."))
    host = parts.hostname
    try:
        infos = _getaddrinfo(host, port)
    except (OSError, UnicodeError):
        raise FetchError(_("The server %(host)s could not be found.") % {"host": host}) from None
    addresses = [info[4][0] for info in infos]
    if not addresses or not all(address_is_public(address) for address in addresses):
        raise FetchError(
            _("The address %(host)s points into a private network and is refused.") % {"host": host}
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return _Target(host, port, path, addresses[0])


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked IP address; the certificate is checked for the host name."""

    def __init__(self, target: _Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class _Answer:
    status: int
    location: str
    body: bytes


def _request(target: _Target, deadline: float) -> _Answer:
    """One GET; the body is read up to the size limit (a redirect's body is not read)."""
    connection = _PinnedHTTPSConnection(target, TIMEOUT_SECONDS)
    try:
        connection.request(
            "GET",
            target.path,
            headers={"User-Agent": "ThEKiZ-Portal calendar import", "Accept": "text/calendar"},
        )
        response = connection.getresponse()
        if response.status in _REDIRECTS:
            return _Answer(response.status, response.getheader("Location") or "", b"")
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > MAX_BYTES:
            raise FetchError(_too_large())
        chunks, size = [], 0
        while chunk := response.read(64 * 1024):
            size += len(chunk)
            if size > MAX_BYTES:
                raise FetchError(_too_large())
            if time.monotonic() > deadline:
                raise FetchError(_("The server took too long to answer."))
            chunks.append(chunk)
        return _Answer(response.status, "", b"".join(chunks))
    finally:
        connection.close()


def _too_large() -> str:
    return _("The calendar is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}


def fetch(url: str) -> bytes:
    """The body behind ``url`` (see the module's rules); ``FetchError`` otherwise."""
    deadline = time.monotonic() + TOTAL_SECONDS
    for _hop in range(MAX_REDIRECTS + 1):
        target = url_check(url)
        try:
            answer = _request(target, deadline)
        except FetchError:
            raise
        except ssl.SSLError:
            raise FetchError(_("The server's certificate could not be verified.")) from None
        except (OSError, http.client.HTTPException):
            raise FetchError(
                _("The server %(host)s could not be reached.") % {"host": target.host}
            ) from None
        if answer.status in _REDIRECTS:
            if not answer.location:
                raise FetchError(_("The server answered with an invalid redirect."))
            url = urljoin(url, answer.location)
            continue
        if answer.status != 200:
            raise FetchError(
                _("The server answered with error %(status)s.") % {"status": answer.status}
            )
        return answer.body
    raise FetchError(
        _("The address redirects too often (more than %(n)s times).") % {"n": MAX_REDIRECTS}
    )

"""Fetching a typed-in address never reaches inside: https only, public addresses only,
checked again after each redirect, connected to the address that was checked. No test
here touches the network: names are resolved by a resolver the test controls."""

import socket

import pytest

from common import fetch as fetch_module
from common.fetch import FetchError, _Answer, _PinnedHTTPSConnection, fetch, url_check

PUBLIC = "93.184.216.34"


@pytest.fixture
def names(monkeypatch):
    """A resolver for names this test controls: name → addresses."""
    table: dict[str, list[str]] = {}

    def resolve(host: str, port: int) -> list:
        if host not in table:
            raise socket.gaierror("unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in table[host]]

    monkeypatch.setattr(fetch_module, "_getaddrinfo", resolve)
    return table


@pytest.fixture
def answers(monkeypatch):
    """The answers of the servers, by checked IP address; the requests made, in order."""
    table: dict[str, _Answer] = {}
    asked: list[tuple[str, str, str]] = []

    def request(target, deadline):
        asked.append((target.host, target.address, target.path))
        return table[target.address]

    monkeypatch.setattr(fetch_module, "_request", request)
    return table, asked


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/kalender.ics",
        "https://10.0.0.1/kalender.ics",
        "https://192.168.1.20/kalender.ics",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/kalender.ics",
        "https://[::ffff:127.0.0.1]/kalender.ics",
        "https://0.0.0.0/kalender.ics",
        "https://240.0.0.1/kalender.ics",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(url, answers):
    with pytest.raises(FetchError, match="private"):
        fetch(url)
    assert answers[1] == []  # nothing was asked


@pytest.mark.parametrize(
    "url", ["http://kalender.example/k.ics", "ftp://kalender.example/k.ics", "file:///etc/passwd"]
)
def test_only_https_is_fetched(url, names, answers):
    names["kalender.example"] = [PUBLIC]
    with pytest.raises(FetchError, match="https://"):
        fetch(url)
    assert answers[1] == []


def test_a_name_that_resolves_to_a_private_address_is_refused(names, answers):
    names["intern.example"] = ["10.1.2.3"]
    with pytest.raises(FetchError, match=r"intern.example"):
        fetch("https://intern.example/kalender.ics")
    assert answers[1] == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(names):
    names["gemischt.example"] = [PUBLIC, "127.0.0.1"]
    with pytest.raises(FetchError):
        url_check("https://gemischt.example/")


def test_user_names_in_the_address_are_refused(names):
    names["kalender.example"] = [PUBLIC]
    with pytest.raises(FetchError, match=r"Passwort|password"):
        url_check("https://user:secret@kalender.example/k.ics")


def test_a_public_calendar_is_fetched_from_the_checked_address(names, answers):
    names["kalender.example"] = [PUBLIC]
    table, asked = answers
    table[PUBLIC] = _Answer(200, "", b"BEGIN:VCALENDAR")
    assert fetch("https://kalender.example/k.ics?token=1") == b"BEGIN:VCALENDAR"
    assert asked == [("kalender.example", PUBLIC, "/k.ics?token=1")]


def test_a_redirect_to_a_private_address_is_refused(names, answers):
    names["kalender.example"] = [PUBLIC]
    names["rebind.example"] = ["10.0.0.1"]
    table, asked = answers
    table[PUBLIC] = _Answer(302, "https://rebind.example/k.ics", b"")
    with pytest.raises(FetchError, match=r"rebind.example"):
        fetch("https://kalender.example/k.ics")
    assert [host for host, _ip, _path in asked] == ["kalender.example"]


def test_a_redirect_to_plain_http_is_refused(names, answers):
    names["kalender.example"] = [PUBLIC]
    table, _asked = answers
    table[PUBLIC] = _Answer(301, "http://kalender.example/k.ics", b"")
    with pytest.raises(FetchError, match="https://"):
        fetch("https://kalender.example/k.ics")


def test_at_most_three_redirects_are_followed(names, answers):
    names.update({f"hop{n}.example": [f"93.184.216.{n}"] for n in range(5)})
    table, asked = answers
    for n in range(4):
        table[f"93.184.216.{n}"] = _Answer(307, f"https://hop{n + 1}.example/", b"")
    table["93.184.216.4"] = _Answer(200, "", b"BEGIN:VCALENDAR")
    with pytest.raises(FetchError, match="3"):
        fetch("https://hop0.example/")
    assert len(asked) == 4  # the first request and three redirects


def test_three_redirects_are_fine_and_relative_ones_too(names, answers, monkeypatch):
    names.update({"a.example": ["93.184.216.1"], "b.example": ["93.184.216.2"]})
    table, asked = answers
    table["93.184.216.1"] = _Answer(302, "https://b.example/start", b"")
    # b.example answers the relative redirect first, then the calendar.
    responses = iter([_Answer(302, "/kalender.ics", b""), _Answer(200, "", b"ok")])
    table["93.184.216.2"] = None

    def request(target, deadline):
        asked.append((target.host, target.address, target.path))
        answer = table[target.address]
        return answer if answer is not None else next(responses)

    monkeypatch.setattr(fetch_module, "_request", request)
    assert fetch("https://a.example/") == b"ok"
    assert [path for _h, _ip, path in asked] == ["/", "/start", "/kalender.ics"]


def test_an_error_answer_is_reported(names, answers):
    names["kalender.example"] = [PUBLIC]
    answers[0][PUBLIC] = _Answer(404, "", b"")
    with pytest.raises(FetchError, match="404"):
        fetch("https://kalender.example/k.ics")


def test_the_connection_goes_to_the_checked_address_not_the_name(names, monkeypatch):
    """The name is resolved once, for the check: the socket connects to that address."""
    names["kalender.example"] = [PUBLIC]
    target = url_check("https://kalender.example:8443/k.ics")
    connected = []

    def create_connection(address, timeout):
        connected.append(address)
        raise ConnectionRefusedError

    monkeypatch.setattr(socket, "create_connection", create_connection)
    connection = _PinnedHTTPSConnection(target, timeout=1)
    with pytest.raises(ConnectionRefusedError):
        connection.connect()
    assert connected == [(PUBLIC, 8443)]
    assert connection.host == "kalender.example"  # the certificate is checked for the name


def test_an_unreachable_server_is_a_fetch_error(names, monkeypatch):
    names["kalender.example"] = [PUBLIC]

    def create_connection(address, timeout):
        raise TimeoutError

    monkeypatch.setattr(socket, "create_connection", create_connection)
    with pytest.raises(FetchError, match=r"kalender.example"):
        fetch("https://kalender.example/k.ics")


class _FakeResponse:
    def __init__(self, status: int, headers: dict, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def getheader(self, name: str):
        return self.headers.get(name)

    def read(self, size: int) -> bytes:
        chunk, self.body = self.body[:size], self.body[size:]
        return chunk


@pytest.mark.parametrize(
    "headers", [{"Content-Length": str(3 * 1024 * 1024)}, {}], ids=["announced", "streamed"]
)
def test_a_body_over_two_megabytes_is_refused(names, monkeypatch, headers):
    names["kalender.example"] = [PUBLIC]
    response = _FakeResponse(200, headers, b"x" * (2 * 1024 * 1024 + 1))
    monkeypatch.setattr(_PinnedHTTPSConnection, "request", lambda self, *a, **k: None)
    monkeypatch.setattr(_PinnedHTTPSConnection, "getresponse", lambda self: response)
    with pytest.raises(FetchError, match="2 MB"):
        fetch("https://kalender.example/k.ics")

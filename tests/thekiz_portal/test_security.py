import re
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from handbook.models import Document
from tests.conftest import with_totp
from tests.factories import (
    CenterFactory,
    DocumentFactory,
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    weekly_offer,
)
from tests.staff.test_permissions import (  # noqa: F401 (world: a fixture)
    STAFF_URLS,
    url_for,
    world,
)

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/?plz=07743",
    "/zentren/",
    "/zentren/?plz=Atlantis",
    "/netzwerk/",
    "/region/",
    "/region/jena/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/daten/",
    "/leichte-sprache/",
    "/en/leichte-sprache/gebaerdensprache/",
    "/en/",
    "/angebote/",
    "/angebote/?plz=07743&alter=-3",
    "/angebote/angebot/",
    "/zentren/kita/programm/",
    "/zentren/kita/programm/drucken/",
]


@pytest.fixture
def some_data():
    center = CenterFactory(slug="kita")
    PartnerFactory(slug="partner")
    weekly_offer(center=center, slug="angebot", title="Angebot")


def test_csp_is_strict_and_without_unsafe_inline(client, some_data):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    # Nothing is allowed unless named: exactly the sources the pages need.
    assert directives == {
        "default-src": "'none'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",  # QR code of the authenticator, icons in the CSS
        "font-src": "'self'",
        "media-src": "'self'",  # the sign-language videos and their captions
        "connect-src": "'self'",  # the map's markers, the schedule preview
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
    }


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "geolocation=(self)" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", [*PUBLIC_URLS, "/zentren/kita/", "/netzwerk/partner/"])
def test_public_pages_have_no_inline_script_or_style_and_set_no_cookie(client, some_data, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    # A JSON-LD data block is no script: the browser never runs it (the offer page's
    # schema.org data; tests/browser checks that the page logs no CSP violation).
    assert not re.search(
        r'<script(?![^>]*\bsrc=)(?![^>]*type="application/ld\+json")[^>]*>', html
    ), "inline <script>"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html), "style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert not response.cookies, "public pages set no cookies"


def test_nothing_is_loaded_from_another_origin(client, some_data):
    for url in PUBLIC_URLS:
        html = client.get(url).text
        for attribute in re.findall(r'\s(?:src|href)="([^"]+)"', html):
            if attribute.startswith("http://testserver/"):
                continue  # this origin, written out (the hreflang alternates)
            if attribute.startswith(("http://", "https://", "//")):
                # Only plain links may leave the portal (OpenStreetMap, partner sites).
                assert not re.search(
                    rf'<(?:script|link|img)[^>]+(?:src|href)="{re.escape(attribute)}"', html
                ), attribute


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("//evil.example/", ""),
        ("///evil.example/", ""),
        ("//evil.example/angebote/", ""),
        ("/en//evil.example/", ""),
        ("/\\evil.example/", ""),
        ("/\\/evil.example/", ""),
        ("//evil.example/", "a=b"),
    ],
)
def test_language_links_never_point_to_another_host(client, path, query):
    # The path as the server hands it over (the test client would read "//host" as a host).
    response = client.get("/", PATH_INFO=path, QUERY_STRING=query)
    assert response.status_code == 404
    links = re.findall(r'<(?:a|link)\b[^>]*\bhreflang="[^"]*"[^>]*>', response.text)
    # The two alternates in <head>; in the header the switch, Leichte Sprache and
    # Gebärdensprache (German content in both interfaces).
    assert len(links) == 5
    for link in links:
        # The alternates in <head> are absolute (search engines want them so), on this host.
        href = re.search(r'href="([^"]*)"', link)[1].removeprefix("http://testserver")
        assert href.startswith("/") and not href.startswith("//"), link
        assert "\\" not in href and "evil" not in href, link


def test_language_links_lead_to_the_same_page_or_else_home(client):
    # The switch stores the choice and goes on to the page in the other language.
    response = client.get("/angebote/?plz=07743")
    assert (
        'href="/en/sprache/?sprache=en&amp;next=%2Fen%2Fangebote%2F%3Fplz%3D07743" hreflang="en"'
        in response.text
    )
    assert 'hreflang="en" href="http://testserver/en/angebote/?plz=07743"' in response.text
    response = client.get("/en/angebote/?plz=07743")
    assert (
        'href="/sprache/?sprache=de&amp;next=%2Fangebote%2F%3Fplz%3D07743" hreflang="de"'
        in response.text
    )
    response = client.get("/", PATH_INFO="//evil.example/", QUERY_STRING="a=b")
    switch = '<a class="kern-link" href="/en/sprache/?sprache=en&amp;next=%2Fen%2F" hreflang="en"'
    assert switch in response.text


# --- Nothing behind a login is kept by a browser or proxy cache ----------------------------


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def _admin_urls() -> list[str]:
    from django.contrib import admin

    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
    return urls


def test_every_staff_page_is_never_stored(client, world):  # noqa: F811
    people, objects = world
    client.force_login(people["coordinator_a"])
    urls = [reverse("staff:home"), *(url_for(name, kw(objects)) for name, kw, *_ in STAFF_URLS)]
    for url in urls:
        response = client.get(url)
        assert response.status_code < 400, url
        assert _no_store(response), url


def test_every_admin_page_is_never_stored(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with_totp(superuser)
    client.force_login(superuser)
    for url in _admin_urls():
        response = client.get(url)
        assert _no_store(response), (url, response.status_code)


def test_account_pages_are_never_stored_even_before_signing_in(client):
    for url in [
        "/konto/login/",
        "/konto/password/reset/",
        "/konto/password/reset/key/1-abc-def/",
        "/konto/einladung/1-abc-def/",
        "/en/konto/login/",
    ]:
        assert _no_store(client.get(url)), url
    user = UserFactory()
    with_totp(user)
    client.force_login(user)
    for url in ["/konto/password/change/", "/konto/email/", "/konto/2fa/"]:
        assert _no_store(client.get(url)), url


def test_public_pages_are_stored_for_visitors_but_never_for_a_signed_in_person(client, some_data):
    for url in ["/", "/angebote/", "/zentren/kita/", "/zentren/kita/kalender.ics"]:
        assert not _no_store(client.get(url)), url
    member = MembershipFactory().user
    with_totp(member)  # network-only content needs the second factor
    document = DocumentFactory(visibility=Document.Visibility.MEMBERS)
    client.force_login(member)
    for url in ["/", "/angebote/", "/zentren/kita/", "/handbuch/", document.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


# --- Request bodies: refused by their announced size, before anything reads them ----------


class UnreadableBody:
    """A request body that fails the test if anyone reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.parametrize("path", ["/konto/login/", "/mein-thekiz/", "/admin/", "/en/konto/login/"])
def test_a_request_larger_than_the_limit_is_refused_before_its_body_is_read(client, settings, path):
    settings.THEKIZ_MAX_REQUEST_BYTES = 2 * 1024 * 1024
    response = client.post(
        path,
        CONTENT_LENGTH=str(2 * 1024 * 1024 + 1),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"]
    if path.startswith("/en/"):
        assert "The data you sent is too large" in response.text
    else:
        assert "Die gesendeten Daten sind zu groß" in response.text
    assert "(mehr als 2,0\xa0MB)" in response.text or "(more than 2.0\xa0MB)" in response.text


def test_only_a_body_above_the_limit_is_refused(client, settings):
    settings.THEKIZ_MAX_REQUEST_BYTES = 2 * 1024 * 1024
    within = client.post("/konto/login/", {"login": "x@example.org", "password": "y" * 1000})
    assert within.status_code == 200 and "Anmelden" in within.text
    malformed = client.post("/konto/login/", CONTENT_LENGTH="viel", CONTENT_TYPE="text/plain")
    assert malformed.status_code < 500
    above = client.post(
        "/konto/login/", "x" * (2 * 1024 * 1024 + 1), content_type="application/octet-stream"
    )
    assert above.status_code == 413


def test_the_request_limit_covers_the_largest_upload_and_djangos_own_limits_stay():
    from django.conf import settings

    largest = max(settings.THEKIZ_MAX_UPLOAD_BYTES, settings.THEKIZ_MAX_ATTACHMENT_BYTES)
    assert largest < settings.THEKIZ_MAX_REQUEST_BYTES
    # Form fields are held in memory up to this size; larger files are spooled to disk.
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


# --- Sign-in limits count the real client, and a stranger locks out only themselves -------

LOGIN = "/konto/login/"
PASSWORD = "correct horse battery 1"  # UserFactory's
TOO_MANY = "Zu viele fehlgeschlagene Anmeldeversuche"


def sign_in(client, email: str, password: str, *, address: str, proxy: str = "10.0.0.2"):
    """A sign-in as the reverse proxy hands it on: from the proxy, the client's address
    appended to X-Forwarded-For."""
    return client.post(
        LOGIN,
        {"login": email, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=address,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def settings_with(**environment: str) -> dict:
    """The settings module as it reads this environment."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        return runpy.run_path(str(Path(__file__).parents[2] / "thekiz_portal" / "settings.py"))


@pytest.fixture
def behind_one_proxy(settings):
    """The portal as the Compose file configures it: one reverse proxy in front."""
    configured = settings_with(THEKIZ_TRUSTED_PROXY_COUNT="1")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = configured["ALLAUTH_TRUSTED_PROXY_COUNT"]


@pytest.fixture
def clock(monkeypatch):
    """The rate limits' clock, moved forward by the test (the cache keeps the entries)."""
    import time as real_time

    from allauth.core.internal import ratelimit

    now = {"t": real_time.time()}
    fake = SimpleNamespace(
        time=lambda: now["t"], monotonic=real_time.monotonic, sleep=real_time.sleep
    )
    monkeypatch.setattr(ratelimit, "time", fake)

    def advance(seconds: float) -> None:
        now["t"] += seconds

    return advance


def test_ten_failures_from_one_client_do_not_block_another_clients_sign_in(
    client, behind_one_proxy
):
    owner = UserFactory(email="fachkraft@example.org")
    for n in range(10):  # ten different addresses: only the per-client limit is reached
        sign_in(client, f"niemand{n}@example.org", "falsch", address="198.51.100.66")
    refused = sign_in(client, owner.email, PASSWORD, address="198.51.100.66")
    assert not signed_in(refused)  # the guessing client is stopped ...
    assert refused.status_code == 429 or TOO_MANY in refused.text
    client.cookies.clear()
    assert signed_in(
        sign_in(client, owner.email, PASSWORD, address="203.0.113.7")
    )  # ... nobody else


def test_a_client_cannot_choose_its_address_when_no_proxy_is_trusted(client, settings):
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0  # the default
    owner = UserFactory(email="fachkraft@example.org")
    for n in range(10):  # a new address in every request: ignored, it is one client
        sign_in(client, f"niemand{n}@example.org", "falsch", address=f"198.51.100.{n}")
    refused = sign_in(client, owner.email, PASSWORD, address="203.0.113.7")
    assert not signed_in(refused)


def test_behind_the_proxy_only_the_address_the_proxy_adds_counts(client, behind_one_proxy):
    owner = UserFactory(email="fachkraft@example.org")
    for n in range(10):  # the client writes its own header; the proxy appends the real one
        sign_in(client, f"niemand{n}@example.org", "x", address=f"192.0.2.{n}, 198.51.100.66")
    refused = sign_in(client, owner.email, PASSWORD, address="192.0.2.200, 198.51.100.66")
    assert not signed_in(refused)


def test_the_client_address_settings_come_from_the_environment():
    defaults = settings_with()
    assert defaults["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0
    assert defaults["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] is None
    assert settings_with(THEKIZ_TRUSTED_PROXY_COUNT="2")["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    header = settings_with(THEKIZ_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
    assert header["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] == "X-Real-IP"


def test_a_stranger_cannot_lock_a_known_account_out(client, behind_one_proxy):
    owner = UserFactory(email="fachkraft@example.org")
    stranger = Client()
    for _ in range(20):
        sign_in(stranger, owner.email, "geraten", address="198.51.100.66")
    refused = sign_in(stranger, owner.email, PASSWORD, address="198.51.100.66")
    assert not signed_in(refused) and TOO_MANY in refused.text  # the stranger waits
    assert signed_in(sign_in(client, owner.email, PASSWORD, address="203.0.113.7"))


def test_the_wait_grows_with_the_failures_of_one_client_and_ends(client, clock):
    owner = UserFactory(email="fachkraft@example.org")

    def five_failures() -> None:
        for _ in range(5):
            assert TOO_MANY not in sign_in(client, owner.email, "x", address="198.51.100.66").text
            clock(13)  # slower than the per-address limit of ten a minute

    five_failures()
    assert TOO_MANY in sign_in(client, owner.email, PASSWORD, address="198.51.100.66").text
    clock(5 * 60)  # five failures: at most five minutes
    five_failures()  # ten within the hour
    clock(5 * 60)
    assert TOO_MANY in sign_in(client, owner.email, PASSWORD, address="198.51.100.66").text
    clock(60 * 60)  # ten failures: at most an hour
    assert signed_in(sign_in(client, owner.email, PASSWORD, address="198.51.100.66"))


def test_the_compose_example_trusts_its_one_proxy_and_is_reached_only_through_it():
    from tests.thekiz_portal.test_deploy_files import compose

    web = compose()["services"]["web"]
    assert web["environment"]["THEKIZ_TRUSTED_PROXY_COUNT"] == "${THEKIZ_TRUSTED_PROXY_COUNT:-1}"
    assert web["ports"] == ["127.0.0.1:8000:8000"]

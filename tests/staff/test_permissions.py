"""One table: every staff URL × {anonymous, staff of A, staff of B, coordinator of A,
planner of A's district, coordination office, partner of A, partner of B} with the answer
each must get.

- anonymous: redirect to the sign-in (and back afterwards)
- staff of B: 404 for everything of centre A (its existence is not confirmed)
- a municipal planner of A's district: 404 too (planners see figures, never a centre's
  staff pages)
- staff of A: 200 for the calendar, 403 for what only coordinators may do
- coordinator of A and the coordination office: 200
- a partner's person (of A or of B): 404 for every staff page of a centre; their own
  pages (proposals) are a second table, PARTNER_URLS
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from centers.models import Membership, PlannerAccess, PlannerInvitation
from events.services import event_places_sync, participant_sign_up
from offers.models import Attendance, CalendarSubscription, Proposal
from offers.services import offer_sign_up
from tests.conftest import with_totp
from tests.events.factories import EventFactory
from tests.factories import (
    CenterFactory,
    ClosureFactory,
    CooperationFactory,
    MembershipFactory,
    UserFactory,
    district,
    weekly_offer,
)

pytestmark = pytest.mark.django_db

OK, LOGIN, DENIED, MISSING = 200, "login", 403, 404

# (url name, kwargs builder, GET answers for: staff of A, coordinator of A)
STAFF_URLS = [
    ("staff:dashboard", lambda o: {}, OK, OK),
    ("staff:offers", lambda o: {}, OK, OK),
    ("staff:offer_create", lambda o: {}, OK, OK),
    ("staff:offer_edit", lambda o: {"pk": o["offer"].pk}, OK, OK),
    ("staff:offer_schedule", lambda o: {"pk": o["offer"].pk}, OK, OK),
    ("staff:offer_extra_date", lambda o: {"pk": o["offer"].pk}, OK, OK),
    ("staff:occurrence_cancel", lambda o: {"pk": o["occurrence"].pk}, OK, OK),
    ("staff:occurrence_move", lambda o: {"pk": o["occurrence"].pk}, OK, OK),
    ("staff:occurrence_note", lambda o: {"pk": o["occurrence"].pk}, OK, OK),
    ("staff:closures", lambda o: {}, OK, OK),
    # The calendar import (its preview: tests/staff/test_calendar_import.py).
    ("staff:calendar_import", lambda o: {}, OK, OK),
    # An offer no longer in its subscribed calendar: ending it asks first.
    ("staff:calendar_import_missing_end", lambda o: {"pk": o["missing_offer"].pk}, OK, OK),
    # Attendance: the centre's staff record it, the coordination office reads it.
    ("staff:attendance", lambda o: {}, OK, OK),
    ("staff:closure_edit", lambda o: {"pk": o["closure"].pk}, OK, OK),
    ("staff:profile", lambda o: {}, DENIED, OK),
    # The "still correct" links of the reminder mail: GET asks, POST confirms.
    ("staff:offer_checked", lambda o: {"pk": o["offer"].pk}, OK, OK),
    ("staff:profile_checked", lambda o: {}, DENIED, OK),
    ("staff:opening_hours", lambda o: {}, DENIED, OK),
    ("staff:photos", lambda o: {}, DENIED, OK),
    ("staff:cooperations", lambda o: {}, DENIED, OK),
    ("staff:cooperation_edit", lambda o: {"pk": o["cooperation"].pk}, DENIED, OK),
    ("staff:team", lambda o: {}, DENIED, OK),
    ("staff:changes", lambda o: {}, DENIED, OK),
    # Sign-ups: the centre's staff, never the coordination office (it sees counts only).
    ("staff:registrations", lambda o: {}, OK, OK, DENIED),
    ("staff:registrations_date", lambda o: {"pk": o["signup_date"].pk}, OK, OK, DENIED),
    ("staff:registrations_date_print", lambda o: {"pk": o["signup_date"].pk}, OK, OK, DENIED),
    ("staff:registrations_course", lambda o: {"pk": o["course"].pk}, OK, OK, DENIED),
    ("staff:registrations_course_print", lambda o: {"pk": o["course"].pk}, OK, OK, DENIED),
    # The centre's own events and their participants (the office sees none of them here).
    ("staff:events", lambda o: {}, OK, OK, DENIED),
    ("staff:event_participants", lambda o: {"pk": o["event"].pk}, OK, OK, DENIED),
    # Partner proposals: the centre's staff answer them.
    ("staff:proposals", lambda o: {}, OK, OK),
    ("staff:proposal_review", lambda o: {"pk": o["proposal"].pk}, OK, OK),
]
# The coordination office opens every other page of every centre.
STAFF_URLS = [row if len(row) == 5 else (*row, OK) for row in STAFF_URLS]

# POST-only actions: (url name, kwargs builder, answer for staff of A)
STAFF_ACTIONS = [
    ("staff:offer_copy", lambda o: {"pk": o["offer"].pk}, 302),
    ("staff:offer_status", lambda o: {"pk": o["offer"].pk}, 302),
    ("staff:offer_schedule_preview", lambda o: {"pk": o["offer"].pk}, 200),
    (
        "staff:offer_schedule_delete",
        lambda o: {"pk": o["offer"].pk, "schedule_pk": o["schedule"].pk},
        302,
    ),
    ("staff:occurrence_restore", lambda o: {"pk": o["occurrence"].pk}, 302),
    ("staff:closure_remove", lambda o: {"pk": o["closure"].pk}, 302),
    (
        "staff:calendar_subscription_remove",
        lambda o: {"pk": o["subscription"].pk},
        302,
    ),
    ("staff:calendar_import_missing_keep", lambda o: {"pk": o["missing_offer"].pk}, 302),
    ("staff:photo_remove", lambda o: {"pk": 999_999}, DENIED),
    ("staff:cooperation_remove", lambda o: {"pk": o["cooperation"].pk}, DENIED),
    ("staff:team_remove", lambda o: {"pk": o["membership"].pk}, DENIED),
    ("staff:registrations_date_attendance", lambda o: {"pk": o["signup_date"].pk}, 302),
    ("staff:registrations_course_attendance", lambda o: {"pk": o["course"].pk}, 302),
    ("staff:registration_promote", lambda o: {"pk": o["registration"].pk}, 302),
    ("staff:registration_cancel", lambda o: {"pk": o["registration"].pk}, 302),
]

PEOPLE = ("staff_a", "staff_b", "coordinator_a", "office", "partner_a", "partner_b")

# A partner's own pages (no centre navigation): (url name, kwargs builder, GET answer for
# each of PEOPLE). Only the partner of centre A opens centre A's; the partner of B has
# its own list (empty of A's proposals), everyone else gets 404.
PARTNER_URLS = [
    ("staff:partner_proposals", lambda o: {}, (MISSING,) * 4 + (OK, OK)),
    (
        "staff:partner_proposal",
        lambda o: {"pk": o["proposal"].pk},
        (MISSING,) * 4 + (OK, MISSING),
    ),
    (
        "staff:partner_proposal_create",
        lambda o: {"center": "centre-a"},
        (MISSING,) * 4 + (OK, MISSING),
    ),
    (
        "staff:partner_offer_propose",
        lambda o: {"center": "centre-a", "pk": o["partner_offer"].pk},
        (MISSING,) * 4 + (OK, MISSING),
    ),
]


@pytest.fixture
def world(coordination_user):
    centre_a = CenterFactory(slug="centre-a")
    centre_b = CenterFactory(slug="centre-b")
    offer = weekly_offer(center=centre_a)
    people = {
        "staff_a": MembershipFactory(center=centre_a, role=Membership.Role.STAFF).user,
        "staff_b": MembershipFactory(center=centre_b, role=Membership.Role.STAFF).user,
        "coordinator_a": MembershipFactory(center=centre_a, role=Membership.Role.COORDINATOR).user,
        "planner_a": UserFactory(),
        "office": coordination_user,
    }
    PlannerAccess.objects.create(user=people["planner_a"], district=centre_a.sozialraum.district)
    cooperation_a = CooperationFactory(center=centre_a)
    cooperation_b = CooperationFactory(center=centre_b)
    people["partner_a"] = MembershipFactory(
        center=centre_a, role=Membership.Role.PARTNER, partner=cooperation_a.partner
    ).user
    people["partner_b"] = MembershipFactory(
        center=centre_b, role=Membership.Role.PARTNER, partner=cooperation_b.partner
    ).user
    for key in ("staff_a", "staff_b", "coordinator_a", "planner_a", "partner_a", "partner_b"):
        with_totp(people[key])
    objects = {
        "offer": offer,
        "schedule": offer.schedules.get(),
        "occurrence": offer.occurrences.order_by("start").first(),
        "closure": ClosureFactory(center=centre_a),
        "subscription": CalendarSubscription.objects.create(
            center=centre_a, url="https://kalender.example/a.ics"
        ),
        "cooperation": CooperationFactory(center=centre_a),
        "membership": MembershipFactory(center=centre_a),
    }
    objects["partner_offer"] = weekly_offer(center=centre_a, partner=cooperation_a.partner)
    objects["missing_offer"] = weekly_offer(
        center=centre_a,
        import_uid="gone@kalender.example",
        import_subscription=objects["subscription"],
        import_missing_since=timezone.localdate(),
    )
    objects["proposal"] = Proposal.objects.create(
        center=centre_a,
        partner=cooperation_a.partner,
        proposed_by=people["partner_a"],
        title="Hebammensprechstunde",
        summary="Fragen rund ums Baby.",
    )
    signups = weekly_offer(center=centre_a, registration="per_date", capacity=5)
    objects["signup_date"] = signups.occurrences.order_by("start").first()
    objects["course"] = weekly_offer(center=centre_a, registration="course", capacity=5)
    objects["registration"] = offer_sign_up(
        offer=signups, occurrence=objects["signup_date"], name="Mia", email="mia@example.org"
    )
    objects["event"] = EventFactory(center=centre_a, places=5)
    event_places_sync(objects["event"])
    objects["event"].refresh_from_db()
    participant_sign_up(objects["event"], name="Kim", email="kim@example.org", consent=True)
    return people, objects


def url_for(name: str, kwargs: dict) -> str:
    return reverse(name, kwargs={"center": "centre-a", **kwargs})


@pytest.mark.parametrize(("name", "kwargs", "staff_a", "coordinator_a", "office"), STAFF_URLS)
def test_every_staff_page_answers_each_role_as_it_should(
    client, world, name, kwargs, staff_a, coordinator_a, office
):
    people, objects = world
    url = url_for(name, kwargs(objects))

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]

    expected = {
        "staff_a": staff_a,
        "staff_b": MISSING,
        "planner_a": MISSING,
        "coordinator_a": coordinator_a,
        "office": office,
        # A partner's person sees nothing of a centre's staff area, not even their own centre's.
        "partner_a": MISSING,
        "partner_b": MISSING,
    }
    for person, status in expected.items():
        client.force_login(people[person])
        assert client.get(url).status_code == status, (person, url)
        client.logout()


@pytest.mark.parametrize(("name", "kwargs", "staff_a"), STAFF_ACTIONS)
def test_every_staff_action_answers_each_role_as_it_should(client, world, name, kwargs, staff_a):
    people, objects = world
    url = url_for(name, kwargs(objects))
    data = {
        "status": "draft",
        "frequency": "once",
        "start_date": "2030-01-01",
        "start_time": "10:00",
        "end_time": "11:00",
        "interval": "1",
        "end": "open",
    }

    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    for outsider in ("staff_b", "planner_a", "partner_a", "partner_b"):
        client.force_login(people[outsider])
        assert client.post(url, data).status_code == MISSING, outsider
    client.force_login(people["staff_a"])
    assert client.post(url, data).status_code == staff_a
    client.force_login(people["staff_a"])
    assert client.get(url).status_code in (405, DENIED)  # actions are POST only


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("staff_a", 302),
        ("coordinator_a", 302),
        ("office", DENIED),
        ("staff_b", MISSING),
        ("planner_a", MISSING),
    ],
)
def test_recording_attendance_answers_each_role_as_it_should(client, world, person, status):
    people, objects = world
    first = timezone.localdate() - datetime.timedelta(days=3)
    offer = weekly_offer(
        center=objects["offer"].center, weekdays="MO,TU,WE,TH,FR,SA,SU", start=first, today=first
    )
    date = offer.occurrences.filter(start__lt=timezone.now(), off_reason="").last()
    url = url_for("staff:attendance", {})
    data = {"date": str(date.pk), f"d{date.pk}-adults": "2", f"d{date.pk}-children": "1"}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    client.force_login(people[person])
    assert client.post(url, data).status_code == status
    assert Attendance.objects.filter(pk=date.pk).exists() == (status == 302)


@pytest.mark.parametrize("answer", ["planner_invitation_join", "planner_invitation_refuse"])
def test_a_planners_invitation_is_answered_by_its_person_alone(client, world, answer):
    people, _objects = world
    invitation = PlannerInvitation.objects.create(email="p@example.org", user=people["planner_a"])
    invitation.districts.set([district("16073")])
    url = reverse(f"staff:{answer}", args=[invitation.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    for person in ("staff_a", "staff_b", "coordinator_a", "office"):
        client.force_login(people[person])
        assert client.post(url).status_code == MISSING, person
        assert client.get(reverse("staff:home")).status_code in (OK, 302), person
    client.force_login(people["planner_a"])
    assert client.get(url).status_code == 405  # POST only
    assert client.get(reverse("staff:home")).status_code == OK
    assert client.post(url)["Location"] == reverse("staff:home")


@pytest.mark.parametrize(("name", "kwargs", "answers"), PARTNER_URLS)
def test_every_partner_page_answers_each_role_as_it_should(client, world, name, kwargs, answers):
    people, objects = world
    url = reverse(name, kwargs=kwargs(objects))

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    for person, status in zip(PEOPLE, answers, strict=True):
        client.force_login(people[person])
        assert client.get(url).status_code == status, (person, url)
        client.logout()
    # A planner of centre A's district opens none of them.
    client.force_login(people["planner_a"])
    assert client.get(url).status_code == MISSING


@pytest.mark.parametrize("name", ["staff:proposals", "staff:proposal_review"])
def test_a_planner_opens_no_centres_proposals(client, world, name):
    people, objects = world
    client.force_login(people["planner_a"])
    kwargs = {"pk": objects["proposal"].pk} if name == "staff:proposal_review" else {}
    assert client.get(url_for(name, kwargs)).status_code == MISSING


def test_a_partners_post_to_another_centre_changes_nothing(client, world):
    people, objects = world
    client.force_login(people["partner_b"])
    for url in [
        reverse("staff:partner_proposal_create", args=["centre-a"]),
        reverse("staff:partner_proposal", args=[objects["proposal"].pk]),
        reverse("staff:proposal_review", args=["centre-a", objects["proposal"].pk]),
    ]:
        assert client.post(url, {"title": "x", "decision": "approve"}).status_code == 404, url
    objects["proposal"].refresh_from_db()
    assert objects["proposal"].status == Proposal.Status.SUBMITTED


def test_a_person_in_two_centres_sees_both_and_never_a_third(client):
    person = UserFactory()
    with_totp(person)
    first, second, third = CenterFactory(), CenterFactory(), CenterFactory()
    MembershipFactory(user=person, center=first)
    MembershipFactory(user=person, center=second)
    client.force_login(person)
    home = client.get(reverse("staff:home"))
    assert first.name in home.text and second.name in home.text
    assert third.name not in home.text
    assert client.get(reverse("staff:dashboard", args=[third.slug])).status_code == 404


def test_a_single_centre_goes_straight_to_its_dashboard(client):
    membership = MembershipFactory()
    with_totp(membership.user)
    client.force_login(membership.user)
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard", args=[membership.center.slug])


def test_another_centres_date_offer_and_closure_are_404_even_in_ones_own_centre_url(client, world):
    people, objects = world
    own = MembershipFactory(user=people["staff_b"]).center  # staff_b's own centre
    client.force_login(people["staff_b"])
    for name, kwargs in [
        ("staff:offer_edit", {"pk": objects["offer"].pk}),
        ("staff:occurrence_cancel", {"pk": objects["occurrence"].pk}),
        ("staff:closure_edit", {"pk": objects["closure"].pk}),
        ("staff:registrations_date", {"pk": objects["signup_date"].pk}),
        ("staff:registrations_course", {"pk": objects["course"].pk}),
        ("staff:event_participants", {"pk": objects["event"].pk}),
        ("staff:registration_cancel", {"pk": objects["registration"].pk}),
    ]:
        url = reverse(name, kwargs={"center": own.slug, **kwargs})
        if name != "staff:registration_cancel":  # POST only
            assert client.get(url).status_code == 404, url
        if name != "staff:event_participants":  # GET only: a POST is 405 before the lookup
            assert client.post(url, {"reason": "x"}).status_code == 404, url
    objects["occurrence"].refresh_from_db()
    assert not objects["occurrence"].cancelled
    objects["registration"].refresh_from_db()
    assert objects["registration"].status == "confirmed"


def test_a_missing_right_gets_the_portals_page_in_german_and_english_with_the_way_back(
    client, world
):
    people, _objects = world
    client.force_login(people["staff_a"])
    url = url_for("staff:team", {})
    back = "http://testserver" + url_for("staff:dashboard", {})
    response = client.get(url, HTTP_REFERER=back)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Diese Seite dürfen Sie nicht öffnen" in html
    assert 'class="site-header"' in html and "Forbidden" not in html
    assert f'href="{back}"' in html and f'href="{reverse("staff:home")}"' in html
    english = client.get("/en" + url).content.decode()
    assert "You may not open this page" in english and '<html lang="en"' in english
    # A page of another site is never offered as the way back.
    assert "evil.example" not in client.get(url, HTTP_REFERER="https://evil.example/").text
    # The admin's refusals look the same.
    client.force_login(people["office"])
    response = client.get("/admin/auth/group/")
    assert response.status_code == 403 and "Diese Seite dürfen Sie nicht öffnen" in response.text


def test_a_form_without_its_security_token_is_explained_in_the_portals_look():
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    for path, text in [
        ("/konto/login/", "Das Formular konnte nicht gesendet werden"),
        ("/en/konto/login/", "The form could not be sent"),
    ]:
        response = browser.post(
            path,
            {"login": "a@example.org", "password": "x"},
            HTTP_REFERER="http://testserver" + path,
        )
        assert response.status_code == 403
        html = response.content.decode()
        assert text in html and 'class="site-header"' in html
        assert f'href="http://testserver{path}"' in html


# Statistics: (url name, kwargs builder, answers for staff of A, coordinator of A, staff of B,
# planner of A's district, planner of another district, coordination office, nobody).
# Centre A and B lie in the same district (Jena); every other place is a 404.
STATISTICS_URLS = [
    ("staff:statistics", lambda o: {}, OK, OK, OK, OK, OK, OK, MISSING),
    ("staff:statistics_land", lambda o: {}, *[MISSING] * 5, OK, MISSING),
    ("staff:statistics_land_export", lambda o: {"fmt": "csv"}, *[MISSING] * 5, OK, MISSING),
    (
        "staff:statistics_district",
        lambda o: {"district": o["district"].slug},
        MISSING,
        MISSING,
        MISSING,
        OK,
        MISSING,
        OK,
        MISSING,
    ),
    (
        "staff:statistics_district_export",
        lambda o: {"district": o["district"].slug, "fmt": "xlsx"},
        MISSING,
        MISSING,
        MISSING,
        OK,
        MISSING,
        OK,
        MISSING,
    ),
    (
        "staff:statistics_sozialraum",
        lambda o: {"district": o["district"].slug, "sozialraum": o["sozialraum"].slug},
        MISSING,
        MISSING,
        MISSING,
        OK,
        MISSING,
        OK,
        MISSING,
    ),
    (
        "staff:statistics_sozialraum_export",
        lambda o: {
            "district": o["district"].slug,
            "sozialraum": o["sozialraum"].slug,
            "fmt": "ods",
        },
        MISSING,
        MISSING,
        MISSING,
        OK,
        MISSING,
        OK,
        MISSING,
    ),
    (
        "staff:statistics_center",
        lambda o: {"center": "centre-a"},
        OK,
        OK,
        MISSING,
        OK,
        MISSING,
        OK,
        MISSING,
    ),
    (
        "staff:statistics_center_export",
        lambda o: {"center": "centre-a", "fmt": "csv"},
        OK,
        OK,
        MISSING,
        OK,
        MISSING,
        OK,
        MISSING,
    ),
    (
        "staff:statistics_report",
        lambda o: {"center": "centre-a", "year": 2025},
        OK,
        OK,
        MISSING,
        OK,
        MISSING,
        OK,
        MISSING,
    ),
]

STATISTICS_ROLES = (
    "staff_a",
    "coordinator_a",
    "staff_b",
    "planner_a",
    "planner_elsewhere",
    "office",
    "nobody",
)


@pytest.mark.parametrize(
    ("name", "kwargs", "answers"),
    [
        (name, kwargs, dict(zip(STATISTICS_ROLES, a, strict=True)))
        for name, kwargs, *a in STATISTICS_URLS
    ],
)
def test_every_statistics_page_answers_each_role_as_it_should(client, world, name, kwargs, answers):
    people, objects = world
    center = objects["offer"].center
    objects = {"district": center.sozialraum.district, "sozialraum": center.sozialraum}
    people = {
        **people,
        "planner_a": UserFactory(),
        "planner_elsewhere": UserFactory(),
        "nobody": UserFactory(),
    }
    for key in ("planner_a", "planner_elsewhere", "nobody"):
        with_totp(people[key])
    PlannerAccess.objects.create(user=people["planner_a"], district=objects["district"])
    PlannerAccess.objects.create(user=people["planner_elsewhere"], district=district("16073"))
    url = reverse(name, kwargs=kwargs(objects))

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    for person in STATISTICS_ROLES:
        client.force_login(people[person])
        assert client.get(url).status_code == answers[person], (person, url)
        client.logout()
    # A partner's person sees no figures, not even of its own centre.
    for person in ("partner_a", "partner_b"):
        client.force_login(people[person])
        assert client.get(url).status_code == MISSING, (person, url)
        client.logout()

import datetime
import io

import pypdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.certificates import certificates_pdf
from events.models import Event, Participant
from events.services import participant_sign_up, participants_mark_attendance
from registrations.links import registration_link_value
from tests.events.factories import admin_action, event_with_forum
from tests.mail_queue import mails_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def over():
    """A Fachtag that has taken place: Erika came, Max did not."""
    event, forum = event_with_forum(
        title="Alle an Bord – Auf Kurs für Familien",
        places=5,
        forum_title="Forum „Steuerung“",
        forum_places=5,
    )
    erika = participant_sign_up(
        event,
        name="Erika Müller",
        email="erika@example.org",
        organisation="Jugendamt Jena",
        first_choice=forum,
        consent=True,
    )
    max_ = participant_sign_up(
        event, name="Max Beispiel", email="max@example.org", first_choice=forum, consent=True
    )
    participants_mark_attendance([erika], came=True)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(
        starts=yesterday, ends=yesterday + datetime.timedelta(hours=6)
    )
    return Participant.objects.get(pk=erika.pk), Participant.objects.get(pk=max_.pk)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_certificate_names_the_person_the_event_and_the_forum(over):
    erika, _max = over
    text = _text(certificates_pdf([erika]))
    assert "Teilnahmebescheinigung" in text
    assert "Erika Müller" in text and "Jugendamt Jena" in text
    assert "Alle an Bord - Auf Kurs für Familien" in text  # core fonts: a plain dash
    assert 'Forum "Steuerung"' in text
    assert "Landeskoordinations- und Fachstelle ThEKiZ" in text


def test_a_certificate_in_english_for_someone_who_signed_up_in_english(over):
    erika, _max = over
    erika.registration.language = "en"
    assert "Certificate of attendance" in _text(certificates_pdf([erika]))


def test_the_personal_link_downloads_the_certificate_of_someone_who_came(client, over):
    erika, max_ = over
    url = reverse("events:certificate", args=[registration_link_value(erika.registration)])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "Erika Müller" in _text(response.content)
    # Max did not come; a changed link names nobody.
    value = registration_link_value(max_.registration)
    assert client.get(reverse("events:certificate", args=[value])).status_code == 404
    assert client.get(reverse("events:certificate", args=[value[:-2] + "xx"])).status_code == 404


def test_no_certificate_before_the_event_is_over(client, over):
    erika, _max = over
    Event.objects.filter(pk=erika.event_id).update(
        ends=timezone.now() + datetime.timedelta(hours=1)
    )
    url = reverse("events:certificate", args=[registration_link_value(erika.registration)])
    assert client.get(url).status_code == 404


def test_the_office_prints_the_certificates_of_those_who_came(office, over):
    response = admin_action(office, "download_certificates", over)
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Erika Müller" in text and "Max Beispiel" not in text


def test_the_office_sends_the_certificates_by_mail(office, over):
    mail.outbox.clear()
    response = admin_action(office, "send_certificates", over)
    assert response.status_code == 302
    assert mails_send() == 1
    (message,) = mail.outbox
    assert message.to == ["erika@example.org"]
    assert "Teilnahmebescheinigung" in message.subject
    assert "/fachkraefte/teilnahmebescheinigung/" in message.body
    (_name, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf" and "Erika Müller" in _text(content)


def test_nobody_ready_gets_a_warning_and_no_file(office, over):
    _erika, max_ = over
    response = admin_action(office, "download_certificates", [max_])
    assert response.status_code == 302
    assert not mail.outbox

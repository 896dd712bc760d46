"""Certificates of attendance (Teilnahmebescheinigungen) as PDF: one A4 page per person
marked present at an event that has taken place, in the language they signed up in."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from common import dates
from common.mail import mail_later
from events.models import Event, Participant
from registrations.links import registration_link_value

# The PDF's core fonts know Latin-1 only: typographic marks become their plain forms.
_LATIN1 = str.maketrans({"–": "-", "—": "-", "„": '"', "“": '"', "”": '"', "‚": "'", "’": "'"})
OFFICE = "Landeskoordinations- und Fachstelle ThEKiZ"


def _plain(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def certificate_ready(participant: Participant) -> bool:
    """Only someone marked present, at an event that is over, gets a certificate."""
    registration = participant.registration
    return bool(registration.attended) and participant.event.is_past and bool(registration.name)


def _when(event: Event) -> str:
    if event.one_day:
        return f"{dates.day(event.starts)}, {dates.time_span(event.starts, event.ends)}"
    return f"{dates.day(event.starts)} - {dates.day(event.ends)}"


def _page(pdf: FPDF, participant: Participant) -> None:
    event = participant.event
    registration = participant.registration
    with translation.override(registration.language or "de"):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 22)
        pdf.cell(0, 16, _plain(_("Certificate of attendance")), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        pdf.set_font("Helvetica", "", 12)
        pdf.multi_cell(0, 7, _plain(_("This is to certify that")), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(0, 9, _plain(registration.name), new_x="LMARGIN", new_y="NEXT")
        if participant.organisation:
            pdf.set_font("Helvetica", "", 12)
            pdf.multi_cell(0, 7, _plain(participant.organisation), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("Helvetica", "", 12)
        pdf.multi_cell(0, 7, _plain(_("took part in the event")), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 14)
        pdf.multi_cell(0, 8, _plain(event.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 12)
        place = ", ".join(event.place_lines) or _("online")
        pdf.multi_cell(0, 7, _plain(f"{_when(event)}\n{place}"), new_x="LMARGIN", new_y="NEXT")
        forum = participant.forum
        if forum is not None and participant.forum_registration.status == "confirmed":
            pdf.ln(3)
            pdf.multi_cell(
                0,
                7,
                _plain(_("Forum: %(forum)s") % {"forum": forum.title}),
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.ln(20)
        host = event.center.name if event.center else OFFICE
        pdf.multi_cell(0, 7, _plain(host), new_x="LMARGIN", new_y="NEXT")


def certificates_pdf(participants: list[Participant]) -> bytes:
    """One page per participant given (check ``certificate_ready`` first)."""
    pdf = FPDF(format="A4")
    pdf.set_title("Teilnahmebescheinigung")
    pdf.set_margins(25, 30, 25)
    for participant in participants:
        _page(pdf, participant)
    return bytes(pdf.output())


def certificates_send(participants: list[Participant]) -> int:
    """Mail each participant who is ready their certificate (attached) and the link to
    download it again, in the language they signed up in. Returns how many were queued."""
    sent = 0
    for participant in participants:
        registration = participant.registration
        if not certificate_ready(participant) or not registration.email:
            continue
        language = registration.language or "de"
        with translation.override(language):
            path = reverse(
                "events:certificate", kwargs={"value": registration_link_value(registration)}
            )
            title = participant.event.title
            text = _(
                "Hello %(name)s,\n\nthank you for taking part in %(title)s. Your certificate of "
                "attendance is attached. You can download it again here:\n%(url)s\n\n"
                "%(office)s"
            ) % {
                "name": registration.name,
                "title": title,
                "url": settings.THEKIZ_BASE_URL + path,
                "office": OFFICE,
            }
            mail_later(
                to=[registration.email],
                subject=_("Your certificate of attendance: %(title)s") % {"title": title},
                text=text,
                language=language,
                attachments=[
                    (
                        f"teilnahmebescheinigung-{participant.event.slug}.pdf",
                        certificates_pdf([participant]),
                        "application/pdf",
                    )
                ],
            )
        sent += 1
    return sent

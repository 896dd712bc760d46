"""The demo handbook: preface, the value-for-municipalities document with its PDF,
methods, interviews, an FAQ, a network-only guide and a draft."""

import datetime
import io

import reversion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF

from demo import handbook_content as text
from handbook.models import (
    Attachment,
    DevelopmentField,
    Document,
    FaqEntry,
    MethodFacts,
    Person,
    Readership,
    Section,
)
from handbook.services import attachment_prepare, document_refresh, faq_anchor

EDITION_MONTH = datetime.date(2023, 12, 1)
# The PDF's core font knows Latin-1 only.
_LATIN1 = str.maketrans({"–": "-", "„": '"', "“": '"', "”": '"', "’": "'"})


def handbook_pdf(title: str, body: str) -> bytes:
    """A plain A4 PDF of a document (Markdown headings in bold)."""
    pdf = FPDF(format="A4")
    pdf.set_title(title.translate(_LATIN1))
    pdf.set_author("Landeskoordinations- und Fachstelle ThEKiZ")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, title.translate(_LATIN1))
    pdf.ln(4)
    for paragraph in body.split("\n\n"):
        line = " ".join(paragraph.split()).translate(_LATIN1)
        if line.startswith("## "):
            pdf.set_font("Helvetica", "B", 12)
            pdf.ln(2)
            pdf.multi_cell(0, 7, line[3:])
        else:
            pdf.set_font("Helvetica", "", 11)
            pdf.multi_cell(0, 6, line.replace("**", ""))
        pdf.ln(2)
    output = io.BytesIO()
    pdf.output(output)
    return output.getvalue()


class _Handbook:
    def __init__(self) -> None:
        self.sections = {section.slug: section for section in Section.objects.all()}
        self.fields = {field.slug: field for field in DevelopmentField.objects.all()}
        self.readerships = {item.slug: item for item in Readership.objects.all()}
        self.now = timezone.now()
        self.team, _created = Person.objects.get_or_create(
            name=text.TEAM[0], defaults={"role": text.TEAM[1]}
        )
        self.documents: list[Document] = []

    def document(
        self,
        data: dict,
        *,
        section: str | None,
        kind: str,
        position: int,
        status: str = Document.Status.PUBLISHED,
        visibility: str = Document.Visibility.PUBLIC,
        **extra,
    ) -> Document:
        document = Document.objects.create(
            title=data["title"],
            slug=data.get("slug", "vorwort"),
            section=self.sections[section] if section else None,
            is_preface=section is None,
            kind=kind,
            summary=data["summary"],
            body=data.get("body", ""),
            published_month=EDITION_MONTH,
            status=status,
            publish_date=self.now - datetime.timedelta(days=30 + position)
            if status == Document.Status.PUBLISHED
            else None,
            visibility=visibility,
            position=position,
            **extra,
        )
        document.development_fields.set([self.fields[slug] for slug in data.get("fields", [])])
        document.readerships.set([self.readerships[slug] for slug in data.get("readerships", [])])
        self.documents.append(document)
        return document


def handbook_demo_create() -> int:
    """Create the demo handbook, each document with its first revision; returns the
    number of documents."""
    documents = _create()
    for document in documents:
        with reversion.create_revision():
            reversion.set_comment("Demo-Inhalt angelegt")
            reversion.add_to_revision(document)
    return len(documents)


def _create() -> list[Document]:
    book = _Handbook()
    preface = book.document(text.PREFACE, section=None, kind=Document.Kind.ARTICLE, position=0)
    preface.authors.set([book.team])

    mehrwert = book.document(
        {
            **text.MEHRWERT,
            "fields": [
                "sozialraumorientierung",
                "vernetzung-und-kooperation",
                "praevention-und-gesundheit",
                "steuerung-und-finanzierung",
            ],
            "readerships": ["politik", "verwaltung", "traeger"],
        },
        section="mehrwerte",
        kind=Document.Kind.ARTICLE,
        position=10,
    )
    mehrwert.authors.set([book.team])
    attachment = Attachment(
        document=mehrwert, title="Mehrwert von ThEKiZ für Kommunen", position=10
    )
    pdf = handbook_pdf(text.MEHRWERT["title"], text.MEHRWERT["body"])
    attachment_prepare(
        attachment, SimpleUploadedFile("mehrwert.pdf", pdf, content_type="application/pdf")
    )
    attachment.save()

    methods = []
    for position, data in enumerate(text.METHODS, start=1):
        method = book.document(
            data,
            section="entwicklungsfelder-und-methoden",
            kind=Document.Kind.METHOD,
            position=position * 10,
        )
        method.authors.set([book.team])
        MethodFacts.objects.create(
            document=method,
            goal=data["goal"],
            duration=data["duration"],
            group_size=data["group_size"],
            materials=data["materials"],
            steps=data["steps"],
        )
        methods.append(method)
    guide = book.document(
        text.GUIDE_MEMBERS,
        section="entwicklungsfelder-und-methoden",
        kind=Document.Kind.GUIDE,
        position=90,
        visibility=Document.Visibility.MEMBERS,
    )

    interviews = []
    for position, data in enumerate(text.INTERVIEWS, start=1):
        name, role, organisation = data["person"]
        person = Person.objects.create(name=name, role=role, organisation=organisation)
        interviews.append(
            book.document(
                data,
                section="interviews",
                kind=Document.Kind.INTERVIEW,
                position=position * 10,
                interviewee=person,
                perspective=data["perspective"],
            )
        )

    faq = book.document(
        text.FAQ, section="fragen-und-antworten", kind=Document.Kind.FAQ, position=10
    )
    anchors: set[str] = set()
    for position, (question, answer) in enumerate(text.FAQ["entries"], start=1):
        anchor = faq_anchor(question, anchors)
        anchors.add(anchor)
        FaqEntry.objects.create(
            document=faq, question=question, answer=answer, anchor=anchor, position=position * 10
        )

    book.document(
        text.DRAFT,
        section="entwicklungsfelder-und-methoden",
        kind=Document.Kind.GUIDE,
        position=100,
        status=Document.Status.DRAFT,
    )

    mehrwert.related.set([interviews[0], interviews[1], faq, guide])
    methods[0].related.set([methods[1], methods[2]])
    faq.related.set([mehrwert, methods[1]])
    for document in book.documents:
        document_refresh(document)
    return book.documents

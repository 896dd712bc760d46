"""Documents store their text as the pages show it (HTML and table of contents), rendered
when they are saved; this fills the new columns of the documents that exist."""

from django.db import migrations, models

import handbook.models.document
from handbook.services import document_html, short_html


def render_all(apps, schema_editor) -> None:
    Document = apps.get_model("handbook", "Document")
    FaqEntry = apps.get_model("handbook", "FaqEntry")
    for document in Document.objects.prefetch_related("faq_entries"):
        entries = sorted(document.faq_entries.all(), key=lambda entry: (entry.position, entry.pk))
        for entry in entries:
            entry.answer_html = short_html(entry.answer)
        FaqEntry.objects.bulk_update(entries, ["answer_html"])
        document.body_html, document.toc = document_html(document.body, entries)
        document.preface_html = short_html(document.body) if document.is_preface else ""
        document.save(update_fields=["body_html", "toc", "preface_html"])


class Migration(migrations.Migration):
    dependencies = [
        ("handbook", "0004_cover_image_private"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="body_html",
            field=handbook.models.document.SanitisedHTMLField(
                blank=True, editable=False, verbose_name="text as HTML"
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="preface_html",
            field=handbook.models.document.SanitisedHTMLField(
                blank=True,
                editable=False,
                help_text="Only for the preface: its text as the start page shows it.",
                verbose_name="preface as HTML",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="toc",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="The text's headings, then the questions.",
                verbose_name="table of contents",
            ),
        ),
        migrations.AddField(
            model_name="faqentry",
            name="answer_html",
            field=handbook.models.document.SanitisedHTMLField(
                blank=True, editable=False, verbose_name="answer as HTML"
            ),
        ),
        migrations.RunPython(render_all, migrations.RunPython.noop, elidable=True),
    ]

"""The portal's own model: the sign-language videos of the Leichte-Sprache pages.

This module also makes Django send ``post_migrate`` to this app, which syncs the role
groups (see ``apps.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


def _video_path(instance: "SignLanguageVideo", filename: str) -> str:
    return f"gebaerdensprache/{filename}"


class SignLanguageVideo(models.Model):
    """A video in German Sign Language (DGS) with captions, shown on one page of the
    Leichte-Sprache section (BITV 2.0 §4). The coordination office uploads it in the
    admin; the files are checked by their content (``thekiz_portal.forms``)."""

    class Page(models.TextChoices):
        # The values are the pages' slugs below /leichte-sprache/; the overview, the
        # section's own address, is stored as "uebersicht".
        OVERVIEW = "uebersicht", _("Easy Read: overview")
        ABOUT = "thekiz", _("Easy Read: what a ThEKiZ is")
        FIND = "angebot-finden", _("Easy Read: finding an offer")
        CALENDAR = "kalender", _("Easy Read: dates in your calendar")
        CONTACT = "kontakt", _("Easy Read: contacting a centre")
        ACCESSIBILITY = "barrierefreiheit", _("Easy Read: accessibility")
        SIGN_LANGUAGE = "gebaerdensprache", _("Sign language page")

    page = models.CharField(
        _("page"),
        max_length=30,
        choices=Page.choices,
        unique=True,
        help_text=_("The page that shows the video. Each page has at most one video."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Shown above the video, e.g. “Das ThEKiZ-Portal in Gebärdensprache”."),
    )
    video = models.FileField(
        _("video"),
        upload_to=_video_path,
        max_length=200,
        help_text=_("MP4 (H.264) or WebM."),
    )
    captions = models.FileField(
        _("captions"),
        upload_to=_video_path,
        max_length=200,
        help_text=_("Captions in German as a WebVTT file (.vtt)."),
    )
    poster = models.ImageField(
        _("poster image"),
        upload_to=_video_path,
        max_length=200,
        blank=True,
        help_text=_("Optional: the picture shown before the video starts (JPEG, PNG or WebP)."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sign-language video")
        verbose_name_plural = _("sign-language videos")
        ordering = ["page"]

    def __str__(self) -> str:
        return self.title

    def stored_files(self) -> set[str]:
        """The names of the files this video keeps in the media storage."""
        return {file.name for file in (self.video, self.captions, self.poster) if file}

    @property
    def video_type(self) -> str:
        """The video's MIME type, from the extension its content gave it."""
        return "video/webm" if self.video.name.endswith(".webm") else "video/mp4"

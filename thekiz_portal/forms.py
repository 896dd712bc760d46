"""The coordination office's form for a sign-language video (used by the admin)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.images import image_reencode
from common.videos import captions_check, video_check
from thekiz_portal.models import SignLanguageVideo


class SignLanguageVideoAdminForm(forms.ModelForm):
    # Plain file fields: each file is judged by its content, in German, not by Django's
    # ImageField first. A form with an error stores nothing, and the video in place stays.
    video = forms.FileField(label=_("video"), help_text=SignLanguageVideo.video.field.help_text)
    captions = forms.FileField(
        label=_("captions"), help_text=SignLanguageVideo.captions.field.help_text
    )
    poster = forms.FileField(
        label=_("poster image"),
        required=False,
        help_text=SignLanguageVideo.poster.field.help_text,
    )

    class Meta:
        model = SignLanguageVideo
        fields = ["page", "title", "video", "captions", "poster"]

    def clean_video(self):
        video = self.cleaned_data.get("video")
        if video and "video" in self.changed_data:
            return video_check(video, settings.THEKIZ_MAX_VIDEO_BYTES)
        return video

    def clean_captions(self):
        captions = self.cleaned_data.get("captions")
        if captions and "captions" in self.changed_data:
            return captions_check(captions, settings.THEKIZ_MAX_CAPTIONS_BYTES)
        return captions

    def clean_poster(self):
        poster = self.cleaned_data.get("poster")
        if poster and "poster" in self.changed_data:
            return image_reencode(poster)
        return poster

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.models import Center, CenterPhoto
from common.images import image_reencode
from network.forms import LocatedFormMixin


class CenterForm(LocatedFormMixin):
    class Meta:
        model = Center
        fields = "__all__"


class CenterPhotoForm(forms.ModelForm):
    """Every photo is checked by its content and re-encoded without metadata.

    A plain FileField on purpose: Django's ImageField would decode the upload before our
    size and pixel limits are checked, and answer every problem with the same message.
    """

    image = forms.FileField(label=_("image"))

    class Meta:
        model = CenterPhoto
        fields = ["image", "alt_text", "caption", "position"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            return image_reencode(image)
        return image

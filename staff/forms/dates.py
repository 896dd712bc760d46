"""Forms of the staff area. They check input; the services in the apps do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models import Center, Closure, Cooperation, Membership, OpeningHours
from common.forms import KernFormMixin
from common.held_images import HeldImage, image_held, image_hold, image_release
from common.images import image_reencode
from network.geo import coordinate, postcode_point
from network.models import Language, Partner
from offers.models import WEEKDAY_CODES, Audience, Category, Offer, Schedule
from offers.services import schedule_check

WEEKDAY_LABELS = [
    (code, label)
    for code, label in zip(
        WEEKDAY_CODES,
        [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        strict=True,
    )
]
WEEKDAY_NAMES = [
    (code, label)
    for code, label in zip(
        WEEKDAY_CODES,
        [
            _("Monday"),
            _("Tuesday"),
            _("Wednesday"),
            _("Thursday"),
            _("Friday"),
            _("Saturday"),
            _("Sunday"),
        ],
        strict=True,
    )
]


# The empty first choice of a list, instead of Django's "---------".
PLEASE_CHOOSE = _("– please choose –")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")


class HeldImageMixin:
    """A form with an image (field ``image``) that comes back with errors offers the chosen
    image again (common.held_images): the page carries its token in
    ``image_held`` and uses it unless another file is chosen or ``image_held_drop`` is
    ticked. The view calls ``image_keep()`` before showing errors and ``image_done()``
    after saving."""

    owner: int | None = None
    held: HeldImage | None = None

    def held_image(self) -> ContentFile | None:
        """The image kept from an earlier try, if the form names one and may use it."""
        if self.owner is None or self.data.get("image_held_drop"):
            return None
        held = image_held(self.data.get("image_held", ""), owner=self.owner)
        content = held.content() if held else None
        if content is not None:
            self.held = held
        return content

    def image_keep(self) -> None:
        """Keep a newly chosen image that passed its check, for the next try."""
        upload = self.files.get("image")
        value = getattr(self, "cleaned_data", {}).get("image")
        if self.owner is None or self.held is not None or not upload or value is None:
            return
        if not isinstance(value, ContentFile):
            try:
                value = image_reencode(value)
            except ValidationError as error:
                self.add_error("image", error)
                return
        self.held = image_hold(value, owner=self.owner, label=upload.name)

    def image_done(self) -> None:
        if self.held is not None:
            image_release(self.held)


class OfferForm(HeldImageMixin, KernFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Metadata such as GPS is removed."),
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "summary",
            "description",
            "categories",
            "audiences",
            "age_min_months",
            "age_max_months",
            "languages",
            "cost",
            "cost_amount",
            "cost_note",
            "registration",
            "capacity",
            "registration_info",
            "barrier_free",
            "pram_friendly",
            "childcare",
            "place",
            "place_name",
            "street",
            "postcode",
            "city",
            "online_url",
            "partner",
            "image",
            "image_alt",
            "contact_name",
            "contact_phone",
            "contact_email",
            "runs_on_holidays",
            "skip_school_holidays",
        ]
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "cost": forms.RadioSelect,
            "registration": forms.RadioSelect,
            "place": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, center: Center, owner: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.center = center
        self.owner = owner
        self.fields["categories"].queryset = Category.objects.all()
        self.fields["audiences"].queryset = Audience.objects.all()
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["partner"].queryset = Partner.objects.filter(
            cooperations__center=center
        ).distinct()
        self.fields["partner"].help_text = _("Only partners your centre cooperates with.")
        self.fields["partner"].empty_label = _("– no partner –")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.instance.center = center
        self.instance.host = Offer.Host.CENTER

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and "image" in self.changed_data:
            return image_reencode(image)
        return self.held_image() or image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Please describe what the image shows."))
        if cleaned.get("place") == Offer.PlaceKind.ADDRESS:
            postcode = cleaned.get("postcode")
            point = postcode_point(postcode) if postcode else None
            if not postcode:
                self.add_error("postcode", _("Please enter the postcode of the place."))
            elif point is None:
                self.add_error(
                    "postcode",
                    _("We cannot find the postcode %(postcode)s.") % {"postcode": postcode},
                )
            else:
                self.instance.latitude = coordinate(point.latitude)
                self.instance.longitude = coordinate(point.longitude)
        else:
            self.instance.latitude = self.instance.longitude = None
        return cleaned

    def m2m(self) -> dict[str, list]:
        return {
            name: list(self.cleaned_data[name]) for name in ("categories", "audiences", "languages")
        }


class ScheduleForm(KernFormMixin, forms.ModelForm):
    """The schedule editor: fields laid out as a sentence ("jeden Dienstag, 9:30–11:00 …")."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    weekday_set = forms.MultipleChoiceField(
        label=_("on"),
        choices=WEEKDAY_LABELS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    month_weekday = forms.ChoiceField(label=_("weekday"), choices=WEEKDAY_NAMES, required=False)
    end = forms.ChoiceField(
        label=_("ends"),
        choices=[
            ("open", _("no end")),
            ("until", _("on a date")),
            ("count", _("after a number of dates")),
        ],
        widget=forms.RadioSelect,
        initial="open",
    )

    class Meta:
        model = Schedule
        fields = [
            "frequency",
            "interval",
            "month_week",
            "start_time",
            "end_time",
            "start_date",
            "until",
            "count",
        ]
        widgets = {
            "frequency": forms.RadioSelect,
            "start_date": DateInput,
            "until": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
        }
        labels = {
            "frequency": _("How often?"),
            "interval": _("every … weeks or months"),
            "month_week": _("in the month, on the"),
            "start_time": _("from"),
            "end_time": _("until"),
            "start_date": _("first date"),
            "until": _("last date"),
            "count": _("number of dates"),
        }

    def __init__(self, *args, offer: Offer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.fields["version"].initial = offer.version
        self.fields["frequency"].choices = Schedule.Frequency.choices
        self.fields["interval"].help_text = _("1 = every week (month), 2 = every second …")
        schedule = self.instance
        if schedule.pk:
            codes = schedule.weekday_list
            self.fields["weekday_set"].initial = codes
            self.fields["month_weekday"].initial = codes[0] if codes else "TU"
            self.fields["end"].initial = (
                "until" if schedule.until else "count" if schedule.count else "open"
            )
        elif not self.is_bound:
            self.fields["start_date"].initial = timezone.localdate()
            self.fields["month_week"].initial = 1
        for name in ("until", "count"):
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        frequency = cleaned.get("frequency")
        schedule = self.instance
        if frequency == Schedule.Frequency.WEEKLY:
            days = cleaned.get("weekday_set") or []
            if not days:
                self.add_error("weekday_set", _("Please choose at least one weekday."))
            schedule.weekdays = ",".join(code for code in WEEKDAY_CODES if code in days)
            schedule.month_week = None
        elif frequency == Schedule.Frequency.MONTHLY:
            schedule.weekdays = cleaned.get("month_weekday") or ""
            if not cleaned.get("month_week"):
                self.add_error("month_week", _("Please choose the week of the month."))
        else:
            schedule.weekdays = ""
            schedule.month_week = None
            schedule.interval = 1
        end = cleaned.get("end") or "open"
        if frequency == Schedule.Frequency.ONCE or end == "open":
            schedule.until = schedule.count = None
        elif end == "until":
            schedule.count = None
            if not cleaned.get("until"):
                self.add_error("until", _("Please enter the last date."))
        else:
            schedule.until = None
            if not cleaned.get("count"):
                self.add_error("count", _("Please enter the number of dates."))
        if cleaned.get("interval") is not None and cleaned["interval"] < 1:
            self.add_error("interval", _("The interval must be at least 1."))
        return cleaned

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        self.instance.offer = self.offer
        try:
            schedule_check(self.instance)
        except ValidationError as error:
            self.add_error(None, error)


class ExtraDateForm(KernFormMixin, forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("from"), widget=TimeInput)
    end_time = forms.TimeField(label=_("until"), widget=TimeInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        return cleaned


class CancelForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Families read it, e.g. 'illness in the team'."),
    )


class MoveForm(ExtraDateForm):
    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise ValidationError(_("A date cannot be moved into the past."))
        return day


class NoteForm(KernFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Note for families"),
        max_length=200,
        required=False,
        help_text=_("e.g. 'this time in the garden'. Leave empty to remove the note."),
    )


class ClosureForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["title", "start_date", "end_date"]
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("start_date"), cleaned.get("end_date")
        if first and last and last < first:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        if last and last < timezone.localdate():
            self.add_error("end_date", _("A closure in the past changes nothing."))
        return cleaned

    def _post_clean(self) -> None:
        # The model's own checks need the centre, which the view sets on the instance.
        if not self.errors:
            super()._post_clean()


class CenterProfileForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Center
        fields = [
            "summary",
            "description",
            "highlights",
            "phone",
            "email",
            "website",
            "languages",
            "step_free_access",
            "accessible_toilet",
            "pram_friendly",
            "baby_changing",
            "accessibility_note",
        ]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
            "highlights": forms.Textarea(attrs={"rows": 4}),
        }


class OpeningHoursForm(KernFormMixin, forms.Form):
    # An empty choice first: a blank row stays unchanged and is left out when saving.
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", PLEASE_CHOOSE), *OpeningHours.Weekday.choices],
        coerce=int,
    )
    opens = forms.TimeField(label=_("opens"), widget=TimeInput)
    closes = forms.TimeField(label=_("closes"), widget=TimeInput)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be after the opening time."))
        return cleaned


OpeningHoursFormSet = forms.formset_factory(OpeningHoursForm, extra=2, can_delete=True, max_num=21)


class PhotoForm(HeldImageMixin, KernFormMixin, forms.Form):
    # Required, but a photo kept from an earlier try counts (clean_image).
    image = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Metadata such as GPS is removed."),
    )
    alt_text = forms.CharField(
        label=_("What does the photo show?"),
        max_length=250,
        help_text=_("For people who cannot see it, e.g. 'Children painting in the garden'."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)

    def __init__(self, *args, owner: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_image(self):
        image = self.cleaned_data.get("image") or self.held_image()
        if not image:
            raise ValidationError(self.fields["image"].error_messages["required"], code="required")
        return image


class CooperationForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = Cooperation
        fields = ["partner", "kind", "since", "topics"]
        widgets = {"since": DateInput}

    def __init__(self, *args, center: Center, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.center = center
        partners = Partner.objects.filter(is_active=True).order_by("name")
        taken = center.cooperations.exclude(pk=self.instance.pk).values("partner_id")
        self.fields["partner"].queryset = partners.exclude(pk__in=taken)
        self.fields["partner"].empty_label = PLEASE_CHOOSE
        self.fields["kind"].choices = [("", PLEASE_CHOOSE), *Cooperation.Kind.choices]


class InvitationForm(KernFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        initial=Membership.Role.STAFF,
    )

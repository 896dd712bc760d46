import enum
import math
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import SearchForm, choice_error
from network.geo import GeoQuerySet, coordinate, postcode_point
from network.models import Located
from network.places import Location, Outcome, place_resolve

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km")]
# Without a radius chosen, the search takes the smallest of these with results.
ADAPTIVE_RADII = tuple(
    km for km, _label in RADIUS_CHOICES if km <= settings.THEKIZ_DEFAULT_RADIUS_KM
)
# From a place outside the home state the nearest results may lie further away: beyond
# the largest choice the radius grows to the nearest result and this margin further (so
# that the family sees the nearest few, not just one), rounded up to whole tens of km.
WIDEN_MARGIN_KM = 25
WIDEN_STEP_KM = 10
# ... but not without end: the nearest result is looked for within this distance (a box
# on indexed coordinates), so a place at the other end of the country costs no more than
# one nearby. Thuringia is about 220 km across.
NEAREST_WITHIN_KM = 150

# The place field's outcomes that are errors (a place outside the home state is not one).
PLACE_ERRORS = (Outcome.UNKNOWN_POSTCODE, Outcome.INCOMPLETE_POSTCODE, Outcome.UNKNOWN_PLACE)


class LocationField(forms.CharField):
    """A postcode or place name, cleaned into a ``Location`` (or an error in plain words:
    the code of the error is the ``network.places.Outcome``)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def clean(self, value: str) -> Location | None:
        text = super().clean(value)
        if not text:
            return None
        resolution = place_resolve(text)
        if resolution.outcome in PLACE_ERRORS:
            raise ValidationError(resolution.message, code=resolution.outcome.value)
        return resolution.location


class RadiusHow(enum.StrEnum):
    CHOSEN = "chosen"  # by the family
    AUTOMATIC = "automatic"  # the smallest of ADAPTIVE_RADII with results
    WIDENED = "widened"  # up to the nearest results, from outside the home state


@dataclass(frozen=True)
class Radius:
    km: int
    how: RadiusHow = RadiusHow.CHOSEN
    nearest_km: int | None = None  # widened: how far the nearest result lies (whole km)

    @property
    def wider(self) -> list[int]:
        """The larger choices, to widen the search with one click."""
        return [km for km, _label in RADIUS_CHOICES if km > self.km]


def radius_decide(chosen: int | None, nearest_km: float | None, *, in_home_state: bool) -> Radius:
    """The radius of a search near a place.

    - Chosen by the family, in the home state: kept.
    - Not chosen, in the home state: the smallest of ``ADAPTIVE_RADII`` that holds the
      nearest result (the largest when none does: the list is empty and offers to widen).
    - From outside the home state, chosen or not: as above (with every choice up to 50 km
      when not chosen) and, when even that holds no result, widened to the nearest
      result plus ``WIDEN_MARGIN_KM``, rounded up to ``WIDEN_STEP_KM``: the family sees
      the nearest centres or offers of the home state with their distance, never an
      empty list for a place that lies across the border.
    ``nearest_km`` is how far the nearest matching result lies (None: none at all).
    """
    if chosen and in_home_state:
        return Radius(chosen)
    how = RadiusHow.CHOSEN if chosen else RadiusHow.AUTOMATIC
    if chosen:
        steps: tuple[int, ...] = (chosen,)
    elif in_home_state:
        steps = ADAPTIVE_RADII
    else:
        steps = tuple(km for km, _label in RADIUS_CHOICES)
    if nearest_km is None:
        return Radius(steps[-1], how)
    for km in steps:
        if nearest_km <= km:
            return Radius(km, how)
    if in_home_state:
        return Radius(steps[-1], how)
    km = math.ceil((nearest_km + WIDEN_MARGIN_KM) / WIDEN_STEP_KM) * WIDEN_STEP_KM
    return Radius(km, RadiusHow.WIDENED, nearest_km=math.floor(nearest_km))


class NearForm(SearchForm):
    """The first two fields of every "near me" search: "Postleitzahl oder Ort" and
    "Umkreis". The list's own filters follow them.

    Without a radius chosen (``umkreis`` empty or missing) the radius adapts to where
    results are: the view calls ``radius_adapt`` with a way to find the nearest one.
    """

    plz = LocationField(
        label=_("Postcode or town"), help_text=_("e.g. 07743 or Jena"), required=False
    )
    umkreis = forms.TypedChoiceField(
        label=_("Distance"),
        choices=[("", _("automatic (5 to 25 km)")), *RADIUS_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=choice_error(_("Please choose one of the distances in the list.")),
    )

    # Set by radius_adapt: the radius searched within, and how it came about.
    radius_decided: Radius | None = None

    def summary_text(self, name: str, value) -> str:
        """A distance only means something with a place (see ``filter_summary``)."""
        if name == "umkreis" and not self.cleaned_data.get("plz"):
            return ""
        return super().summary_text(name, value)

    @property
    def location(self) -> Location | None:
        """The place searched from, if one was given and found."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get("plz")

    @property
    def place_failed(self) -> bool:
        """A place was typed but not found: the page shows why, and no list."""
        return self.is_bound and "plz" in self.errors

    @property
    def radius_chosen(self) -> int | None:
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get("umkreis")

    def radius_adapt(self, nearest_km: Callable[[float | None], float | None]) -> Radius:
        """Decide the radius (see ``radius_decide``). ``nearest_km(within_km)`` tells how
        far the nearest matching result lies; it is asked (one query) only when the
        radius depends on it."""
        location = self.location
        chosen = self.radius_chosen
        in_home_state = location is None or location.in_home_state
        nearest = None
        if location is not None and not (chosen and in_home_state):
            nearest = nearest_km(
                ADAPTIVE_RADII[-1] if in_home_state and not chosen else NEAREST_WITHIN_KM
            )
        self.radius_decided = radius_decide(chosen, nearest, in_home_state=in_home_state)
        return self.radius_decided

    def near(self, queryset: GeoQuerySet) -> GeoQuerySet:
        """``queryset`` near the place, nearest first with ``distance``, within the radius
        decided by ``radius_adapt``; nothing when the place was not found (never the
        whole list under an error); unchanged without a place."""
        if self.place_failed:
            return queryset.none()
        location = self.location
        if location is None:
            return queryset
        radius = self.radius_adapt(lambda within: queryset.nearest_km(location.point, within))
        return queryset.near(location.point, radius.km)

    @property
    def radius(self) -> int:
        """The radius searched within: decided, else chosen, else the default."""
        if self.radius_decided is not None:
            return self.radius_decided.km
        return self.radius_chosen or settings.THEKIZ_DEFAULT_RADIUS_KM


class LocatedFormMixin(forms.ModelForm):
    """Fills latitude/longitude from the postcode unless someone set them by hand.

    - both empty: the centre of the postcode area is used;
    - both entered or changed by hand: kept, and marked as exact;
    - postcode changed while the coordinates came from the old postcode: re-derived.
    """

    def clean(self):
        cleaned = super().clean()
        postcode = cleaned.get("postcode")
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            raise forms.ValidationError(
                _("Enter both latitude and longitude, or leave both empty."), code="half_point"
            )
        if not postcode:
            return cleaned
        typed_by_hand = latitude is not None and (
            "latitude" in self.changed_data or "longitude" in self.changed_data
        )
        derived_before = self.instance.location_precision == Located.Precision.POSTCODE
        if typed_by_hand:
            self.instance.location_precision = Located.Precision.EXACT
        elif latitude is None or ("postcode" in self.changed_data and derived_before):
            point = postcode_point(postcode)
            if point is None:
                self.add_error(
                    "postcode",
                    _(
                        "We cannot find the postcode %(postcode)s. Please check it, "
                        "or enter the coordinates by hand."
                    )
                    % {"postcode": postcode},
                )
                return cleaned
            cleaned["latitude"] = self.instance.latitude = coordinate(point.latitude)
            cleaned["longitude"] = self.instance.longitude = coordinate(point.longitude)
            self.instance.location_precision = Located.Precision.POSTCODE
        return cleaned

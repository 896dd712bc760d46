"""The HSDS 3.0 endpoints: read-only JSON for anyone (CORS open for GET), German texts.

Every answer carries ``ETag``/``Last-Modified`` (``thekiz_portal.middleware``): asking again
with them gets *304* until public data changes (``common.data_version``). Each client may
ask ``THEKIZ_API_RATE`` times per window; beyond it, *429* with ``Retry-After``. A bad
parameter is a *400* with a message in JSON, an unknown id a *404* in JSON.
"""

import datetime
import hashlib
import math
import time
import uuid
from collections.abc import Callable
from functools import wraps
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ObjectDoesNotExist
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext

from common.data_version import data_changed_at
from common.rate_limit import rate_exceeded, rate_parse
from network.geo import postcode_point
from offers.models import Category
from thekiz_portal.hsds import selectors, serializers
from thekiz_portal.hsds.ids import Kind, object_key
from thekiz_portal.hsds.openapi import openapi_document
from thekiz_portal.middleware import copy_rendered_at, rendered_etag

HSDS_VERSION = "3.0"
PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PROXIMITY_METERS = 200_000
# A copy older than this is sent again even if nothing changed (as for the pages).
FRESH_SECONDS = 300


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class NotFound(Exception):
    pass


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return response


def _validators(response: HttpResponse, request: HttpRequest, rendered_at: float):
    response["ETag"] = rendered_etag(request, rendered_at)
    response["Last-Modified"] = http_date(int(rendered_at))
    patch_cache_control(response, public=True, max_age=settings.THEKIZ_PUBLIC_MAX_AGE)
    return response


def hsds_endpoint(view: Callable[..., dict]) -> Callable[..., HttpResponse]:
    """A view that returns a dictionary becomes a public, cacheable, rate-limited endpoint."""

    @wraps(view)
    def endpoint(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":  # a browser's preflight: GET only
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        with translation.override(settings.LANGUAGE_CODE):
            if request.method not in ("GET", "HEAD"):
                response = _json({"error": gettext("Only GET is allowed.")}, status=405)
                response["Allow"] = "GET, HEAD, OPTIONS"
                return response
            if rate_exceeded(request, "hsds-api", settings.THEKIZ_API_RATE):
                response = _json(
                    {"error": gettext("Too many requests: please wait and ask again.")}, 429
                )
                response["Retry-After"] = str(rate_parse(settings.THEKIZ_API_RATE)[1])
                return _cors(response)
            now = time.time()
            shown = copy_rendered_at(request)
            if shown is not None and now - shown < FRESH_SECONDS and data_changed_at() < shown:
                return _cors(_validators(HttpResponseNotModified(), request, shown))
            try:
                response = _json(view(request, *args, **kwargs))
            except BadParameter as error:
                return _cors(_json({"error": error.message, "parameter": error.parameter}, 400))
            except (NotFound, ObjectDoesNotExist):
                return _cors(_json({"error": gettext("No such object.")}, 404))
            return _cors(_validators(response, request, now))

    return endpoint


# Parameters


def _integer(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(
            name, gettext("'%(name)s' must be a whole number.") % {"name": name}
        ) from None
    if not low <= value <= high:
        raise BadParameter(
            name,
            gettext("'%(name)s' must be between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return value


def _modified_after(request: HttpRequest) -> datetime.datetime | None:
    raw = request.GET.get("modified_after", "")
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
        if value is None and (day := parse_date(raw)) is not None:
            value = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        value = None
    if value is None:
        raise BadParameter(
            "modified_after", gettext("'modified_after' must be an ISO 8601 date or date and time.")
        )
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return value


def _object(request: HttpRequest, name: str, kinds: tuple[Kind, ...]) -> tuple[Kind, int] | None:
    """An id given as a filter: None if absent; (kind, -1) for a UUID this portal never
    gave out (it matches nothing); 400 for text that is no UUID."""
    raw = request.GET.get(name, "")
    if not raw:
        return None
    key = object_key(raw, kinds)
    if key is None:
        try:
            uuid.UUID(raw)
        except ValueError:
            raise BadParameter(
                name, gettext("'%(name)s' must be a UUID.") % {"name": name}
            ) from None
        return kinds[0], -1
    return key


def _count(rows) -> int:
    """The number of rows, kept in the cache until public data changes: the same filters
    on the national set would otherwise count 66,000 offers on every page."""
    if not isinstance(rows, models.QuerySet):
        return len(rows)
    try:
        sql, params = rows.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter that can match nothing
        return 0
    statement = hashlib.sha256(f"{sql}|{params}".encode()).hexdigest()[:32]
    key = f"hsds:count:{statement}"
    kept = cache.get(key)
    changed = data_changed_at()
    if kept is not None and kept[0] > changed:
        return kept[1]
    counted_at = time.time()
    total = rows.order_by().count()
    cache.set(key, (counted_at, total), timeout=FRESH_SECONDS)
    return total


def _page(request: HttpRequest, rows, serialize: Callable, total: int | None = None) -> dict:
    page = _integer(request, "page", 1, 1, 10**9)
    per_page = _integer(request, "per_page", PER_PAGE, 1, MAX_PER_PAGE)
    total = _count(rows) if total is None else total
    start = (page - 1) * per_page
    contents = [serialize(row) for row in rows[start : start + per_page]] if start < total else []
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": total == 0,
        "contents": contents,
    }


def _service_filters(request: HttpRequest, offers):
    term = _object(request, "taxonomy_term_id", (Kind.TAXONOMY_TERM,))
    organization = _object(request, "organization_id", (Kind.OPERATOR, Kind.PARTNER))
    if organization is not None:
        kind, pk = organization
        organization = ("operator" if kind == Kind.OPERATOR else "partner", pk)
    return selectors.services_filter(
        offers,
        modified_after=_modified_after(request),
        category_pk=None if term is None else term[1],
        organization=organization,
    )


# Endpoints


@hsds_endpoint
def api_root(request: HttpRequest) -> dict:
    return {
        "version": HSDS_VERSION,
        "profile": "https://openreferral.org/",
        "openapi_url": serializers.absolute(reverse("hsds:openapi")),
    }


@hsds_endpoint
def openapi(request: HttpRequest) -> dict:
    return openapi_document()


@hsds_endpoint
def service_list(request: HttpRequest) -> dict:
    offers = _service_filters(request, selectors.services())
    return _page(request, offers, serializers.service)


@hsds_endpoint
def service_detail(request: HttpRequest, id: str) -> dict:
    key = object_key(id, (Kind.SERVICE,))
    if key is None:
        raise NotFound
    return serializers.service(selectors.services().get(pk=key[1]))


@hsds_endpoint
def service_at_location_list(request: HttpRequest) -> dict:
    offers = _service_filters(request, selectors.services())
    postcode = request.GET.get("postcode", "").strip()
    proximity = request.GET.get("proximity", "")
    if proximity and not postcode:
        raise BadParameter("proximity", gettext("'proximity' needs a 'postcode' to measure from."))
    if postcode:
        point = postcode_point(postcode)
        if point is None:
            raise BadParameter("postcode", gettext("'postcode' must be a known German postcode."))
        if proximity:
            meters = _integer(request, "proximity", 0, 1, MAX_PROXIMITY_METERS)
            offers = selectors.services_near(offers, point, meters / 1000)
        else:
            offers = selectors.with_place(offers).filter(place_postcode=postcode)
    return _page(request, offers, serializers.service_at_location)


@hsds_endpoint
def service_at_location_detail(request: HttpRequest, id: str) -> dict:
    key = object_key(id, (Kind.SERVICE_AT_LOCATION,))
    if key is None:
        raise NotFound
    return serializers.service_at_location(selectors.services().get(pk=key[1]))


@hsds_endpoint
def organization_list(request: HttpRequest) -> dict:
    """Operators first, then partners: one list over two tables, paged across both."""
    operators = selectors.operators()
    partners = selectors.partners()
    operator_count = operators.count()
    total = operator_count + partners.count()

    class Both:
        def __getitem__(self, window: slice) -> list[dict]:
            rows = [
                serializers.organization_of_operator(operator)
                for operator in operators[window.start : min(window.stop, operator_count)]
            ]
            if window.stop > operator_count:
                first = max(0, window.start - operator_count)
                rows += [
                    serializers.organization_of_partner(partner)
                    for partner in partners[first : window.stop - operator_count]
                ]
            return rows

    return _page(request, Both(), lambda row: row, total=total)


@hsds_endpoint
def organization_detail(request: HttpRequest, id: str) -> dict:
    key = object_key(id, (Kind.OPERATOR, Kind.PARTNER))
    if key is None:
        raise NotFound
    kind, pk = key
    if kind == Kind.OPERATOR:
        operator = selectors.operators().prefetch_related(selectors.operator_centers()).get(pk=pk)
        return serializers.organization_of_operator(operator, full=True)
    return serializers.organization_of_partner(selectors.partners().get(pk=pk), full=True)


@hsds_endpoint
def taxonomy_list(request: HttpRequest) -> dict:
    return _page(request, [serializers.taxonomy()], lambda row: row)


@hsds_endpoint
def taxonomy_term_list(request: HttpRequest) -> dict:
    taxonomy = request.GET.get("taxonomy_id", "")
    categories = selectors.categories()
    if taxonomy and taxonomy != serializers.TAXONOMY_ID:
        categories = Category.objects.none()
    return _page(request, categories, serializers.taxonomy_term)

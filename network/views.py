from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.pagination import paginate
from network.filters import PartnerFilterSet
from network.models import Partner


@require_safe
def partner_list(request: HttpRequest) -> HttpResponse:
    filterset = PartnerFilterSet(
        request.GET or None,
        queryset=Partner.objects.active().prefetch_related("languages"),
        request=request,
    )
    page = paginate(request, filterset.qs)
    return render(
        request,
        "network/partner_list.html",
        {"form": filterset.form, "page_obj": page, "location": filterset.form.location},
    )

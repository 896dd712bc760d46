"""Partner proposals: the partner's pages (their proposals at every centre they work
with, a new proposal, a change to one of their published offers) and the centre's
(the proposals, each with what would change and the answer)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from centers.access import CenterAccess, partner_membership, partner_memberships
from common.pagination import paginate
from offers.models import Offer, Proposal
from offers.services.proposals import (
    proposal_approve,
    proposal_dates,
    proposal_decline,
    proposal_from_offer,
    proposal_lines,
    proposal_request_changes,
    proposal_submit,
)
from staff.base import already_done, done, form_refused, form_token, staff_render, staff_view
from staff.forms.proposals import DecisionForm, ProposalForm

_LISTS = ("categories", "audiences", "languages")
_DATES = ("schedule_changes", "date_cancels")


def _partner_render(request: HttpRequest, template: str, **context) -> HttpResponse:
    """A partner's page: no centre navigation (they see nothing of the staff area)."""
    return render(
        request,
        template,
        {"form_token": request.POST.get("form_token") or form_token(), **context},
    )


@login_required
@require_safe
def partner_proposals(request: HttpRequest) -> HttpResponse:
    """All proposals of the partners the person works for, at every centre."""
    memberships = list(partner_memberships(request.user).order_by("center__name"))
    if not memberships:
        raise Http404
    proposals = (
        Proposal.objects.for_partner_person(request.user)
        .select_related("center", "partner", "offer")
        .order_by("-updated_at", "-pk")
    )
    offers = (
        Offer.objects.filter(
            status=Offer.Status.PUBLISHED,
            center__in=[m.center_id for m in memberships],
            partner__in=[m.partner_id for m in memberships],
        )
        .select_related("center")
        .order_by("center__name", "title")
    )
    own = {(m.center_id, m.partner_id) for m in memberships}
    return _partner_render(
        request,
        "staff/partner_proposals.html",
        memberships=memberships,
        page_obj=paginate(request, proposals, 50),
        offers=[offer for offer in offers if (offer.center_id, offer.partner_id) in own],
    )


def _proposal_form_page(
    request: HttpRequest, proposal: Proposal, *, heading: str, action: str
) -> HttpResponse:
    """Show the proposal form, or submit it; back to the list once submitted."""
    if request.method == "POST":
        if repeated := already_done(request):
            return repeated
        form = ProposalForm(
            request.POST,
            instance=proposal,
            is_new=proposal.offer_id is None,
            offer=proposal.offer,
        )
        if form.is_valid():
            try:
                proposal_submit(
                    proposal=form.instance,
                    m2m=form.m2m(),
                    user=request.user,
                    changes=form.schedule_changes(),
                    cancels=form.date_cancels(),
                )
            except ValidationError as error:
                form_refused(form, error)
            else:
                messages.success(
                    request,
                    _("Your proposal has been sent to %(center)s.")
                    % {"center": proposal.center.name},
                )
                return done(request, reverse("staff:partner_proposals"))
    else:
        initial = {}
        if proposal.pk is None and proposal.offer_id:
            initial = {name: list(getattr(proposal.offer, name).all()) for name in _LISTS}
        form = ProposalForm(
            instance=proposal,
            initial=initial,
            is_new=proposal.offer_id is None,
            offer=proposal.offer,
        )
    return _partner_render(
        request,
        "staff/partner_proposal_form.html",
        form=form,
        proposal=proposal,
        heading=heading,
        action=action,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_proposal_create(request: HttpRequest, center: str) -> HttpResponse:
    """Propose a new offer at a centre."""
    membership = partner_membership(request.user, center)
    proposal = Proposal(center=membership.center, partner=membership.partner)
    return _proposal_form_page(
        request,
        proposal,
        heading=_("Propose an offer at %(center)s") % {"center": membership.center.name},
        action=reverse("staff:partner_proposal_create", args=[center]),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_offer_propose(request: HttpRequest, center: str, pk: int) -> HttpResponse:
    """Propose a change (or more dates) to one of the partner's published offers."""
    membership = partner_membership(request.user, center)
    offer = get_object_or_404(
        Offer,
        pk=pk,
        center=membership.center,
        partner=membership.partner,
        status=Offer.Status.PUBLISHED,
    )
    return _proposal_form_page(
        request,
        proposal_from_offer(offer, partner=membership.partner),
        heading=_("Propose a change: %(title)s") % {"title": offer.title},
        action=reverse("staff:partner_offer_propose", args=[center, pk]),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """One proposal: its state and the centre's message; editable again when the centre
    asked for changes."""
    proposal = get_object_or_404(
        Proposal.objects.for_partner_person(request.user)
        .select_related("center", "partner", "offer")
        .prefetch_related(*_LISTS, *_DATES),
        pk=pk,
    )
    if proposal.status == Proposal.Status.CHANGES_REQUESTED:
        return _proposal_form_page(
            request,
            proposal,
            heading=_("Change your proposal: %(title)s") % {"title": proposal.title},
            action=reverse("staff:partner_proposal", args=[pk]),
        )
    if request.method == "POST":
        raise Http404
    return _partner_render(
        request,
        "staff/partner_proposal.html",
        proposal=proposal,
        lines=proposal_lines(proposal),
    )


@staff_view("offers.change_offer")
@require_safe
def proposals(request: HttpRequest, access: CenterAccess) -> HttpResponse:
    """The centre's proposals from partners, those waiting for an answer first."""
    waiting = Case(
        When(status=Proposal.Status.SUBMITTED, then=0), default=1, output_field=IntegerField()
    )
    items = (
        Proposal.objects.filter(center=access.center)
        .select_related("partner", "offer")
        .order_by(waiting, "-updated_at", "-pk")
    )
    return staff_render(
        request, "staff/proposals.html", access, page_obj=paginate(request, items, 50)
    )


@staff_view("offers.change_offer")
@require_http_methods(["GET", "HEAD", "POST"])
def proposal_review(request: HttpRequest, access: CenterAccess, pk: int) -> HttpResponse:
    """A proposal with what would change, and the centre's answer."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("partner", "offer", "proposed_by").prefetch_related(
            *_LISTS, *_DATES, *(f"offer__{name}" for name in _LISTS)
        ),
        pk=pk,
        center=access.center,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if repeated := already_done(request):
            return repeated
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            message = form.cleaned_data["message"]
            try:
                if decision == "approve":
                    proposal_approve(proposal=proposal, user=request.user)
                    text = _("The offer is published.")
                elif decision == "changes":
                    proposal_request_changes(proposal=proposal, user=request.user, message=message)
                    text = _("The partner has been asked for changes.")
                else:
                    proposal_decline(proposal=proposal, user=request.user, reason=message)
                    text = _("The proposal has been declined.")
            except ValidationError as error:
                form_refused(form, error)
            else:
                messages.success(request, text)
                return done(request, reverse("staff:proposals", args=[access.center.slug]))
    return staff_render(
        request,
        "staff/proposal_review.html",
        access,
        proposal=proposal,
        lines=proposal_lines(proposal),
        dates=proposal_dates(proposal),
        form=form,
    )

"""The pages of the roof: the home page, the regions, a centre's and a partner's profile
(they combine several apps), and the legal pages. The paths are complete; the root
includes this module without a prefix."""

from django.conf import settings
from django.urls import path
from django.views.generic import TemplateView

from thekiz_portal.pages import languages, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("region/", views.district_list, name="district_list"),
    path("region/<slug:district>/", views.district_detail, name="district"),
    path("region/<slug:district>/<slug:sozialraum>/", views.sozialraum_detail, name="sozialraum"),
    # The profile shows the week's programme (centers + offers).
    path("zentren/<slug:slug>/", views.center_detail, name="center_detail"),
    # The profile shows the centres the partner works with (network + centers).
    path("netzwerk/<slug:slug>/", views.partner_detail, name="partner_detail"),
    # The language switches: they store the choice in a cookie and go back.
    path("sprache/", languages.interface_language, name="interface_language"),
    path("inhaltssprache/", languages.content_language, name="content_language"),
    path("impressum/", TemplateView.as_view(template_name="pages/imprint.html"), name="imprint"),
    path(
        "datenschutz/",
        TemplateView.as_view(
            template_name="pages/privacy.html",
            extra_context={"retention_days": settings.THEKIZ_REGISTRATION_RETENTION_DAYS},
        ),
        name="privacy",
    ),
    path(
        "barrierefreiheit/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    # Open data: the nightly CSV and JSON files, and the HSDS API.
    path("daten/", views.open_data, name="open_data"),
    # Leichte Sprache (BITV 2.0 §4): German content in both interfaces.
    path("leichte-sprache/", views.easy_read, name="easy_read"),
    path("leichte-sprache/<slug:slug>/", views.easy_read, name="easy_read_page"),
]

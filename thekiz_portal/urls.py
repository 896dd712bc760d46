"""Root URLconf. Public pages have German paths; the English interface lives under /en/."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django.views.static import serve

from centers import views as center_views
from network import views as network_views
from offers import views as offer_views
from thekiz_portal import views
from thekiz_portal.sitemaps import SITEMAPS
from thekiz_portal.staff.views import accounts as staff_accounts

# The admin signs in through allauth, with its rate limits and two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("ThEKiZ-Portal – coordination office")
admin.site.site_title = "ThEKiZ-Portal"
admin.site.index_title = _("Network, centres and handbook")

# A missing right gets the portal's page with the way back (the 404 and 500 pages are
# plain templates).
handler403 = views.permission_denied

centers_patterns = (
    [
        path("", center_views.center_list, name="center_list"),
        path("karte.json", center_views.center_map_data, name="center_map_data"),
        # The profile shows the week's programme: a page of the layer above both apps.
        path("<slug:slug>/", views.center_detail, name="center_detail"),
        path("<slug:slug>/programm/", offer_views.center_programme, name="center_programme"),
        path(
            "<slug:slug>/programm/drucken/",
            offer_views.center_programme_print,
            name="center_programme_print",
        ),
        path("<slug:slug>/kalender.ics", offer_views.center_ics, name="center_ics"),
    ],
    "centers",
)

offers_patterns = (
    [
        path("", offer_views.offer_search, name="offer_search"),
        path("<slug:slug>/", offer_views.offer_detail, name="offer_detail"),
        path("<slug:slug>/kalender.ics", offer_views.offer_ics, name="offer_ics"),
    ],
    "offers",
)

network_patterns = (
    [
        path("", network_views.partner_list, name="partner_list"),
        # The partner profile shows the centers it works with: a page of the layer above.
        path("<slug:slug>/", views.partner_detail, name="partner_detail"),
    ],
    "network",
)

region_patterns = (
    [
        path("", views.district_list, name="district_list"),
        path("<slug:district>/", views.district_detail, name="district"),
        path("<slug:district>/<slug:sozialraum>/", views.sozialraum_detail, name="sozialraum"),
    ],
    "region",
)

urlpatterns = [
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("angebote/", include(offers_patterns)),
    path("zentren/", include(centers_patterns)),
    path("netzwerk/", include(network_patterns)),
    path("region/", include(region_patterns)),
    path("handbuch/", include("handbook.urls")),
    # The key contains "-" itself: the user part is the base-36 digits before the first one.
    re_path(
        r"^konto/einladung/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        staff_accounts.invitation_accept,
        name="staff_invitation_accept",
    ),
    # The set-up of the authenticator app keeps "next" and shows the recovery codes once.
    path(
        "konto/2fa/totp/activate/",
        staff_accounts.second_factor_setup,
        name="mfa_activate_totp",
    ),
    path("konto/2fa/codes/", staff_accounts.second_factor_codes, name="second_factor_codes"),
    path("konto/", include("allauth.urls")),
    path("mein-thekiz/", include("thekiz_portal.staff.urls")),
    path("impressum/", TemplateView.as_view(template_name="pages/imprint.html"), name="imprint"),
    path("datenschutz/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path(
        "barrierefreiheit/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media"
        )
    ]

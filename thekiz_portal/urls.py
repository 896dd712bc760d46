"""Root URLconf: the endpoints that live at the root (health check, robots.txt, favicon,
sitemap, admin, media in development), and the apps' URL modules. Public pages have German
paths; the English interface lives under /en/."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_page
from django.views.static import serve

from thekiz_portal import views
from thekiz_portal.sitemaps import SITEMAPS

# The admin signs in through allauth, with its rate limits and two-factor authentication.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("ThEKiZ-Portal – coordination office")
admin.site.site_title = "ThEKiZ-Portal"
admin.site.index_title = _("Network, centres and handbook")

# A missing right gets the portal's page with the way back (the 404 and 500 pages are
# plain templates).
handler403 = views.permission_denied

SITEMAP_CACHE_SECONDS = 60 * 60

urlpatterns = [
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # An index of sections (offers, centres, …), each paged below the 50,000 addresses a
    # sitemap may hold; built at most once an hour (crawlers need no fresher list).
    path(
        "sitemap.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(SITEMAP_CACHE_SECONDS)(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("admin/", admin.site.urls),
    # The Open Referral HSDS 3.0 API: JSON, the same in every language.
    path("api/hsds/", include("thekiz_portal.hsds.urls")),
]

urlpatterns += i18n_patterns(
    # Home, regions, centre and partner profiles, legal pages (complete paths).
    path("", include("thekiz_portal.pages.urls")),
    # angebote/… and a centre's programme below zentren/<slug>/ (complete paths).
    path("", include("offers.urls")),
    # The personal link of a sign-up: anmeldung/<signed value>/ (complete paths).
    path("", include("registrations.urls")),
    path("zentren/", include("centers.urls")),
    path("netzwerk/", include("network.urls")),
    path("handbuch/", include("handbook.urls")),
    # The section for professionals: the network's events.
    path("fachkraefte/", include("events.urls")),
    # Invitations and the second factor first: they take the place of allauth's pages.
    path("konto/", include("staff.account_urls")),
    path("konto/", include("allauth.urls")),
    path("mein-thekiz/", include("staff.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media"
        )
    ]

"""The offer search and an offer's pages (angebote/…), and a centre's programme below its
profile (zentren/<slug>/…): offers may use the centres, so these pages live here. The
paths are complete; the root includes this module without a prefix."""

from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("angebote/", views.offer_search, name="offer_search"),
    path("angebote/<slug:slug>/", views.offer_detail, name="offer_detail"),
    path("angebote/<slug:slug>/kalender.ics", views.offer_ics, name="offer_ics"),
    path(
        "angebote/<slug:slug>/termine/<int:pk>/kalender.ics",
        views.occurrence_ics,
        name="occurrence_ics",
    ),
    path("angebote/<slug:slug>/anmelden/", views.offer_sign_up_form, name="course_sign_up"),
    path(
        "angebote/<slug:slug>/termine/<int:pk>/anmelden/",
        views.offer_sign_up_form,
        name="occurrence_sign_up",
    ),
    path("zentren/<slug:slug>/programm/", views.center_programme, name="center_programme"),
    path(
        "zentren/<slug:slug>/programm/drucken/",
        views.center_programme_print,
        name="center_programme_print",
    ),
    path("zentren/<slug:slug>/kalender.ics", views.center_ics, name="center_ics"),
]

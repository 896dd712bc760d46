"""The section for professionals (fachkraefte/…): the network's events."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("veranstaltungen/<slug:slug>/", views.event_detail, name="event_detail"),
    path("veranstaltungen/<slug:slug>/anmeldung/", views.event_sign_up, name="event_sign_up"),
    # The certificate of attendance, through the personal link of the sign-up.
    path("teilnahmebescheinigung/<str:value>/", views.certificate, name="certificate"),
    path("veranstaltungen/<slug:slug>/kalender.ics", views.event_ics, name="event_ics"),
]

from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("anmeldung/<str:value>/", views.registration_detail, name="registration_detail"),
    path("anmeldung/<str:value>/absagen/", views.registration_cancel, name="registration_cancel"),
    path("anmeldung/<str:value>/neuer-termin/", views.registration_keep, name="registration_keep"),
    path("anmeldung/<str:value>/personen/", views.registration_counts, name="registration_counts"),
    path(
        "anmeldung/<str:value>/daten-loeschen/",
        views.registration_forget,
        name="registration_forget",
    ),
    path("anmeldung/<str:value>/termin.ics", views.registration_ics, name="registration_ics"),
]

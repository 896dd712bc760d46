"""The list of partners (netzwerk/…). A partner's profile shows the centres it works
with: a page of the layer above (thekiz_portal.pages)."""

from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.partner_list, name="partner_list"),
]

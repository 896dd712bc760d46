"""The list of centres (zentren/…). A centre's profile is a page of the layer above
(thekiz_portal.pages), its programme one of the offers (offers.urls)."""

from django.urls import path

from centers import views

app_name = "centers"

urlpatterns = [
    path("", views.center_list, name="center_list"),
    path("karte.json", views.center_map_data, name="center_map_data"),
]

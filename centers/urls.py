from django.urls import path

from centers import views

app_name = "centers"

urlpatterns = [
    path("", views.center_list, name="center_list"),
    path("karte.json", views.center_map_data, name="center_map_data"),
    path("<slug:slug>/", views.center_detail, name="center_detail"),
]

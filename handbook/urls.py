from django.urls import path

from handbook import views

app_name = "handbook"

# Fixed paths first: section slugs cannot take them (models.catalogue.RESERVED_SLUGS).
urlpatterns = [
    path("", views.handbook_index, name="index"),
    path("suche/", views.handbook_search, name="search"),
    path("vorschau/<int:pk>/", views.document_preview, name="preview"),
    path("download/<int:pk>/<str:filename>", views.attachment_download, name="download"),
    path("titelbild/<int:pk>/<str:filename>", views.cover_image, name="cover"),
    path("<slug:section>/", views.section_detail, name="section"),
    path("<slug:section>/<slug:slug>/", views.document_detail, name="document"),
]

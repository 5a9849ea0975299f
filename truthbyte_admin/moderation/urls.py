from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.index, name="index"),
    path("count/", views.pending_count, name="count"),
    path("bulk/", views.bulk, name="bulk"),
    path("<str:submission_id>/", views.review, name="review"),
    path("<str:submission_id>/approve/", views.approve, name="approve"),
    path("<str:submission_id>/reject/", views.reject, name="reject"),
]

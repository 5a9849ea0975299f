from django.urls import path

from . import views

app_name = "questions"
urlpatterns = [
    path("", views.index, name="index"),
    path("open/", views.open_question, name="open"),
    path("new/", views.create, name="new"),
    path("preview/", views.preview, name="preview"),
    path("<str:question_id>/", views.detail, name="detail"),
    path("<str:question_id>/retire/", views.retire, name="retire"),
]

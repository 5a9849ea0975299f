from django.urls import path

from . import views

app_name = "retired"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:question_id>/restore/", views.restore, name="restore"),
]

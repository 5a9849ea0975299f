from django.urls import path

from . import views

app_name = "categories"
urlpatterns = [
    path("", views.index, name="index"),
    path("reconcile/", views.reconcile, name="reconcile"),
    path("<str:slug>/rename/", views.rename, name="rename"),
]

from django.urls import path

from . import views

app_name = "categories"
urlpatterns = [
    path("", views.index, name="index"),
    path("reconcile/", views.reconcile, name="reconcile"),
    # <path:>: legacy categories the game wrote verbatim may contain "/" ("sci/fi"); the view
    # validates the value.
    path("<path:slug>/rename/", views.rename, name="rename"),
]

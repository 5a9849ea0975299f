from django.urls import path

from . import views

app_name = "categories"
urlpatterns = [
    path("", views.index, name="index"),
    path("reconcile/", views.reconcile, name="reconcile"),
    path("verify/", views.verify_now, name="verify"),
    path("verify/status/", views.verify_status, name="verify-status"),
    # <path:>: legacy categories the game wrote verbatim may contain "/" ("sci/fi"); the view
    # validates the value.
    path("<path:slug>/rename/", views.rename, name="rename"),
    path("<path:slug>/delete/", views.delete, name="delete"),
    path("<path:slug>/put-back/", views.put_back, name="put-back"),
]

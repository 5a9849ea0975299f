from django.urls import path

from . import views

urlpatterns = [
    path("security/", views.security, name="account_security"),
    path("security/setup/", views.second_factor_setup, name="second_factor_setup"),
]

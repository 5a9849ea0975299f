from django.urls import path

from . import views

urlpatterns = [
    path("security/", views.security, name="account_security"),
    path("security/setup/", views.second_factor_setup, name="second_factor_setup"),
    path("security/backup-codes/", views.new_backup_codes, name="new_backup_codes"),
    path(
        "security/backup-codes/replace/",
        views.replace_backup_codes,
        name="replace_backup_codes",
    ),
    path("staff/", views.staff_accounts, name="staff_accounts"),
    path("locked-addresses/unlock/", views.unlock_address, name="unlock_address"),
    path("staff/<str:username>/unlock/", views.unlock_staff, name="unlock_staff"),
    path(
        "staff/<str:username>/reset-two-factor/",
        views.reset_staff_two_factor,
        name="reset_staff_two_factor",
    ),
]

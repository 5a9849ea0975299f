from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "truthbyte_admin.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from . import signals  # noqa: F401 - connects the audit receivers

        # Django stamps last_login at the password; with a second factor to come, the sign-in
        # isn't complete then, and the Staff page's "Last signed in" must not say it was. The
        # views stamp it when the sign-in completes (views.sign_in_complete).
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")

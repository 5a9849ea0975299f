from django.apps import AppConfig


def _last_login_stamped_when_the_sign_in_completes(sender, user, **kwargs):
    """Holds the place of Django's ``update_last_login`` (see ``ready``)."""


class AccountsConfig(AppConfig):
    name = "truthbyte_admin.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import signals  # noqa: F401 - connects the audit receivers

        # Django stamps last_login at the password; with a second factor to come, the sign-in
        # isn't complete then, and the Staff page's "Last signed in" must not say it was. The
        # views stamp it when the sign-in completes (views.sign_in_complete). This app is listed
        # before django.contrib.auth (its createsuperuser and changepassword are refused here),
        # so it is ready first: a receiver under the dispatch_uid auth's ready() uses keeps
        # Django's from being connected at all (a signal connects one receiver per uid).
        user_logged_in.connect(
            _last_login_stamped_when_the_sign_in_completes, dispatch_uid="update_last_login"
        )

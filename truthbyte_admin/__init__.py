"""TruthByte Admin: the back office of the TruthByte game (README)."""

from django.core.exceptions import ImproperlyConfigured


class SettingProblem(ImproperlyConfigured):
    """The environment sets something the app can't use (settings.py): manage.py says so in
    one line, not a traceback."""

from django.conf import settings

from ..accounts.roles import can, role_label


def staff_role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"truthbyte_env": settings.TRUTHBYTE_ENV}
    return {
        "truthbyte_env": settings.TRUTHBYTE_ENV,
        "staff_role": role_label(user),
        "can_moderate": can(user, "moderate"),
        "can_edit_questions": can(user, "edit_questions"),
        "can_manage_categories": can(user, "manage_categories"),
        "can_store_streaks": can(user, "store_streaks"),
        "can_manage_staff": can(user, "manage_staff"),
        "can_edit_rejection_reasons": can(user, "edit_rejection_reasons"),
    }

from django.urls import path

from . import views

app_name = "players"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:user_id>/", views.detail, name="detail"),
    path("<str:user_id>/days/<str:day>/", views.day, name="day"),
    path("<str:user_id>/answers/", views.answers, name="answers"),
    path("<str:user_id>/streaks/store/", views.store_streaks, name="store_streaks"),
    path("<str:user_id>/streaks/undo/", views.undo_streaks, name="undo_streaks"),
]

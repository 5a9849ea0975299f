from django.urls import path

from . import views

app_name = "daily"
urlpatterns = [
    path("", views.index, name="index"),
    path("range/", views.range_view, name="range"),
    path("impact/", views.impact, name="impact"),
    path("<str:typed>/", views.day_address, name="day-address"),
]

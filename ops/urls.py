from django.urls import path

from ops import views

urlpatterns = [
    path("health/", views.health, name="health"),
]

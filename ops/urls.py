from django.conf import settings
from django.urls import path

from ops import views

urlpatterns = [
    path("health/", views.health, name="health"),
]
if settings.BENCH:  # the floor bench/pages.py measures pages against
    urlpatterns.append(path("bench/floor/", views.bench_floor, name="bench_floor"))

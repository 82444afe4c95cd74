from django.urls import path

from vocabulary import views

urlpatterns = [
    path("vocabulary/", views.vocabulary_home, name="vocabulary_home"),
    path("vocabulary/propose/", views.term_propose, name="term_propose"),
    path(
        "vocabulary/proposals/<int:term_id>/decide/",
        views.proposal_decide,
        name="proposal_decide",
    ),
    path("vocabulary/<slug:slug>/", views.term_detail, name="term_detail"),
    path("vocabulary/<slug:slug>/alias/", views.term_alias, name="term_alias"),
    path("vocabulary/<slug:slug>/edit/", views.term_edit, name="term_edit"),
]

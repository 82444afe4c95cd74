from django.urls import path

from meetings import views

urlpatterns = [
    path("meetings/<int:meeting_id>/", views.meeting_live, name="meeting_live"),
    path("meetings/<int:meeting_id>/state/", views.meeting_state_json, name="meeting_state"),
    path("meetings/<int:meeting_id>/move/", views.meeting_move, name="meeting_move"),
    path("meetings/<int:meeting_id>/handover/", views.meeting_handover, name="meeting_handover"),
    path(
        "meetings/<int:meeting_id>/contribute/", views.meeting_contribute, name="meeting_contribute"
    ),
    path("meetings/<int:meeting_id>/withdraw/", views.meeting_withdraw, name="meeting_withdraw"),
]

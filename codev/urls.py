from django.urls import path

from codev import views

urlpatterns = [
    path("teams/<int:team_id>/cases/", views.team_cases, name="team_cases"),
    path("teams/<int:team_id>/cases/new/", views.case_new, name="case_new"),
    path("teams/<int:team_id>/triage/", views.team_triage, name="team_triage"),
    path("teams/<int:team_id>/sessions/", views.team_sessions, name="team_sessions"),
    path("teams/<int:team_id>/cadence/", views.team_cadence, name="team_cadence"),
    path("teams/<int:team_id>/calendar/", views.calendar_feed_create, name="calendar_feed_create"),
    path("cases/<int:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<int:case_id>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:case_id>/delete/", views.case_delete, name="case_delete"),
    path("cases/<int:case_id>/me-too/", views.case_me_too, name="case_me_too"),
    path("cases/<int:case_id>/triage/", views.case_triage, name="case_triage"),
    path("cases/<int:case_id>/follow-up/", views.case_follow_up, name="case_follow_up"),
    path("cases/<int:case_id>/close/", views.case_close, name="case_close"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/open/", views.session_open, name="session_open"),
    path("sessions/<int:session_id>/move/", views.session_move, name="session_move"),
    path("sessions/<int:session_id>/presenter/", views.session_presenter, name="session_presenter"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path(
        "sessions/<int:session_id>/close/", views.session_close_unheld, name="session_close_unheld"
    ),
    path("sessions/<int:session_id>/rate/", views.session_rate, name="session_rate"),
    path("actions/<int:action_id>/", views.action_update, name="action_update"),
]

from django.urls import path

from recognition import views

urlpatterns = [
    path("kudos/", views.kudos_home, name="kudos_home"),
    path("stories/", views.stories_home, name="stories_home"),
    path("stories/<int:story_id>/", views.story_detail, name="story_detail"),
    path("stories/<int:story_id>/react/", views.story_react, name="story_react"),
    path("stories/<int:story_id>/comment/", views.story_comment, name="story_comment"),
    path("stories/<int:story_id>/meeting/", views.story_meeting, name="story_meeting"),
    path("notifications/", views.notifications, name="notifications"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("teams/<int:team_id>/slack/", views.team_slack, name="team_slack"),
    path("teams/<int:team_id>/meeting-agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("teams/<int:team_id>/meeting-agenda/send/", views.agenda_send, name="agenda_send"),
]

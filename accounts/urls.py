from django.urls import path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("pick/people/", views.people_pick, name="people_pick"),
    path("people/<int:user_id>/", views.person_detail, name="person_detail"),
    path("people/<int:user_id>/photo/", views.person_photo, name="person_photo"),
    path("teams/<int:team_id>/", views.team_detail, name="team_detail"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations/new/", views.invitation_new, name="invitation_new"),
    path(
        "invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"
    ),
    path(
        "invitations/<int:invitation_id>/resend/", views.invitation_resend, name="invitation_resend"
    ),
    path("join/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("manage/privacy/", views.manage_privacy, name="manage_privacy"),
    path("manage/teams/", views.manage_teams, name="manage_teams"),
    path("manage/teams/<int:team_id>/", views.manage_team, name="manage_team"),
    path("manage/teams/<int:team_id>/add/", views.manage_team_add, name="manage_team_add"),
    path("manage/teams/<int:team_id>/role/", views.manage_team_role, name="manage_team_role"),
    path("manage/teams/<int:team_id>/remove/", views.manage_team_remove, name="manage_team_remove"),
    path("manage/people/", views.manage_people, name="manage_people"),
    path("manage/people/<int:user_id>/", views.manage_person, name="manage_person"),
    path(
        "manage/people/<int:user_id>/teams/add/",
        views.manage_person_team_add,
        name="manage_person_team_add",
    ),
    path(
        "manage/people/<int:user_id>/teams/role/",
        views.manage_person_team_role,
        name="manage_person_team_role",
    ),
    path(
        "manage/people/<int:user_id>/teams/remove/",
        views.manage_person_team_remove,
        name="manage_person_team_remove",
    ),
    path(
        "manage/people/<int:user_id>/deactivate/",
        views.manage_person_deactivate,
        name="manage_person_deactivate",
    ),
    path(
        "manage/people/<int:user_id>/reactivate/",
        views.manage_person_reactivate,
        name="manage_person_reactivate",
    ),
]

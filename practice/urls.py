from django.urls import path

from practice import views

urlpatterns = [
    path("practice/", views.practice_home, name="practice_home"),
    path("practice/live/<int:meeting_id>/", views.practice_record, name="practice_record"),
    path("practice/teams/<int:team_id>/new/", views.challenge_new, name="challenge_new"),
    path("practice/teams/<int:team_id>/roleplay/", views.roleplay_new, name="roleplay_new"),
    path("practice/teams/<int:team_id>/clinic/", views.dealclinic_new, name="dealclinic_new"),
    path("practice/<int:challenge_id>/", views.challenge_detail, name="challenge_detail"),
    path("practice/<int:challenge_id>/edit/", views.challenge_edit, name="challenge_edit"),
    path("practice/<int:challenge_id>/close/", views.challenge_close, name="challenge_close"),
    path("practice/<int:challenge_id>/take/", views.take_submit, name="take_submit"),
    path("practice/<int:challenge_id>/feature/", views.challenge_feature, name="challenge_feature"),
    path("practice/<int:challenge_id>/compare/", views.challenge_compare, name="challenge_compare"),
    path("practice/takes/<int:take_id>/review/", views.take_review, name="take_review"),
    path("playbook/", views.playbook_home, name="playbook_home"),
    path("playbook/<int:situation_id>/", views.playbook_situation, name="playbook_situation"),
]

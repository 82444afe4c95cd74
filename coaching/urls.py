from django.urls import path

from coaching import views

urlpatterns = [
    path("coaching/", views.coaching_home, name="coaching_home"),
    path("coaching/written/", views.one_on_one_write, name="one_on_one_write"),
    path(
        "coaching/drafts/<int:draft_id>/start/",
        views.one_on_one_draft_start,
        name="one_on_one_draft_start",
    ),
    path(
        "coaching/drafts/<int:draft_id>/drop/",
        views.one_on_one_draft_drop,
        name="one_on_one_draft_drop",
    ),
    path("coaching/1on1/<int:one_id>/", views.one_on_one_detail, name="one_on_one_detail"),
    path("coaching/kpis/", views.kpi_settings, name="kpi_settings"),
    path("coaching/kpis/new/", views.kpi_create, name="kpi_create"),
    path("coaching/kpis/targets/", views.kpi_target, name="kpi_target"),
    path("coaching/kpis/import/", views.kpi_import_preview, name="kpi_import_preview"),
    path("coaching/kpis/import/confirm/", views.kpi_import_confirm, name="kpi_import_confirm"),
    path("coaching/kpis/import/file/", views.kpi_import_file, name="kpi_import_file"),
    path("coaching/kpis/import/columns/", views.kpi_import_map, name="kpi_import_map"),
    path(
        "coaching/kpis/import/rejected.csv", views.kpi_import_rejected, name="kpi_import_rejected"
    ),
    path("coaching/kpis/format/", views.kpi_number_format, name="kpi_number_format"),
    path("coaching/kpis/tokens/", views.token_create, name="token_create"),
    path("coaching/kpis/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("coaching/people/<int:person_id>/kpis/", views.person_kpis, name="person_kpis"),
    path("coaching/people/<int:person_id>/roam/", views.person_roam, name="person_roam"),
    path(
        "coaching/people/<int:person_id>/solution/", views.person_solution, name="person_solution"
    ),
    path("coaching/people/<int:person_id>/plan/", views.dev_plan, name="dev_plan"),
    path(
        "coaching/people/<int:person_id>/plan/assess/",
        views.dev_plan_assess,
        name="dev_plan_assess",
    ),
    path("coaching/people/<int:person_id>/plan/rate/", views.dev_plan_rate, name="dev_plan_rate"),
    path("coaching/people/<int:person_id>/plan/goals/", views.dev_goal_add, name="dev_goal_add"),
    path(
        "coaching/people/<int:person_id>/plan/goals/<int:goal_id>/done/",
        views.dev_goal_done,
        name="dev_goal_done",
    ),
    path("coaching/people/<int:person_id>/observe/", views.observation_new, name="observation_new"),
    path("coaching/teams/<int:team_id>/skills/", views.team_skills, name="team_skills"),
    path("coaching/time/", views.coaching_time, name="coaching_time"),
    path("coaching/teams/<int:team_id>/kpis/", views.team_kpis, name="team_kpis"),
    path("api/kpi-values/", views.kpi_values_api, name="kpi_values_api"),
]

from django.urls import path

from library import views

urlpatterns = [
    path("library/", views.library_home, name="library_home"),
    path("library/new/", views.clip_new, name="clip_new"),
    path("pick/clips/", views.clip_pick, name="clip_pick"),
    path("library/settings/", views.library_settings, name="library_settings"),
    path("library/uploads/", views.upload_create, name="upload_create"),
    path("library/uploads/<int:upload_id>/", views.upload_chunk, name="upload_chunk"),
    path("library/uploads/<int:upload_id>/finish/", views.upload_finish, name="upload_finish"),
    path("library/clips/<int:clip_id>/", views.clip_detail, name="clip_detail"),
    path("library/clips/<int:clip_id>/edit/", views.clip_edit, name="clip_edit"),
    path("library/clips/<int:clip_id>/delete/", views.clip_delete, name="clip_delete"),
    path("library/clips/<int:clip_id>/status/", views.clip_status, name="clip_status"),
    path("library/clips/<int:clip_id>/retry/", views.clip_retry, name="clip_retry"),
    path("library/clips/<int:clip_id>/transcript/", views.clip_transcript, name="clip_transcript"),
    path("library/clips/<int:clip_id>/comments/", views.clip_comment, name="clip_comment"),
    path("library/clips/<int:clip_id>/helpful/", views.clip_helpful, name="clip_helpful"),
    path("library/comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("library/comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("library/clips/<int:clip_id>/<str:kind>/", views.clip_media, name="clip_media"),
]

"""Public notice pages and the staff's manage pages (namespace "notices", mounted at /notices/)."""

from django.urls import path

from .views import manage, public

app_name = "notices"

urlpatterns = [
    path("", public.notice_list, name="list"),
    path("<int:pk>/", public.notice_detail, name="detail"),
    path("files/<int:pk>/", public.attachment, name="file"),
    path("manage/", manage.manage_list, name="manage"),
    path("manage/new/", manage.create, name="create"),
    path("manage/<int:pk>/", manage.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", manage.edit, name="edit"),
    path("manage/<int:pk>/revise/", manage.revise, name="revise"),
    path("manage/<int:pk>/<str:action>/", manage.act, name="act"),
    path("manage/objections/<int:pk>/decide/", manage.decide, name="decide"),
    path("manage/objections/<int:pk>/reveal/", manage.reveal, name="reveal"),
    path("manage/evidence/<int:pk>/", manage.evidence, name="evidence"),
]

"""Pages of the evaluation app (namespace "evaluation", mounted at /evaluation/): public voting, results and
rectification progress; the staff's rounds, ballot review and opinion triage under manage/."""

from django.urls import path

from .views import manage, public, review

app_name = "evaluation"

urlpatterns = [
    path("", public.round_list, name="list"),
    path("rectifications/", public.rectifications, name="rectifications"),
    path("<int:pk>/", public.round_detail, name="round"),
    path("<int:pk>/code/", public.request_code, name="code"),
    path("<int:pk>/verify/", public.verify, name="verify"),
    path("<int:pk>/vote/<int:target>/", public.ballot, name="ballot"),
    path("<int:pk>/nominees/", public.vote_nominees, name="nominees"),
    path("<int:pk>/opinion/", public.opinion, name="opinion"),
    path("<int:pk>/results/", public.round_results, name="results"),
    path("manage/", manage.manage_list, name="manage"),
    path("manage/new/", manage.create, name="create"),
    path("manage/<int:pk>/", manage.manage_detail, name="manage_detail"),
    path("manage/<int:pk>/edit/", manage.edit, name="edit"),
    path("manage/<int:pk>/add/<str:kind>/", manage.add, name="add"),
    path("manage/<int:pk>/remove/<str:kind>/<int:item>/", manage.remove, name="remove"),
    path("manage/<int:pk>/act/<str:action>/", manage.act, name="act"),
    path("manage/<int:pk>/inspection/", manage.inspection, name="inspection"),
    path("manage/<int:pk>/export.xlsx", manage.export, name="export"),
    path("manage/<int:pk>/ballots/", review.ballots, name="ballots"),
    path("manage/<int:pk>/ballots/<int:ballot>/<str:action>/", review.ballot_action, name="ballot_action"),
    path("manage/<int:pk>/opinions/", review.opinions, name="opinions"),
    path("manage/opinions/<int:pk>/<str:action>/", review.opinion_action, name="opinion_action"),
]

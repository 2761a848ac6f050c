from django.urls import path

from assessments.views import assessments as views
from assessments.views import invitations, workshops

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/new/", views.assessment_create, name="create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<int:pk>/invite/", invitations.invite, name="invite"),
    path(
        "assessments/<int:pk>/invitations/<int:ipk>/resend/",
        invitations.resend,
        name="invitation_resend",
    ),
    path(
        "assessments/<int:pk>/invitations/<int:ipk>/revoke/",
        invitations.revoke,
        name="invitation_revoke",
    ),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("assessments/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("assessments/<int:pk>/owner/", views.transfer, name="transfer"),
    path(
        "assessments/<int:pk>/respondents/<int:respondent_pk>/role/",
        views.respondent_role,
        name="respondent_role",
    ),
    path("assessments/<int:pk>/answer/", views.questionnaire, name="questionnaire"),
    path("assessments/<int:pk>/answer/<int:page>/", views.questionnaire, name="questionnaire_page"),
    path(
        "assessments/<int:pk>/answer/<int:page>/<slug:key>/", views.save_answer, name="save_answer"
    ),
    path(
        "invitations/<str:token>/",
        invitations.accept_invitation_page,
        name="accept_invitation",
    ),
    path("assessments/<int:pk>/workshop/", workshops.start, name="workshop_start"),
    path("workshops/<int:wid>/", workshops.console, name="console"),
    path("workshops/<int:wid>/live/", workshops.console_live, name="console_live"),
    path("workshops/<int:wid>/projector/", workshops.projector, name="projector"),
    path("workshops/<int:wid>/projector/live/", workshops.projector_live, name="projector_live"),
    path("workshops/<int:wid>/qr.svg", workshops.qr_code, name="workshop_qr"),
    path("workshops/<int:wid>/items/<slug:key>/consensus/", workshops.consensus, name="consensus"),
    path(
        "workshops/<int:wid>/items/<slug:key>/<slug:action>/",
        workshops.item_action,
        name="item_action",
    ),
    path(
        "workshops/<int:wid>/participants/<int:ppk>/remove/",
        workshops.remove,
        name="remove_participant",
    ),
    path("workshops/<int:wid>/end/", workshops.end, name="workshop_end"),
    path("join/", workshops.join, name="join"),
    path("w/<str:code>/", workshops.join_code, name="join_code"),
    path("w/<str:code>/vote/", workshops.vote, name="vote"),
    path("w/<str:code>/vote/live/", workshops.vote_live, name="vote_live"),
]

from django.urls import path

from assessments.views import assessments as views
from assessments.views import invitations, phones, workshops

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/new/", views.assessment_create, name="create"),
    path("assessments/<id:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<id:pk>/invite/", invitations.invite, name="invite"),
    path(
        "assessments/<id:pk>/invitations/<id:ipk>/resend/",
        invitations.resend,
        name="invitation_resend",
    ),
    path(
        "assessments/<id:pk>/invitations/<id:ipk>/revoke/",
        invitations.revoke,
        name="invitation_revoke",
    ),
    path("assessments/<id:pk>/submit/", views.submit, name="submit"),
    path("assessments/<id:pk>/reopen/", views.reopen, name="reopen"),
    path("assessments/<id:pk>/owner/", views.transfer, name="transfer"),
    path(
        "assessments/<id:pk>/respondents/<id:respondent_pk>/role/",
        views.respondent_role,
        name="respondent_role",
    ),
    path("assessments/<id:pk>/answer/", views.questionnaire, name="questionnaire"),
    path("assessments/<id:pk>/answer/<id:page>/", views.questionnaire, name="questionnaire_page"),
    path("assessments/<id:pk>/answer/<id:page>/<slug:key>/", views.save_answer, name="save_answer"),
    path(
        "invitations/<str:token>/",
        invitations.accept_invitation_page,
        name="accept_invitation",
    ),
    path("assessments/<id:pk>/workshop/", workshops.start, name="workshop_start"),
    path("workshops/<id:wid>/", workshops.console, name="console"),
    path("workshops/<id:wid>/live/", workshops.console_live, name="console_live"),
    path("workshops/<id:wid>/projector/", workshops.projector, name="projector"),
    path("workshops/<id:wid>/projector/live/", workshops.projector_live, name="projector_live"),
    path("workshops/<id:wid>/qr.svg", workshops.qr_code, name="workshop_qr"),
    path("workshops/<id:wid>/items/<slug:key>/consensus/", workshops.consensus, name="consensus"),
    path(
        "workshops/<id:wid>/items/<slug:key>/<slug:action>/",
        workshops.item_action,
        name="item_action",
    ),
    path(
        "workshops/<id:wid>/participants/<id:ppk>/remove/",
        workshops.remove,
        name="remove_participant",
    ),
    path("workshops/<id:wid>/end/", workshops.end, name="workshop_end"),
    path("join/", phones.join, name="join"),
    path("w/<str:code>/", phones.join_code, name="join_code"),
    path("w/<str:code>/vote/", phones.vote, name="vote"),
    path("w/<str:code>/vote/live/", phones.vote_live, name="vote_live"),
]

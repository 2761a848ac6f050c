from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("assessments/", views.assessment_list, name="list"),
    path("assessments/new/", views.assessment_create, name="create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<int:pk>/invite/", views.invite, name="invite"),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("assessments/<int:pk>/reopen/", views.reopen, name="reopen"),
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
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]

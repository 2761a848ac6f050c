from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("assessments/<int:pk>/results/", views.results, name="results"),
]

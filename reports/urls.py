from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("assessments/<id:pk>/results/", views.results, name="results"),
    path("assessments/<id:pk>/report/", views.report_preview, name="report_preview"),
    path("assessments/<id:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("assessments/<id:pk>/compare/", views.comparison, name="comparison"),
]

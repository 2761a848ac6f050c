from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("assessments/<int:pk>/results/", views.results, name="results"),
    path("assessments/<int:pk>/report/", views.report_preview, name="report_preview"),
    path("assessments/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("assessments/<int:pk>/compare/", views.comparison, name="comparison"),
]

from django.urls import path

from reports import branding, downloads, views

app_name = "reports"
urlpatterns = [
    path("assessments/<id:pk>/results/", views.results, name="results"),
    path("assessments/<id:pk>/report/", views.report_preview, name="report_preview"),
    path("assessments/<id:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("assessments/<id:pk>/compare/", views.comparison, name="comparison"),
    path("assessments/<id:pk>/downloads/", downloads.panel, name="downloads"),
    path("assessments/<id:pk>/downloads/new/", downloads.request_file, name="request_file"),
    path("assessments/<id:pk>/downloads/<id:job_id>/", downloads.download, name="download"),
    path("assessments/<id:pk>/downloads/<id:job_id>/retry/", downloads.retry, name="retry"),
    path("organisations/<id:pk>/branding/", branding.edit, name="branding"),
    path("organisations/<id:pk>/branding/logo.png", branding.logo, name="branding_logo"),
]

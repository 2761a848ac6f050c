from django.urls import path

from maturity import views

app_name = "maturity"
urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("<slug:slug>/v<id:version>/", views.framework_detail, name="framework_detail"),
    path(
        "<slug:slug>/v<id:version>/definition.json",
        views.framework_export,
        name="framework_export",
    ),
]

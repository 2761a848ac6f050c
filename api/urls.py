"""The API's pages for people: tokens and webhooks (the REST API itself is `api.api`)."""

from api import token_views, webhook_views

urlpatterns = [*token_views.urlpatterns, *webhook_views.urlpatterns]

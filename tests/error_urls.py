"""A URLconf whose only view fails, to see what a visitor gets from a server error."""

from django.urls import include, path

from registry.urls import pages


def broken_view(request):
    raise RuntimeError("database password is hunter2")


urlpatterns = [
    path("boom/", broken_view),
    path("", include((pages, "registry"))),
]

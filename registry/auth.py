"""Authentication backend that adds the login lockout to every login made over HTTP."""

from axes.backends import AxesStandaloneBackend


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when there is no request to lock out.

    Lockouts are about attempts arriving over HTTP (admin login, API token login). Callers
    without a request, such as management commands and the test client's ``login()``, get the
    plain ``ModelBackend`` behaviour instead of an ``AxesBackendRequestParameterRequired``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

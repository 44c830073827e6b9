"""Request-rate limits, set by the API_THROTTLE_ANON / API_THROTTLE_USER settings.

DRF's throttles copy the rates once, when the module is imported; these read them on every
request, so a changed setting (a test, a reloaded configuration) takes effect.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class LiveRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(LiveRateMixin, AnonRateThrottle):
    """Anonymous clients, keyed by IP address."""


class UserThrottle(LiveRateMixin, UserRateThrottle):
    """Authenticated clients, keyed by user."""

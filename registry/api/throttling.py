"""Request-rate limits, set by the API_THROTTLE_ANON / API_THROTTLE_USER settings.

DRF's throttles copy the rates once, when the module is imported; these read them on every
request, so a changed setting (a test, a reloaded configuration) takes effect. The counts
live in the default cache, which production shares between workers (settings, CACHES).
"""

import time

from rest_framework import authentication, exceptions
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

# Longest a request waits for another request of the same client to record itself; also
# how long the lock of a worker killed while holding it outlives it.
LOCK_SECONDS = 2


class LiveRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class SharedCountMixin:
    """DRF's check, made one step for each client in a cache that several workers share.

    DRF reads the client's recent requests from the cache, appends this one and writes the
    list back. Two workers answering one client at once read the same list and the second
    write drops the first request: under a burst most requests went uncounted. The read and
    the write are done under a lock per client taken in the same cache (``cache.add`` only
    succeeds for one caller, in every backend), so a burst costs that client alone a wait.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        lock = f"{key}:lock"
        deadline = time.monotonic() + LOCK_SECONDS
        while not self.cache.add(lock, 1, LOCK_SECONDS):
            if time.monotonic() > deadline:
                self.history, self.now = [], self.timer()
                return self.throttle_failure()  # refused rather than counted twice
            time.sleep(0.002)
        try:
            return super().allow_request(request, view)
        finally:
            self.cache.delete(lock)


class AnonThrottle(LiveRateMixin, SharedCountMixin, AnonRateThrottle):
    """Anonymous clients, keyed by IP address."""


class UserThrottle(LiveRateMixin, SharedCountMixin, UserRateThrottle):
    """Authenticated clients, keyed by user."""


class RefusedCredentialsThrottle(AnonThrottle):
    """The anonymous count of the client's address, for a request whose token was refused.

    It is asked while DRF is still authenticating, before ``request.user`` exists, so it
    keys on the address alone rather than asking whether the user is signed in.
    """

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, with refused tokens counted as anonymous requests.

    DRF authenticates before it throttles, so a wrong token was answered 401 without ever
    being counted: guessing tokens cost nothing. Now each one counts against its address's
    anonymous rate, and past it the answer is 429 like any anonymous request's.
    """

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle = RefusedCredentialsThrottle()
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(throttle.wait()) from None
            raise


class SuggestionAnonThrottle(LiveRateMixin, SharedCountMixin, AnonRateThrottle):
    """Suggestions sent without an account, per address (SUGGESTION_THROTTLE_ANON)."""

    scope = "suggestions_anon"


class SuggestionUserThrottle(LiveRateMixin, SharedCountMixin, UserRateThrottle):
    """Suggestions sent by a signed-in user, per user whatever the address
    (SUGGESTION_THROTTLE_USER); anonymous ones are the other throttle's."""

    scope = "suggestions_user"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


SUGGESTION_THROTTLES = (SuggestionAnonThrottle, SuggestionUserThrottle)


def suggestion_wait(request) -> float | None:
    """Count one suggestion of this client, from the page form or the API alike (the same
    counters in the same cache): None if allowed, else the seconds to wait."""
    for throttle_class in SUGGESTION_THROTTLES:
        throttle = throttle_class()
        if not throttle.allow_request(request, None):
            return throttle.wait() or 1
    return None

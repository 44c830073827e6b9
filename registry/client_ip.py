"""The address of the client, as far as the proxies we trust can vouch for it.

Used by the login lockout (django-axes) and mirrors DRF's throttle identity (``NUM_PROXIES``
in ``REST_FRAMEWORK``), so both see the same client and neither can be reset by a spoofed
``X-Forwarded-For``.
"""

from django.conf import settings


def client_ip(request) -> str:
    """``REMOTE_ADDR``, or with ``NUM_PROXIES = n`` the n-th address from the right of
    ``X-Forwarded-For``: each trusted proxy appends the address it saw, so entries further
    left were written by the client and prove nothing."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    if settings.NUM_PROXIES <= 0:
        return remote_addr
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if not forwarded:
        return remote_addr
    return forwarded[-min(settings.NUM_PROXIES, len(forwarded))]

"""What every page's layout (templates/base.html) reads."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The layout's links: context name -> URL name.
SITE_LINKS = {
    "home": "registry:home",
    "models": "registry:aimodel-list",
    "companies": "registry:company-list",
    "licenses": "registry:license-list",
    "releases": "registry:releaseevent-list",
    "openness": "registry:openness",
    "compare": "registry:compare",
    "feed": "registry:releaseevent-feed",
}


@functools.lru_cache(maxsize=8)
def _site_links(script_prefix: str, urlconf: str) -> dict[str, str]:
    # The arguments are the cache key: reverse() reads both from the current request.
    return {name: reverse(url_name) for name, url_name in SITE_LINKS.items()}


def site_links(request) -> dict:
    """``site_links``: the header's and footer's URLs, reversed once per URL configuration
    and script prefix instead of ten ``{% url %}`` tags on every page."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return {"site_links": _site_links(get_script_prefix(), urlconf)}

"""What the front page says about the whole registry, computed once and cached.

The counts, breakdowns and timeline aggregate every model (seconds at a million models),
so they are kept in Django's cache for ``REGISTRY_SUMMARY_SECONDS`` and dropped as soon as
a model, company, license or release event is saved or deleted. With ``REDIS_URL`` set the
cache, and so the dropping, is shared by every worker; with the default in-process cache
another worker may show the old figures until its copy expires.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .models import AIModel, Company, License, ReleaseEvent

CACHE_KEY = "registry:summary:v1"


def compute() -> dict:
    return {
        "counts": {
            "models": AIModel.objects.count(),
            "open_weights": AIModel.objects.open_weights().count(),
            "companies": Company.objects.count(),
            "licenses": License.objects.count(),
            "events": ReleaseEvent.objects.count(),
        },
        "access": AIModel.objects.access_breakdown(),
        "license_categories": AIModel.objects.license_category_breakdown(),
        "open_release_timeline": AIModel.objects.open_release_timeline(),
    }


def registry_summary() -> dict:
    """The summary from the cache, computed on a miss."""
    return cache.get_or_set(CACHE_KEY, compute, settings.REGISTRY_SUMMARY_SECONDS)


def forget(**kwargs) -> None:
    cache.delete(CACHE_KEY)


for sender in (AIModel, Company, License, ReleaseEvent):
    post_save.connect(forget, sender=sender, dispatch_uid=f"summary-save-{sender.__name__}")
    post_delete.connect(forget, sender=sender, dispatch_uid=f"summary-delete-{sender.__name__}")

"""The front page: what the registry holds, at a glance. Aggregations live on the QuerySets;
this module only shapes their results into bars."""

from django.views.generic import TemplateView

from ..models import ReleaseEvent
from ..summary import registry_summary
from .base import CanonicalMixin

LATEST_EVENTS = 8
# Countries the timeline sets side by side (the article's story); the rest are "Elsewhere".
TIMELINE_COUNTRIES = [("CN", "China"), ("US", "United States")]
# Longer spans are shown per year so the timeline stays readable.
MAX_QUARTER_ROWS = 24


def bars(breakdown) -> list[dict]:
    """Rows of ``(key, label, count)`` with each count's share of the total, in percent."""
    total = sum(count for _, _, count in breakdown)
    return [
        {
            "key": key or "none",
            "label": label,
            "count": count,
            "percent": round(100 * count / total) if total else 0,
        }
        for key, label, count in breakdown
    ]


def timeline_rows(counts) -> list[dict]:
    """Turn ``(year, quarter, country, n)`` into one row per period from the first to the last,
    empty periods included, with a count per timeline country and for elsewhere."""
    if not counts:
        return []
    first, last = counts[0][:2], counts[-1][:2]
    by_year = (last[0] - first[0]) * 4 + last[1] - first[1] + 1 > MAX_QUARTER_ROWS
    keys = [code for code, _ in TIMELINE_COUNTRIES] + ["other"]
    periods: dict[tuple, dict] = {}
    year, quarter = first
    while (year, quarter) <= last:
        key = (year,) if by_year else (year, quarter)
        label = str(year) if by_year else f"{year} Q{quarter}"
        periods.setdefault(key, {"label": label, "counts": dict.fromkeys(keys, 0)})
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    for year, quarter, country, n in counts:
        row = periods[(year,) if by_year else (year, quarter)]
        row["counts"][country if country in row["counts"] else "other"] += n
    peak = max(max(row["counts"].values()) for row in periods.values()) or 1
    for row in periods.values():
        row["cells"] = [
            {
                "key": key,
                "count": row["counts"][key],
                "percent": round(100 * row["counts"][key] / peak),
            }
            for key in keys
        ]
    return list(periods.values())


class HomeView(CanonicalMixin, TemplateView):
    template_name = "registry/home.html"
    section = "home"

    def get_context_data(self, **kwargs):
        summary = registry_summary()  # aggregates over every model: cached (summary.py)
        return super().get_context_data(
            counts=summary["counts"],
            latest_events=ReleaseEvent.objects.happened()
            .with_related()
            .latest_first()[:LATEST_EVENTS],
            access_split=bars(summary["access"]),
            license_split=bars(summary["license_categories"]),
            timeline=timeline_rows(summary["open_release_timeline"]),
            timeline_countries=TIMELINE_COUNTRIES,
            **kwargs,
        )

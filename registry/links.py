"""URLs by view name, reversed once per request and filled in per row.

``reverse()`` costs tens of microseconds; a page of 25 models links each to its own page,
its company and its license. The API (absolute URLs, with the request) and the models page
(paths, without one) reverse each view once and fill in the slugs.
"""

from django.urls import reverse

PLACEHOLDER = "__slug__"


class Links:
    """URLs by view name: absolute with a request, paths without one."""

    def __init__(self, request):
        self.request, self.templates = request, {}

    def _absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path) if self.request else path

    def __call__(self, view_name: str, slug: str) -> str:
        template = self.templates.get(view_name)
        if template is None:
            url = self._absolute(reverse(view_name, kwargs={"slug": PLACEHOLDER}))
            template = self.templates[view_name] = url.split(PLACEHOLDER)
        # Slugs are [-a-zA-Z0-9_]: nothing that reverse() would have quoted.
        return slug.join(template)

    def filtered(self, view_name: str, parameter: str, slug: str) -> str:
        key = (view_name, parameter)
        prefix = self.templates.get(key)
        if prefix is None:
            prefix = self.templates[key] = self._absolute(f"{reverse(view_name)}?{parameter}=")
        return prefix + slug

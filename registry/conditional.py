"""Conditional requests for the API and the feed: Django's ConditionalGetMiddleware, used as a
view decorator, with two additions.

- HEAD gets the ETag and Last-Modified a GET would (and 304 alike). Django's middleware
  skips HEAD because by the time a *middleware* sees it the body may be gone; a view decorator
  sees the full body a HEAD renders, exactly as for GET.
- A write that answers with the item (POST 201, PUT and PATCH 200) carries that body's ETag:
  the one a GET would now return, so a client can send its next ``If-Match`` without a read.
"""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.decorators import decorator_from_middleware
from django.utils.http import parse_http_date_safe

WRITES_ANSWERING_THE_ITEM = {"POST": 201, "PUT": 200, "PATCH": 200}


class ConditionalMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if WRITES_ANSWERING_THE_ITEM.get(request.method) == response.status_code:
            if self.needs_etag(response) and not response.has_header("ETag"):
                set_response_etag(response)
            return response
        if request.method not in ("GET", "HEAD"):
            return response
        if self.needs_etag(response) and not response.has_header("ETag"):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if etag or last_modified:
            return get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
        return response


conditional_page = decorator_from_middleware(ConditionalMiddleware)

"""Conditional writes: ``If-Match`` on PUT, PATCH and DELETE, so no update is lost.

A client reads an item (its ETag is the hash of the body a GET returns), edits it and sends
the change with ``If-Match: <that ETag>``. If anyone changed the item, or anything shown in its
representation, in between, the ETag no longer matches and the write is refused with 412,
nothing saved. The comparison and the write happen in one transaction with the row locked, so
two clients holding the same ETag cannot both win. Without ``If-Match`` a write is
unconditional, as it always was (existing clients keep working).
"""

from hashlib import md5

from django.db import transaction
from django.utils.http import parse_etags, quote_etag
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The item changed since you read it (If-Match does not match its current ETag); "
        "nothing was saved. GET it again and reapply your change."
    )
    default_code = "precondition_failed"


class IfMatchMixin:
    """For ModelViewSets whose reads get their ETag from ``conditional_page``."""

    def update(self, request, *args, **kwargs):
        if "HTTP_IF_MATCH" not in request.META:
            return super().update(request, *args, **kwargs)
        with transaction.atomic():
            self.check_if_match(request)
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        if "HTTP_IF_MATCH" not in request.META:
            return super().destroy(request, *args, **kwargs)
        with transaction.atomic():
            self.check_if_match(request)
            return super().destroy(request, *args, **kwargs)

    def check_if_match(self, request):
        model = self.get_queryset().model
        lookup = {self.lookup_field: self.kwargs[self.lookup_field]}
        # Held until the write commits: a second writer with the same ETag waits, then fails.
        list(model.objects.select_for_update().filter(**lookup).values_list("pk"))
        etags = parse_etags(request.META["HTTP_IF_MATCH"])
        if etags == ["*"]:
            self.get_object()  # "*" matches any current representation: 404 if none
            return
        if self.current_etag(request, self.get_object()) not in etags:
            raise PreconditionFailed()

    def current_etag(self, request, instance) -> str:
        """The ETag a GET of ``instance`` by this client would carry: the same renderer and
        the same body, hashed as django.utils.cache.set_response_etag hashes it."""
        response = Response(self.get_serializer(instance).data)
        response.accepted_renderer = request.accepted_renderer
        response.accepted_media_type = request.accepted_media_type
        response.renderer_context = self.get_renderer_context()
        response.render()
        return quote_etag(md5(response.content, usedforsecurity=False).hexdigest())

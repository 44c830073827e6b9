"""The API's fast read path: the same JSON as DRF's generic serialization, faster."""

import datetime
import json

import pytest
from django.test import RequestFactory
from rest_framework.request import Request

from registry.api.serializers import AIModelSerializer
from registry.api.views import AIModelViewSet
from registry.models import AIModel, AIModelCitation
from tests.factories import (
    AIModelFactory,
    CompanyFactory,
    LicenseFactory,
    ReleaseEventFactory,
    SourceFactory,
    assess,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def models():
    license = LicenseFactory(
        slug="llama-3",
        spdx_id="LicenseRef-llama-3",
        mau_limit=700_000_000,
        excluded_territories=["CN", "RU"],
        attribution_required=True,
        acceptable_use_policy_url="https://example.org/aup",
        url="https://example.org/license",
    )
    company = CompanyFactory(slug="meta", name="Meta", country="US")
    base = AIModelFactory(slug="llama-3-70b", company=company, license=license)
    rich = AIModelFactory(
        slug="llama-3-70b-instruct",
        company=company,
        license=license,
        base_model=base,
        parameters=70_000_000_000,
        active_parameters=7_000_000_000,
        released_on=datetime.date(2024, 4, 1),
        released_on_precision="month",
        homepage_url="https://example.org/llama",
        description="Tuned <for> chat & tools",
    )
    source = SourceFactory(published_on=datetime.date(2024, 4, 18), publisher="Meta")
    for claim in ("license", "released_on"):
        AIModelCitation.objects.create(
            model=rich, source=source, claim=claim, value="v", quote="We release it."
        )
    bare = AIModelFactory(slug="mystery", license=None, released_on=None, parameters=None)
    # An assessment with its rows, and a license history built from events: a release with
    # no license, an open-sourcing under the license, two events on one day.
    assess(rich, {"training-code": "open"}, {"final-parameters": "LicenseRef-llama-3"})
    for date, kind, event_license, access in [
        (datetime.date(2024, 4, 1), "release", None, "api"),
        (datetime.date(2024, 5, 1), "open-sourcing", license, "open-restricted"),
        (datetime.date(2024, 6, 1), "license-change", None, "open-unrestricted"),
        (datetime.date(2024, 6, 1), "license-change", license, ""),
    ]:
        ReleaseEventFactory(
            company=company,
            model=rich,
            date=date,
            kind=kind,
            status="happened",
            license=event_license,
            access=access,
        )
    return [rich, base, bare]


def representations(path="/api/models/", attached=True):
    """(fast, generic) per model, from related rows read as the API reads them (attached
    light rows) or as the instances the rest of the site prefetches or queries."""
    request = Request(RequestFactory().get(path, secure=True))
    serializer = AIModelSerializer(context={"request": request})
    instances = list(AIModelViewSet.queryset.order_by("id"))
    if attached:
        AIModel.objects.attach_history_and_citations(instances)
    for instance in instances:
        yield serializer.to_representation(instance), serializer.generic_representation(instance)


@pytest.mark.parametrize("attached", [True, False])
def test_fast_representation_equals_drfs_field_for_field(models, attached):
    pairs = list(representations(attached=attached))
    assert len(pairs) == 3
    for fast, generic in pairs:
        assert list(fast) == list(generic)  # same fields, same order
        assert fast == generic
    rich = next(fast for fast, _ in pairs if fast["slug"] == "llama-3-70b-instruct")
    assert rich["openness"]["dimensions"]  # the nested parts were compared, not just nulls
    assert [period["access"] for period in rich["license_history"]] == [
        "api",
        "open-restricted",
        "open-unrestricted",
    ]
    assert [source["claim"] for source in rich["sources"]] == ["license", "released_on"]


def test_the_api_answers_with_the_fast_representation(client, models):
    response = client.get("/api/models/", secure=True)
    assert response.status_code == 200
    body = json.loads(response.content)
    by_slug = {row["slug"]: row for row in body["results"]}
    for fast, _ in representations():
        assert by_slug[fast["slug"]] == json.loads(json.dumps(fast))
    assert by_slug["llama-3-70b-instruct"]["sources"][0]["published_on"] == "2024-04-18"


def test_list_items_equal_their_detail_though_the_list_reads_fewer_columns(client, models):
    """The list selects only what an item shows (AIModel.objects.for_api_list()); one item
    reads every column. A field the list left out would differ here, or cost a query per
    row (the pinned query counts)."""
    listed = client.get("/api/models/", secure=True).json()["results"]
    assert len(listed) == 3
    for item in listed:
        detail = client.get(f"/api/models/{item['slug']}/", secure=True)
        assert detail.json() == item
    deferred = AIModel.objects.for_api_list().query.deferred_loading
    assert "base_model__description" in deferred[0] and deferred[1] is True


def test_format_suffix_requests_fall_back_to_drf(client, models):
    response = client.get("/api/models/llama-3-70b/?format=json", secure=True)
    assert response.status_code == 200
    assert response.json()["url"].endswith("/api/models/llama-3-70b/")


def test_json_can_still_be_indented_on_request(client, models):
    response = client.get(
        "/api/models/llama-3-70b/", secure=True, HTTP_ACCEPT="application/json; indent=4"
    )
    assert response.content.startswith(b'{\n    "slug"')


def test_json_renderer_keeps_what_the_json_module_accepted():
    from registry.api.renderers import JSONRenderer

    # List fields' validation errors are keyed by position.
    assert JSONRenderer().render({"excluded_territories": {0: ["Not a country."]}}) == (
        b'{"excluded_territories":{"0":["Not a country."]}}'
    )
    assert JSONRenderer().render({"name": "Zoë 🤖"}) == '{"name":"Zoë 🤖"}'.encode()

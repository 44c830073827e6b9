"""The Django floor (registry/bench/floorapp.py) runs exactly the app's SQL for each list."""

import orjson
import pytest
from django.test import override_settings

from registry.bench import floorapp
from tests.views.test_lists import COMPANIES_QUERY

pytestmark = pytest.mark.usefixtures("seeded")
LISTS = ["/api/models/", "/models/"]


# The article's models are assessed: their openness rows add two queries to the API page.
@pytest.mark.parametrize(
    ("url", "statements"), [("/api/models/", 5), ("/models/", 4 + COMPANIES_QUERY)]
)
def test_floor_runs_the_same_statements_as_the_app(url, statements):
    assert floorapp.same_sql(url) == statements


def test_the_check_fails_when_the_floor_runs_other_sql(monkeypatch):
    def one_more_query(request):
        response = floorapp.api_model_list(request)
        floorapp.AIModel.objects.count()
        return response

    monkeypatch.setattr(floorapp.urlpatterns[0], "callback", one_more_query)
    with pytest.raises(RuntimeError, match="different SQL for /api/models/"):
        floorapp.same_sql("/api/models/")


@override_settings(ROOT_URLCONF=floorapp.__name__)
def test_floor_lists_the_page_the_app_lists(client, api_client):
    with override_settings(ROOT_URLCONF="registry.urls"):
        api_slugs = [model["slug"] for model in api_client.get("/api/models/").json()["results"]]
        page = client.get("/models/").context["page_obj"]
    floor_api = orjson.loads(client.get("/api/models/").content)
    floor_html = orjson.loads(client.get("/models/").content)
    assert floor_api["results"] == api_slugs
    assert floor_html["results"] == [model.slug for model in page.object_list]
    assert floor_html["count"] == page.paginator.count


def test_floor_handler_routes_with_its_own_urls(rf):
    request = rf.get("/models/", HTTP_X_FORWARDED_PROTO="https")
    response = floorapp.FloorHandler().get_response(request)
    assert response["Content-Type"] == "application/json"
    assert orjson.loads(response.content)["results"]

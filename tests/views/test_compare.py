import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from registry.models import CommercialUse, LicenseCategory
from tests.factories import AIModelFactory, LicenseFactory

pytestmark = pytest.mark.django_db

COMPARE = reverse("registry:compare")


def slugs(response):
    return [model.slug for model in response.context["models"]]


def test_compare_two_models_side_by_side(client):
    llama = LicenseFactory(
        category=LicenseCategory.OPEN_RESTRICTED,
        commercial_use=CommercialUse.RESTRICTED,
        mau_limit=700_000_000,
        excluded_territories=["KR"],
    )
    a = AIModelFactory(slug="a", name="Alpha", parameters=671_000_000_000)
    AIModelFactory(slug="b", name="Beta", license=llama, base_model=a)
    response = client.get(f"{COMPARE}?models=b,a")
    assert response.status_code == 200
    assert slugs(response) == ["b", "a"]  # the order asked for
    html = response.content.decode()
    assert "2 models side by side" in html
    assert "700,000,000 monthly active users" in html
    assert "South Korea" in html
    assert "671B" in html
    assert f'<a href="{a.get_absolute_url()}">Alpha</a></td>' in html  # Beta's base model
    assert response.context["unknown"] == []
    assertContains(response, "<title>Compare Beta, Alpha · Open Model Registry</title>")


def test_repeated_parameters_from_the_list_checkboxes_work(client):
    AIModelFactory(slug="a")
    AIModelFactory(slug="b")
    response = client.get(COMPARE, {"models": ["a", "b", "a"]})
    assert slugs(response) == ["a", "b"]


def test_unknown_slugs_are_reported_not_errors(client):
    AIModelFactory(slug="a")
    response = client.get(f"{COMPARE}?models=a,nope,{'z' * 500}")
    assert response.status_code == 200
    assert slugs(response) == ["a"]
    assert response.context["unknown"] == ["nope", "z" * 500]
    assertContains(response, "Not in the registry: <code>nope</code>")


def test_at_most_six_models_are_compared(client):
    for index in range(8):
        AIModelFactory(slug=f"m{index}")
    response = client.get(f"{COMPARE}?models=" + ",".join(f"m{i}" for i in range(8)))
    assert slugs(response) == [f"m{i}" for i in range(6)]
    assertContains(response, "At most 6 models can be compared at once")


def test_remove_links_drop_one_model(client):
    AIModelFactory(slug="a", name="Alpha")
    AIModelFactory(slug="b", name="Beta")
    response = client.get(f"{COMPARE}?models=a,b")
    assertContains(response, 'href="?models=b" aria-label="Remove Alpha from the comparison"')


def test_empty_compare_page_explains_itself(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(COMPARE)
    assertContains(response, "Pick two or more models")
    assertNotContains(response, "side by side</caption>")


def test_model_list_offers_compare_checkboxes(client):
    AIModelFactory(slug="a", name="Alpha")
    response = client.get(reverse("registry:aimodel-list"))
    assertContains(response, f'<form method="get" action="{COMPARE}" class="compare-form">')
    assertContains(response, '<input type="checkbox" name="models" value="a" id="compare-a">')
    assertContains(response, '<label for="compare-a" class="visually-hidden">Compare Alpha</label>')


@pytest.mark.parametrize("rows", [1, 6])
def test_compare_query_count_is_constant(client, django_assert_num_queries, rows):
    models = AIModelFactory.create_batch(rows, base_model=AIModelFactory())
    with django_assert_num_queries(1):
        response = client.get(COMPARE, {"models": ",".join(m.slug for m in models)})
    assert len(response.context["models"]) == rows


@pytest.mark.parametrize("bad", ["a%00b", "%ED%A0%80", "x" * 200, "<script>", "a b"])
def test_malformed_slugs_never_reach_the_database(client, django_assert_num_queries, bad):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get(f"{COMPARE}?models={bad}")
    assert response.status_code == 200
    assert len(response.context["unknown"]) == 1
    assertNotContains(response, "<script>")

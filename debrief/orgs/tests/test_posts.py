import datetime

import pytest

from debrief.orgs import selectors, services
from debrief.orgs.models import Post, PostRole
from debrief.testing.factories import PersonFactory, PostFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_secretary_on_a_date_is_whoever_held_the_post_that_day(tree):
    first = PostFactory(organization=tree.city_a, start_date=D(2019, 3, 1))
    second = PostFactory(organization=tree.city_a, start_date=D(2022, 7, 1))
    assert selectors.secretary_on(tree.city_a, D(2020, 1, 1)) == first
    assert selectors.secretary_on(tree.city_a, D(2022, 6, 30)) == first
    assert selectors.secretary_on(tree.city_a, D(2022, 7, 1)) == second
    assert selectors.secretary_on(tree.city_a, D(2019, 2, 28)) is None


def test_appointing_a_new_secretary_ends_the_current_term_the_day_before(tree):
    first = PostFactory(organization=tree.city_a, start_date=D(2019, 3, 1))
    PostFactory(organization=tree.city_a, start_date=D(2022, 7, 1))
    first.refresh_from_db()
    assert first.end_date == D(2022, 6, 30)
    assert Post.objects.current().filter(organization=tree.city_a, role=PostRole.SECRETARY).count() == 1


def test_reappointing_the_current_secretary_changes_nothing(tree):
    post = PostFactory(organization=tree.city_a, start_date=D(2019, 3, 1))
    again = services.post_appoint(
        organization=tree.city_a, person=post.person, role=PostRole.SECRETARY, start_date=D(2023, 1, 1)
    )
    assert again == post
    assert Post.objects.filter(organization=tree.city_a).count() == 1


def test_a_new_term_cannot_start_before_the_current_one(tree):
    PostFactory(organization=tree.city_a, start_date=D(2022, 7, 1))
    with pytest.raises(services.TreeError):
        PostFactory(organization=tree.city_a, start_date=D(2022, 7, 1))


def test_deputies_do_not_end_the_secretarys_term(tree):
    secretary = PostFactory(organization=tree.city_a, start_date=D(2019, 3, 1))
    services.post_appoint(
        organization=tree.city_a,
        person=PersonFactory(),
        role=PostRole.DEPUTY_SECRETARY,
        start_date=D(2021, 1, 1),
    )
    secretary.refresh_from_db()
    assert secretary.end_date is None


def test_secretaries_of_many_organizations_come_in_one_query(tree, django_assert_num_queries):
    PostFactory(organization=tree.city_a, start_date=D(2019, 3, 1))
    PostFactory(organization=tree.city_b, start_date=D(2020, 3, 1))
    with django_assert_num_queries(1):
        found = selectors.secretaries_on([tree.city_a, tree.city_b, tree.county_a1], D(2024, 1, 1))
    assert {org_id: post.person.name for org_id, post in found.items()}.keys() == {
        tree.city_a.pk,
        tree.city_b.pk,
    }

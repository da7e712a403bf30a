import pytest
from django.db import connection
from django.db.models import Count
from django.utils import translation

from debrief.orgs import selectors, services
from debrief.orgs.models import Level, Organization, OrganizationStatus, OrganizationType
from debrief.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_new_organization_gets_a_path_under_its_parent(tree):
    assert tree.county_a1.path.startswith(tree.city_a.path)
    assert tree.county_a1.depth == 3
    assert tree.province.depth == 1


def test_the_subtree_holds_the_node_and_every_descendant_and_nothing_else(tree):
    codes = set(Organization.objects.subtree_of(tree.city_a.path).values_list("code", flat=True))
    assert codes == {"CA", "CA1", "CA1a"}


def test_the_subtree_can_leave_out_the_node_itself(tree):
    codes = set(
        Organization.objects.subtree_of(tree.city_a.path, include_self=False).values_list("code", flat=True)
    )
    assert codes == {"CA1", "CA1a"}


def test_moving_an_organization_carries_its_whole_subtree(tree):
    services.organization_move(organization=tree.county_a1, new_parent=tree.city_b)
    street = Organization.objects.get(code="CA1a")
    assert street.path.startswith(tree.city_b.path)
    assert street.depth == 4
    assert set(Organization.objects.subtree_of(tree.city_b.path).values_list("code", flat=True)) == {
        "CB",
        "CB1",
        "CA1",
        "CA1a",
    }
    assert set(Organization.objects.subtree_of(tree.city_a.path).values_list("code", flat=True)) == {"CA"}


def test_an_organization_cannot_move_into_its_own_subtree(tree):
    with translation.override("en"), pytest.raises(services.TreeError, match="inside it"):
        services.organization_move(organization=tree.city_a, new_parent=tree.street_a1a)
    tree.city_a.refresh_from_db()
    assert tree.city_a.parent == tree.province


def test_a_county_cannot_sit_under_a_street(tree):
    with pytest.raises(services.TreeError):
        OrganizationFactory(level=Level.COUNTY, parent=tree.street_a1a)


def test_a_unit_can_sit_under_any_level_but_only_units_under_a_unit(tree):
    bureau = OrganizationFactory(level=Level.UNIT, parent=tree.city_a, org_type=OrganizationType.PARTY_GROUP)
    OrganizationFactory(level=Level.UNIT, parent=bureau, org_type=OrganizationType.BRANCH)
    with pytest.raises(services.TreeError):
        OrganizationFactory(level=Level.VILLAGE, parent=bureau)


def test_changing_a_level_is_refused_when_a_subordinate_would_no_longer_fit(tree):
    with pytest.raises(services.TreeError):
        services.organization_update(organization=tree.city_a, level=Level.TOWNSHIP)


def test_an_update_reports_whether_anything_changed(tree):
    assert services.organization_update(organization=tree.city_a, name="江州市委") is False
    assert services.organization_update(organization=tree.city_a, name="江州市委员会") is True
    tree.city_a.refresh_from_db()
    assert tree.city_a.name == "江州市委员会"


def test_children_are_listed_with_whether_they_have_children(tree):
    rows = {org.code: org.has_children for org in selectors.children_of(tree.province)}
    assert rows == {"CA": True, "CB": True}
    assert [org.has_children for org in selectors.children_of(tree.county_a1)] == [False]


def test_subtree_counts_by_type_leave_out_dissolved_organizations_and_the_node(tree):
    OrganizationFactory(parent=tree.city_b, org_type=OrganizationType.BRANCH)
    OrganizationFactory(
        parent=tree.city_b, org_type=OrganizationType.BRANCH, status=OrganizationStatus.DISSOLVED
    )
    assert selectors.subtree_counts_by_type(tree.city_b) == {"committee": 1, "branch": 1}


def test_search_finds_by_name_or_code_prefix_within_the_given_organizations(tree):
    within_a = Organization.objects.subtree_of(tree.city_a.path)
    assert [o.code for o in selectors.search_organizations(within_a, "长征")] == ["CA1a"]
    assert [o.code for o in selectors.search_organizations(within_a, "ca1")] == ["CA1", "CA1a"]
    assert selectors.search_organizations(within_a, "川北") == []


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The table is tiny, so make the planner show whether an index *can* answer.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_listing_children_reads_the_children_index_not_the_table(tree):
    plan = _plan(Organization.objects.filter(parent=tree.province).order_by("code"))
    assert "org_children_idx" in plan
    assert "SCAN orgs_organization" not in plan and "Seq Scan" not in plan


def test_counting_a_subtree_by_type_reads_the_subtree_index_not_the_table(tree):
    counts = (
        Organization.objects.subtree_of(tree.city_a.path)
        .active()
        .values("org_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    plan = _plan(counts)
    assert "org_subtree_idx" in plan
    assert "SCAN orgs_organization" not in plan and "Seq Scan" not in plan

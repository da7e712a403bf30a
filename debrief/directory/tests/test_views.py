"""The organization pages as users meet them, scoped by role."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from debrief.orgs.importing import import_organizations
from debrief.orgs.models import Organization
from debrief.testing import sheets
from debrief.testing.factories import OrganizationFactory, PostFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_tree_page_starts_from_the_organizations_a_user_holds_roles_on(client, cast):
    client.force_login(cast.organizer_a)
    page = client.get(reverse("directory:tree")).content.decode()
    assert "江州市委" in page
    assert "川北市委" not in page and "北江省委" not in page


def test_the_observer_of_the_province_sees_the_whole_province(client, cast):
    client.force_login(cast.observer)
    page = client.get(reverse("directory:tree")).content.decode()
    assert "北江省委" in page


def test_expanding_a_node_returns_its_children_as_a_fragment(client, cast, tree):
    client.force_login(cast.organizer_a)
    response = client.get(reverse("directory:children", args=["CA"]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "江州市东区区委" in html and "<html" not in html


def test_without_htmx_the_children_url_leads_to_the_organization_page(client, cast):
    client.force_login(cast.organizer_a)
    response = client.get(reverse("directory:children", args=["CA"]))
    assert response.status_code == 302 and response["Location"] == reverse("directory:detail", args=["CA"])


def test_the_organization_page_shows_the_secretary_history_and_subordinates(client, cast, tree):
    PostFactory(organization=tree.city_a, person__name="王明", start_date=datetime.date(2018, 1, 1))
    PostFactory(organization=tree.city_a, person__name="李华", start_date=datetime.date(2022, 3, 1))
    PostFactory(organization=tree.county_a1, person__name="赵强")
    client.force_login(cast.leader_a)
    html = client.get(reverse("directory:detail", args=["CA"])).content.decode()
    assert "李华" in html and "王明" in html and "2022-02-28" in html
    assert "江州市东区区委" in html and "赵强" in html


def test_the_organization_page_hides_ancestors_outside_the_users_subtree(client, cast):
    client.force_login(cast.organizer_a)
    html = client.get(reverse("directory:detail", args=["CA1a"])).content.decode()
    assert "江州市东区区委" in html
    assert "北江省委" not in html


def test_the_organization_page_needs_a_fixed_number_of_queries_however_many_subordinates(
    client, cast, tree, django_assert_max_num_queries
):
    for _ in range(30):
        PostFactory(organization=OrganizationFactory(parent=tree.city_a))
    client.force_login(cast.organizer_a)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("directory:detail", args=["CA"]))
    assert response.content.decode().count("测试党组织") == 30


@pytest.mark.parametrize("url_name", ["directory:detail", "directory:children"])
def test_an_organization_in_another_subtree_does_not_exist_for_the_user(client, cast, url_name):
    client.force_login(cast.organizer_a)
    assert client.get(reverse(url_name, args=["CB1"]), **HTMX).status_code == 404
    assert client.get(reverse(url_name, args=["NO-SUCH"]), **HTMX).status_code == 404


def test_search_finds_only_within_the_users_subtrees(client, cast):
    client.force_login(cast.organizer_a)
    html = client.get(
        reverse("directory:tree"), {"q": "市委"}, HTTP_HX_TARGET="search-results", **HTMX
    ).content.decode()
    assert "江州市委" in html and "川北市委" not in html and "北江省委" not in html


def test_search_without_javascript_renders_the_whole_page_with_results(client, cast):
    client.force_login(cast.organizer_a)
    html = client.get(reverse("directory:tree"), {"q": "长征"}).content.decode()
    assert "<html" in html and "东区长征街道党工委" in html


def test_anonymous_visitors_are_sent_to_the_login_page(client, tree):
    response = client.get(reverse("directory:detail", args=["CA"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_an_organizer_imports_a_sheet_from_the_page(client, cast):
    client.force_login(cast.organizer_a)
    upload = sheets.xlsx(
        [["CA-U1", "江州市某局党组", "", "party_group", "unit", "CA", "", "陈静", "2023-02-01", ""]]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("directory:import"), {"file": SimpleUploadedFile("orgs.xlsx", upload)}, follow=True
    )
    assert response.status_code == 200
    assert Organization.objects.get(code="CA-U1").parent.code == "CA"


def test_a_bad_sheet_shows_every_error_by_row_and_column_and_imports_nothing(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.organizer_a)
    upload = sheets.xlsx(
        [
            ["CA-U1", "江州市某局党组", "", "party_group", "unit", "CA", "", "", "去年", ""],
            ["CA-U2", "", "", "party_group", "unit", "CA", "", "", "", ""],
        ]
    )
    response = client.post(reverse("directory:import"), {"file": SimpleUploadedFile("orgs.xlsx", upload)})
    html = response.content.decode()
    assert response.status_code == 422
    assert "“去年”" in html and "书记任职日期" in html and "组织名称" in html
    assert not Organization.objects.filter(code__startswith="CA-U").exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, cast, settings):
    settings.DEBRIEF_IMPORT_MAX_BYTES = 2**20
    client.force_login(cast.organizer_a)
    upload = SimpleUploadedFile("orgs.xlsx", b"x" * (2**20 + 1))
    response = client.post(reverse("directory:import"), {"file": upload})
    assert "文件超过1 MB（约2 MB），请拆分后分批导入。" in response.content.decode()
    assert "import-result" not in response.content.decode()


def test_a_reporter_may_not_open_the_import_page(client, cast):
    client.force_login(cast.reporter_a1)
    assert client.get(reverse("directory:import")).status_code == 403


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_downloaded_template_imports_as_it_is(client, fmt, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x-secret-pass")
    client.force_login(admin)
    response = client.get(reverse("directory:import_template", args=[fmt]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    result = import_organizations(file_name=f"template.{fmt}", content=response.content, scope=None)
    assert result.ok and result.created == 2


def test_the_xlsx_template_has_the_columns_in_chinese_and_an_instructions_sheet(client, cast):
    import io

    client.force_login(cast.organizer_a)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("directory:import_template", args=["xlsx"])).content)
    )
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header[:2] == ["组织代码*", "组织名称*"]
    assert len(workbook.worksheets) == 2

"""The demo logins: one per role, all with the same password."""

from __future__ import annotations

from dataclasses import dataclass

from debrief.accounts.models import Role

from . import tree

PASSWORD = "debrief-demo"
URL = "http://127.0.0.1:8000/"

SUPERUSER = "superuser"

# Whose name a login's display name carries: a staff member invented for the
# login, or the person holding a post in the login's organization (the account
# is then linked to that person).
STAFF = "staff"
SECRETARY = "secretary"
DEPUTY = "deputy"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # a Role value, or SUPERUSER
    org_code: str | None
    title: str  # shown before the person's name in the display name
    try_this: str
    person: str = STAFF


LOGINS = (
    DemoLogin(
        "admin",
        SUPERUSER,
        None,
        "系统管理员",
        "Django admin at /admin/; sees everything",
    ),
    DemoLogin(
        "organizer",
        Role.ORGANIZER,
        tree.HOUSING_BUREAU,
        "住建局组织人事科",
        "import organizations, browse the bureau's 29 units",
    ),
    DemoLogin(
        "leader",
        Role.LEADER,
        tree.HOUSING_BUREAU,
        "住建局党组副书记",
        "the bureau's units as the leader who comments on reports",
        person=DEPUTY,
    ),
    DemoLogin(
        "reporter",
        Role.REPORTER,
        tree.LIGHTING_CENTER,
        "照明中心党支部书记",
        "a secretary's own view: the lighting center only",
        person=SECRETARY,
    ),
    DemoLogin(
        "observer",
        Role.OBSERVER,
        tree.PROVINCE,
        "省委组织部组织二处",
        "read-only oversight of the whole province",
    ),
    DemoLogin(
        "street_organizer",
        Role.ORGANIZER,
        tree.CHANGZHENG,
        "长征街道党建办",
        "the street's 8 communities (seed 2)",
    ),
    DemoLogin(
        "street_leader",
        Role.LEADER,
        tree.CHANGZHENG,
        "长征街道党工委书记",
        "the street's meeting today as the leader who comments: who still has no comment",
        person=SECRETARY,
    ),
    DemoLogin(
        "city_organizer",
        Role.ORGANIZER,
        tree.CHUANBEI,
        "川北市委组织部组织科",
        "counties, high-tech zone and city units (seed 3)",
    ),
    DemoLogin(
        "district_organizer",
        Role.ORGANIZER,
        tree.HUBIN,
        "湖滨区委组织部组织科",
        "the district session held ten days ago: its street and town, who conveyed it (seed 5)",
    ),
    DemoLogin(
        "town_organizer",
        Role.ORGANIZER,
        tree.HUAIBEI,
        "淮北镇党委组织委员",
        "the town's villages, its conveyance of the district session and its tasks (seed 5)",
    ),
    DemoLogin(
        "province_organizer",
        Role.ORGANIZER,
        tree.PROVINCE,
        "省委组织部组织一处",
        "the whole province: 12 cities and 5 committees (seed 4)",
    ),
)

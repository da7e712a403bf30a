"""The demo organization tree: one fictional province, 北江省.

Every place name is invented. Codes are short and stable: the province is
``BJ``, its cities ``BJ01``..``BJ12``, a city's counties ``BJ0201``.. and so on
down the territorial levels; organs and units under a node take a two-letter
mnemonic after its code (``BJ02JG`` 市直机关工委, ``BJ03ZJ`` 住建局党组), and a
bureau's units a number after that (``BJ03ZJ01``). Letters sort after digits,
so in a listing ordered by code the territorial children come first.

The tree follows the five seed meetings:
  seed 4  the province hears its 12 city secretaries and the working
          committees directly under it (organs, SASAC, education, "two new",
          the land-reclamation group);
  seed 3  川北市 hears its county and district secretaries, the high-tech zone
          working committee and the units directly under the city;
  seed 2  长征街道 (湖滨区, 川北市) hears its community secretaries;
  seed 5  淮北镇 (湖滨区) and its village branches;
  seed 1  渭川市住建局党组 hears the secretaries of its 29 units.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from debrief.orgs.models import Level, OrganizationStatus
from debrief.orgs.models import OrganizationType as T

PROVINCE = "BJ"
CHUANBEI = "BJ02"  # seed 3
HUBIN = "BJ0201"
CHANGZHENG = "BJ020101"  # seed 2
HUAIBEI = "BJ020102"  # seed 5
WEICHUAN = "BJ03"
HOUSING_BUREAU = "BJ03ZJ"  # seed 1
LIGHTING_CENTER = "BJ03ZJ01"


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    org_type: str
    level: str
    short_name: str = ""
    status: str = OrganizationStatus.ACTIVE
    children: tuple[OrgSpec, ...] = field(default=())


def org(code, name, org_type, level, short_name="", *, dissolved=False, children=()):
    status = OrganizationStatus.DISSOLVED if dissolved else OrganizationStatus.ACTIVE
    return OrgSpec(code, name, org_type, level, short_name, status, tuple(children))


def unit(code, name, org_type, short_name="", **kwargs):
    return org(code, name, org_type, Level.UNIT, short_name, **kwargs)


# 渭川市住房和城乡建设局党组's 29 units, in the order of seed 1: the first
# five reported on site, the other 24 in writing.
HOUSING_UNITS = [
    ("市城市照明中心党支部", T.BRANCH, "照明中心党支部"),
    ("市热力有限公司党委", T.COMMITTEE, "热力公司党委"),
    ("市建设工程消防设计审查服务中心党支部", T.BRANCH, "消防审查中心党支部"),
    ("市渭滨区直管公房服务所党支部", T.BRANCH, "直管公房服务所党支部"),
    ("市第二建设集团有限公司党委", T.COMMITTEE, "二建集团党委"),
    ("市住房公积金服务中心党支部", T.BRANCH, "公积金中心党支部"),
    ("市建筑市场服务中心党支部", T.BRANCH, ""),
    ("市城乡建设档案馆党支部", T.BRANCH, "城建档案馆党支部"),
    ("市房屋征收服务中心党支部", T.BRANCH, "征收中心党支部"),
    ("市燃气总公司党委", T.COMMITTEE, ""),
    ("市市政设施管理处党支部", T.BRANCH, "市政处党支部"),
    ("市建设工程质量安全监督站党支部", T.BRANCH, "质安站党支部"),
    ("市房地产市场服务中心党支部", T.BRANCH, "房地产中心党支部"),
    ("市物业服务指导中心党支部", T.BRANCH, "物业中心党支部"),
    ("市城市排水管理处党支部", T.BRANCH, "排水处党支部"),
    ("市园林绿化服务中心党总支", T.GENERAL_BRANCH, "园林中心党总支"),
    ("市建设工程造价管理站党支部", T.BRANCH, "造价站党支部"),
    ("市城市建设投资集团有限公司党委", T.COMMITTEE, "城投集团党委"),
    ("市第一建设集团有限公司党委", T.COMMITTEE, "一建集团党委"),
    ("市建筑设计研究院有限公司党总支", T.GENERAL_BRANCH, "建筑设计院党总支"),
    ("市住房保障服务中心党支部", T.BRANCH, "住房保障中心党支部"),
    ("市城乡规划设计院党支部", T.BRANCH, "规划设计院党支部"),
    ("市建设工程招标投标服务站党支部", T.BRANCH, "招投标站党支部"),
    ("市供水有限公司党委", T.COMMITTEE, "供水公司党委"),
    ("市城市道路桥梁管理处党支部", T.BRANCH, "路桥处党支部"),
    ("市建筑业协会党支部", T.BRANCH, ""),
    ("市房地产业协会党支部", T.BRANCH, ""),
    ("市建设职工培训中心党支部", T.BRANCH, "培训中心党支部"),
    ("市住房和城乡建设局机关党委", T.COMMITTEE, "局机关党委"),
]

# 长征街道's communities: Party committees, general branches and branches.
CHANGZHENG_COMMUNITIES = [
    ("幸福社区党委", T.COMMITTEE),
    ("红星社区党委", T.COMMITTEE),
    ("长征路社区党总支", T.GENERAL_BRANCH),
    ("新华里社区党总支", T.GENERAL_BRANCH),
    ("光明社区党总支", T.GENERAL_BRANCH),
    ("柳荫社区党支部", T.BRANCH),
    ("东风社区党支部", T.BRANCH),
    ("和平里社区党支部", T.BRANCH),
]

# 淮北镇's villages; 柳湾村 was merged into 河湾村 and its branch dissolved.
HUAIBEI_VILLAGES = [
    ("枣林村党总支", T.GENERAL_BRANCH, False),
    ("石桥村党支部", T.BRANCH, False),
    ("王家庄村党支部", T.BRANCH, False),
    ("桃园村党支部", T.BRANCH, False),
    ("河湾村党支部", T.BRANCH, False),
    ("新庄村党支部", T.BRANCH, False),
    ("柳湾村党支部", T.BRANCH, True),
]

# The other cities of the province; only 川北 and 渭川 are filled in.
OTHER_CITIES = {
    "BJ01": "江州市委",
    "BJ04": "临澜市委",
    "BJ05": "青崖市委",
    "BJ06": "鹤川市委",
    "BJ07": "柳溪市委",
    "BJ08": "枫江市委",
    "BJ09": "澄原市委",
    "BJ10": "岱宁市委",
    "BJ11": "芦汀市委",
    "BJ12": "望澜市委",
}


def _changzheng():
    communities = [
        org(f"{CHANGZHENG}{i:02d}", f"长征街道{name}", kind, Level.VILLAGE, name)
        for i, (name, kind) in enumerate(CHANGZHENG_COMMUNITIES, start=1)
    ]
    return org(CHANGZHENG, "长征街道党工委", T.WORKING_COMMITTEE, Level.TOWNSHIP, children=communities)


def _huaibei():
    villages = [
        org(f"{HUAIBEI}{i:02d}", f"淮北镇{name}", kind, Level.VILLAGE, name, dissolved=gone)
        for i, (name, kind, gone) in enumerate(HUAIBEI_VILLAGES, start=1)
    ]
    return org(HUAIBEI, "淮北镇党委", T.COMMITTEE, Level.TOWNSHIP, children=villages)


def _chuanbei():
    county = Level.COUNTY
    return org(
        CHUANBEI,
        "川北市委",
        T.COMMITTEE,
        Level.CITY,
        children=[
            org(HUBIN, "湖滨区委", T.COMMITTEE, county, children=[_changzheng(), _huaibei()]),
            org("BJ0202", "川口区委", T.COMMITTEE, county),
            org("BJ0203", "北塘区委", T.COMMITTEE, county),
            org("BJ0204", "青石县委", T.COMMITTEE, county),
            org("BJ0205", "云溪县委", T.COMMITTEE, county),
            org("BJ0206", "栖凤县委", T.COMMITTEE, county),
            org("BJ0207", "马坪县委", T.COMMITTEE, county),
            org("BJ02GX", "川北高新区党工委", T.WORKING_COMMITTEE, county, "高新区党工委"),
            unit("BJ02JG", "川北市直机关工委", T.WORKING_COMMITTEE, "市直机关工委"),
            unit("BJ02GZ", "川北市国资委党委", T.COMMITTEE, "市国资委党委"),
            unit("BJ02JY", "川北市委教育工委", T.WORKING_COMMITTEE, "市委教育工委"),
            unit("BJ02LX", "川北市委两新工委", T.WORKING_COMMITTEE, "市委两新工委"),
            # Merged away in the institutional reform; kept so the state shows.
            unit("BJ02LS", "川北市粮食局党组", T.PARTY_GROUP, "市粮食局党组", dissolved=True),
        ],
    )


def _weichuan():
    housing_units = [
        unit(f"{HOUSING_BUREAU}{i:02d}", name, kind, short)
        for i, (name, kind, short) in enumerate(HOUSING_UNITS, start=1)
    ]
    county = Level.COUNTY
    return org(
        WEICHUAN,
        "渭川市委",
        T.COMMITTEE,
        Level.CITY,
        children=[
            org("BJ0301", "渭滨区委", T.COMMITTEE, county),
            org("BJ0302", "东川区委", T.COMMITTEE, county),
            org("BJ0303", "南塬县委", T.COMMITTEE, county),
            org("BJ0304", "芝阳县委", T.COMMITTEE, county),
            unit(
                HOUSING_BUREAU,
                "渭川市住房和城乡建设局党组",
                T.PARTY_GROUP,
                "市住建局党组",
                children=housing_units,
            ),
        ],
    )


def build_tree() -> OrgSpec:
    cities = {code: org(code, name, T.COMMITTEE, Level.CITY) for code, name in OTHER_CITIES.items()}
    cities[CHUANBEI] = _chuanbei()
    cities[WEICHUAN] = _weichuan()
    return org(
        PROVINCE,
        "北江省委",
        T.COMMITTEE,
        Level.PROVINCE,
        children=[
            *(cities[code] for code in sorted(cities)),
            unit("BJJG", "北江省直机关工委", T.WORKING_COMMITTEE, "省直机关工委"),
            unit("BJGZ", "北江省国资委党委", T.COMMITTEE, "省国资委党委"),
            unit("BJJY", "北江省委教育工委", T.WORKING_COMMITTEE, "省委教育工委"),
            unit("BJLX", "北江省委两新工委", T.WORKING_COMMITTEE, "省委两新工委"),
            unit("BJNK", "北江农垦集团党委", T.COMMITTEE, "农垦集团党委"),
        ],
    )


def walk(spec: OrgSpec, parent: OrgSpec | None = None) -> Iterator[tuple[OrgSpec, OrgSpec | None]]:
    """Every node with its parent, parents before children."""
    yield spec, parent
    for child in spec.children:
        yield from walk(child, spec)

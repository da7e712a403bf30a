"""The province's work plan (工作方案) for the year, published before the campaigns open.

The provincial organization department issues it over the province: cities hold their meetings by
31 December, counties and districts by 31 January, townships and streets by 28 February (moved later
when the demo is loaded so late in the winter that a date has passed); the evaluation scheme with
its categories fixed and its rules locked; the key indicators every report fills in; what the
reports cover. The city (川北市) then starts its campaign from it (campaigns.py). A plan that exists
is left alone, so loading again adds nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from debrief.accounts.models import User
from debrief.orgs.models import Level, Organization
from debrief.plans import selectors
from debrief.plans.models import Plan
from debrief.plans.services import plan_create, plan_publish, plan_update

from . import report_texts, tree
from .years import cycle_year

TITLE = "关于开展{year}年度党组织书记抓基层党建工作述职评议考核的工作方案"
DOCUMENT_NUMBER = "北组通〔{year}〕{number}号"
CATEGORIES = (
    ("班子成员", Decimal(30)),
    ("下级党组织书记和部门负责同志", Decimal(40)),
    ("党代表和群众代表", Decimal(30)),
)
SUB_INDICATORS = ("履行第一责任人职责情况", "推进重点任务落实情况")
GUIDANCE = (
    "述职报告聚焦书记本人抓基层党建工作，讲清履行第一责任人职责情况、基层党建重点任务推进情况、"
    "存在的问题及原因、下一步工作思路；对上年度述职评议指出问题的整改情况要逐条说明。"
    "报告一般不超过3000字，并附基层党建重点指标完成情况统计表。"
)
REQUIREMENTS = (
    "各级党委（党工委、党组）要高度重视，书记亲自部署、亲自述职；"
    "会前将述职评议工作安排报上级组织部门备案，会后7日内上报会议情况和测评结果，"
    "30日内上报问题清单、责任清单、整改清单；上级会议精神要在30日内传达学习到位。"
)
# Level -> (month, day) of the meeting deadline in the year after the cycle's (December: the cycle's own).
NOMINAL = {Level.CITY: (12, 31), Level.COUNTY: (1, 31), Level.TOWNSHIP: (2, 28)}
# Never sooner than this many days after loading, so a plan loaded late in the winter is still ahead.
LEAST_DAYS_AHEAD = {Level.CITY: 20, Level.COUNTY: 45, Level.TOWNSHIP: 75}


def deadlines(year: int, today: datetime.date) -> dict[str, datetime.date]:
    _first, last = selectors.year_window(year)
    days = {}
    for level, (month, day) in NOMINAL.items():
        nominal = datetime.date(year if month == 12 else year + 1, month, day)
        days[level] = min(max(nominal, today + datetime.timedelta(days=LEAST_DAYS_AHEAD[level])), last)
    return days


def publish_province_plan(today: datetime.date | None = None) -> Plan | None:
    today = today or timezone.localdate()
    year = cycle_year(today)
    province = Organization.objects.filter(code=tree.PROVINCE).first()
    if province is None:
        return None
    existing = Plan.objects.filter(issuer=province, year=year).first()
    if existing is not None:
        return existing
    organizer = User.objects.filter(username="province_organizer").first()
    plan = plan_create(issuer=province, year=year, title=TITLE.format(year=year), user=organizer)
    plan = plan_update(
        plan=plan,
        values={
            "document_number": DOCUMENT_NUMBER.format(year=year, number=41),
            "guidance": GUIDANCE,
            "requirements": REQUIREMENTS,
            "scheme_locked": True,
            "categories_locked": True,
            "indicators_locked": True,
            "filing_days": 7,
            "conveyance_days": 30,
            "ballot_excellent_cap": "1/2",
        },
        categories=CATEGORIES,
        sub_indicators=SUB_INDICATORS,
        indicators=report_texts.KEY_INDICATORS,
        deadlines=deadlines(year, today),
        user=organizer,
    )
    return plan_publish(plan=plan, user=organizer, today=today)

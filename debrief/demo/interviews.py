"""The demo's interviews (约谈): last year's housing-bureau campaign, once its results are published,
has an interview with each secretary graded fair (一般) or poor (差), held by the bureau's Party
group secretary (or its deputy, where the bureau had no secretary that day) a few weeks after the
meeting. Recorded through the publication services, so each is in the audit trail; a reporter who
already has an interview gets no other, so calling again adds nothing."""

from __future__ import annotations

import datetime
import random

from debrief.campaigns.models import Campaign
from debrief.orgs.selectors import secretaries_on
from debrief.publication import interview_services
from debrief.publication.feedback import GRADES_FOR_INTERVIEW, ranked_results
from debrief.publication.models import Interview

SEED = "debrief-demo-interviews"
DEFAULT_HOLDER = "局党组副书记 马平科"

POINTS = {
    "fair": (
        "通报了民主测评和综合考核结果，指出抓基层党建第一责任人职责落实不够到位，"
        "党建工作与业务工作结合不紧，支部标准化规范化建设推进较慢。要求正视问题、深刻反思，"
        "对照点评意见逐条制定整改措施。",
        "肯定了单位全年业务工作成绩，同时指出党员教育管理偏软、“三会一课”质量不高，"
        "职工代表评价偏低反映出联系服务群众不够。要求把整改作为今年党建工作的重点。",
    ),
    "poor": (
        "指出测评差评率较高，反映出班子和书记本人在抓党建责任落实、作风建设方面问题突出，"
        "述职报告查摆问题不具体、整改措施针对性不强。要求立即召开专题组织生活会，"
        "深入查摆原因，限期整改，整改情况向局党组书面报告。",
    ),
}
COMMITMENTS = (
    "一个月内制定整改方案，明确责任人和完成时限；每季度向局党组报告一次整改进展。",
    "本季度内完成支部“三会一课”台账规范，书记每半年讲一次党课；年底前整改事项全部销号。",
)


def _holder(campaign: Campaign) -> str:
    post = secretaries_on([campaign.host], campaign.meeting_date).get(campaign.host.pk)
    return f"局党组书记 {post.person.name}" if post is not None else DEFAULT_HOLDER


def hold_interviews(campaign: Campaign, organizer) -> int:
    """Interviews with the campaign's reporters graded fair or poor; returns how many were recorded.
    Call once the results are assessed or published, before the campaign is archived."""
    results = ranked_results(campaign).results
    if results is None or results.is_preview:
        return 0
    rng = random.Random(f"{SEED}:{campaign.host.code}:{campaign.year}")
    done = set(Interview.objects.filter(reporter__campaign=campaign).values_list("reporter_id", flat=True))
    holder, recorded = _holder(campaign), 0
    for row in results.rows:
        grade = row.overall.grade
        if grade not in GRADES_FOR_INTERVIEW or row.reporter.pk in done:
            continue
        row.reporter.campaign = campaign
        interview_services.interview_save(
            reporter=row.reporter,
            held_on=campaign.meeting_date + datetime.timedelta(days=rng.randint(14, 30)),
            held_by=holder,
            points=rng.choice(POINTS[grade]),
            commitments=rng.choice(COMMITMENTS),
            user=organizer,
        )
        recorded += 1
    return recorded

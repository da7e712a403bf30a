"""Factories for tests. Writes go through the services, as in production."""

import datetime
import itertools

import factory
from django.urls import reverse
from django.utils import timezone

from debrief.accounts.models import User
from debrief.accounts.services import role_grant
from debrief.campaigns import services as campaign_services
from debrief.campaigns.models import CampaignState
from debrief.evaluation import services as evaluation_services
from debrief.meetings import services as meeting_services
from debrief.orgs import services
from debrief.orgs.models import Level, Organization, OrganizationType, Person, Post, PostRole
from debrief.publication import services as publication_services
from debrief.reports import services as report_services

_codes = itertools.count(1)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    code = factory.LazyFunction(lambda: f"T{next(_codes):05d}")
    name = factory.LazyAttribute(lambda o: f"测试党组织{o.code}")
    org_type = OrganizationType.COMMITTEE
    level = Level.UNIT
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.organization_create(**kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory)
    role = PostRole.SECRETARY
    start_date = datetime.date(2022, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.post_appoint(**kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, organization: Organization, **kwargs) -> User:
    user = UserFactory(**kwargs)
    role_grant(user=user, organization=organization, role=role)
    return user


def campaign_open(host: Organization, *, year: int = 2022, **kwargs):

    kwargs.setdefault("title", f"{year}年度党组织书记抓基层党建工作述职评议考核")
    kwargs.setdefault("report_deadline", datetime.date(year + 1, 1, 10))
    kwargs.setdefault("meeting_date", datetime.date(year + 1, 1, 15))
    return campaign_services.campaign_open(host=host, year=year, **kwargs)


def subordinate_with_secretary(parent: Organization, code: str, name: str, secretary: str, **kwargs):
    """An organization under `parent` whose secretary has been in office since 2020."""
    kwargs.setdefault("level", Level.UNIT)
    organization = OrganizationFactory(code=code, name=name, parent=parent, **kwargs)
    PostFactory(
        organization=organization, person=PersonFactory(name=secretary), start_date=datetime.date(2020, 1, 1)
    )
    return organization


GOOD_REPORT = {
    "duties": "严格落实“三会一课”制度，全年召开支部委员会12次、党员大会4次，讲党课3次。\n推进支部标准化规范化建设，3个党支部全部达标。",
    "problems": [
        "理论学习不够深入，以学促干的成效还不明显。",
        "党建与业务融合不够紧密，存在“两张皮”现象。",
        "对年轻党员的教育管理不够到位。",
    ],
    "causes": "主观上对党建工作重视程度不够，客观上业务工作任务繁重。",
    "measures": "制定年度学习计划，每月开展一次集中学习。\n建立党建与业务工作同谋划、同部署、同考核机制。",
    "rectification_account": "上年度查摆的3个问题已全部完成整改。",
}


def report_write(reporter, user=None, *, figures: dict | None = None, **changes):
    """A report saved with complete, realistic sections (changes override sections)."""

    content = {**GOOD_REPORT, **changes}
    report = report_services.report_start(reporter=reporter)
    indicators = (
        {ind.pk: figures.get(ind.name) for ind in reporter.campaign.indicators.all()} if figures else {}
    )
    return report_services.report_save(
        report=report,
        user=user,
        sections={k: v for k, v in content.items() if k != "problems"},
        problems=content["problems"],
        indicator_values=indicators,
    )


def report_revised_after_return(reporter, organizer, *, problems: list[str] | None = None, **changes):
    """A report submitted once, returned by the organizer, and revised (not submitted again)."""

    report = report_write(reporter)
    report_services.report_submit(report=report, user=None)
    report_services.report_return(report=report, user=organizer, remarks="请修改后重新提交")
    report.refresh_from_db()
    content = {**GOOD_REPORT, **changes}
    return report_services.report_save(
        report=report,
        user=None,
        sections={k: v for k, v in content.items() if k != "problems"},
        problems=problems if problems is not None else GOOD_REPORT["problems"],
        indicator_values={},
    )


def evaluation_opened(campaign, organizer, *, codes: dict[str, int] | None = None, **scheme):
    """The campaign at its meeting with voting open; returns (evaluation, {category name: [codes]})."""

    if campaign.state == CampaignState.PREPARING:
        campaign_services.campaign_advance(campaign=campaign, user=organizer, reason="测试：不等报告")
    evaluation = evaluation_services.evaluation_set_up(campaign)
    if scheme:
        evaluation_services.scheme_update(evaluation=evaluation, **scheme)
    issued = {}
    for category in evaluation.categories.all():
        count = (codes or {}).get(category.name, 3)
        issued[category.name] = (
            evaluation_services.codes_issue(
                evaluation=evaluation, category=category, count=count, user=organizer
            )
            if count
            else []
        )
    evaluation_services.voting_open(evaluation=evaluation, user=organizer)
    evaluation.refresh_from_db()
    return evaluation, issued


def evaluation_closed_without_votes(campaign, organizer, routine_score=90):
    """A closed evaluation (no ballots, closed with a reason) and routine scores for every reporter."""

    evaluation, _codes = evaluation_opened(campaign, organizer, codes={})
    evaluation = evaluation_services.voting_close(
        evaluation=evaluation, user=organizer, override_reason="测试"
    )
    evaluation_services.routine_scores_set(
        evaluation=evaluation, scores={r.pk: routine_score for r in campaign.reporters.all()}, user=organizer
    )
    return evaluation


def advance_to(campaign, state, user):
    """Move the campaign on, step by step, doing what each step needs (a closed evaluation)."""

    while campaign.state != state:
        if campaign.state == CampaignState.EVALUATING and not hasattr(campaign, "evaluation"):
            evaluation_closed_without_votes(campaign, user)
        if campaign.state == CampaignState.ASSESSED:  # publishing the notice moves the campaign on
            notice_published(campaign, user)
            campaign.refresh_from_db()
            continue
        campaign = campaign_services.campaign_advance(campaign=campaign, user=user, reason="测试")
    return campaign


def notice_published(campaign, user):
    """The campaign's results notice drafted from the records and published (the campaign moves on)."""
    notice = publication_services.notice_draft_start(campaign=campaign, user=user)
    if not notice.grades_section:  # an evaluation closed without votes grades no one
        fields = {name: getattr(notice, name) for name in publication_services.EDITABLE_FIELDS}
        notice = publication_services.notice_update(
            notice=notice, user=user, **{**fields, "grades_section": "测试：无测评票。"}
        )
    return publication_services.notice_publish(notice=notice, user=user)


def meeting_set_up(campaign, **kwargs):
    """The campaign's meeting with its default agenda, on the morning of the meeting date."""
    day = campaign.meeting_date
    kwargs.setdefault("starts_at", timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 9, 0)))
    kwargs.setdefault("venue", "机关三楼会议室")
    kwargs.setdefault("presided_by", "局党组专职副书记 马平科")
    return meeting_services.meeting_set_up(campaign=campaign, **kwargs)


def log_in(client, username: str, password: str) -> bool:
    """Log in through the login page, as a user does (login throttling needs the request)."""
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302

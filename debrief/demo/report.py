"""The text load_demo prints: what was created, and how to log in."""

from __future__ import annotations

import unicodedata

from django.urls import reverse
from django.utils import timezone

from debrief.plans.models import Plan

from . import logins
from .evaluation import EvaluationSummary
from .meetings import MeetingSummary
from .rectification import RectificationSummary
from .services import DemoSummary

VOTE_URL = f"{logins.URL}vote/"
EVALUATION_STATES = {
    "setup": "准备中 being set up",
    "open": "投票进行中 voting open",
    "closed": "投票已结束 closed",
}
LEDGER_STATUSES = (
    ("open", "待整改"),
    ("in_progress", "整改中"),
    ("submitted", "待验收"),
    ("returned", "已退回"),
    ("signed_off", "已销号"),
)


def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    columns = [max(width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(pad(cell, columns[i]) for i, cell in enumerate(header)).rstrip()]
    lines.append("  ".join("-" * n for n in columns))
    lines += ["  ".join(pad(cell, columns[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    return lines


def render(summary: DemoSummary) -> str:
    created_users = ", ".join(summary.users_created) or "无 (none)"
    lines = [
        "北江省演示数据 (demo data)",
        f"  党组织 organizations : 本次新建 {summary.organizations_created} 个 / "
        f"演示树 {summary.demo_organizations} 个 / 库中共 {summary.organizations_total} 个"
        f"（已撤销 {summary.organizations_dissolved} 个）",
        f"  任职 posts           : 本次新建 {summary.posts_created} 条，"
        f"人员 people 新建 {summary.people_created} 人",
        f"  账号 users           : 本次新建 {len(summary.users_created)} 个 ({created_users})，"
        f"演示账号共 {len(summary.logins)} 个",
        f"  述职评议 campaigns   : 本次新建 {summary.campaigns_created} 个，述职报告 {summary.reports_written} 份",
        f"  民主测评 evaluations : 本次新建 {summary.evaluations.evaluations_created} 个，"
        f"测评票 ballots {summary.evaluations.ballots_cast} 张",
        *_evaluation_rows(summary.evaluations),
        f"  述职会议 meetings    : 本次新建 {summary.meetings.meetings_created} 个，"
        f"点评 comments {summary.meetings.comments_recorded} 条",
        *_meeting_rows(summary.meetings),
        f"  整改台账 ledgers     : 本次新建整改事项 {summary.rectification.items_created} 项，"
        f"进展和核验记录 {summary.rectification.events_created} 条，"
        f"佐证材料 evidence {summary.rectification.evidence_created} 份",
        *_ledger_rows(summary.rectification),
        "  结果通报 notices     :",
        *_notice_rows(summary.notices),
        *_plan_rows(),
        f"  上下联动 cascade     : 本次传达学习 conveyed {len(summary.cascade.conveyances)} 次，"
        f"部署任务 tasks {summary.cascade.tasks} 项，分解子事项 sub-items {summary.cascade.sub_items} 项，"
        f"上报材料 filed {summary.cascade.filings} 份，分会场 sub-venues {len(summary.cascade.sub_venues)} 个",
        f"  用时 time            : {summary.seconds:.1f} 秒",
        "",
        f"演示账号 demo logins — 密码均为 password: {logins.PASSWORD}",
        "",
    ]
    rows = [[row.username, row.password, row.role, row.organization] for row in summary.logins]
    header_line, rule, *body = table(
        ["用户名 username", "密码 password", "角色 role", "党组织 organization"], rows
    )
    lines += [header_line, rule]
    for line, row in zip(body, summary.logins, strict=True):
        lines += [line, f"    → {row.try_this}"]
    lines += ["", f"打开 open {logins.URL} 登录 and log in."]
    lines += _voting_codes(summary.evaluations)
    return "\n".join(lines)


def _evaluation_rows(evaluations: EvaluationSummary) -> list[str]:
    lines = []
    for row in evaluations.rows:
        state = "已归档 archived" if row.archived else EVALUATION_STATES.get(row.state, row.state)
        line = (
            f"    {row.host} {row.year}年度：{state}，测评票 {row.ballots} 张 / 测评码 {row.codes_issued} 个"
        )
        if row.grades:
            line += "，等次 grades " + "、".join(f"{grade} {n}" for grade, n in row.grades.items())
        lines.append(line)
    return lines


def _meeting_rows(meetings: MeetingSummary) -> list[str]:
    lines = []
    root = logins.URL.rstrip("/")
    for row in meetings.rows:
        line = f"    {row.host} {row.year}年度：{timezone.localtime(row.starts_at):%Y-%m-%d %H:%M}"
        if row.invited:
            line += f"，签到 checked in {row.present}/{row.invited} 人"
        lines += [
            f"{line}，点评 comments {row.comments} 条",
            f"      会议 meeting {root}{reverse('meetings:overview', kwargs={'pk': row.campaign_id})}",
            f"      大屏 big screen {root}{reverse('screen', kwargs={'key': row.screen_key})}",
        ]
    return lines


def _ledger_rows(ledgers: RectificationSummary) -> list[str]:
    lines = []
    root = logins.URL.rstrip("/")
    for row in ledgers.rows:
        statuses = "、".join(f"{label} {row.by_status.get(status, 0)}" for status, label in LEDGER_STATUSES)
        line = f"    {row.host} {row.year}年度{'（已归档 archived）' if row.archived else ''}：{row.total} 项（{statuses}）"
        if row.overdue:
            line += f"，逾期 overdue {row.overdue} 项"
        if row.carried_in:
            line += f"，上年结转 carried over {row.carried_in} 项"
        if row.carried_on:
            line += f"，结转下年 carried on {row.carried_on} 项"
        lines.append(line)
        if not row.archived:
            lines.append(f"      台账 ledger {root}/rectification/?campaign={row.campaign_id}")
    return lines


NOTICE_STATES = {"draft": "草稿 draft", "published": "已发布 published", "superseded": "已更正 superseded"}


def _plan_rows() -> list[str]:
    root = logins.URL.rstrip("/")
    return [
        f"  工作方案 work plan   : {plan.issuer.name} {plan.year}年度，"
        f"{'已发布 published' if plan.is_published else '草稿 draft'}，"
        f"据此启动 started from it {plan.adoptions.count()} 个：{root}/plans/{plan.pk}/progress/"
        for plan in Plan.objects.select_related("issuer").order_by("-year", "issuer__path")[:3]
    ]


def _notice_rows(notices) -> list[str]:
    root = logins.URL.rstrip("/")
    return [
        f"    {row.host} {row.year}年度 第{row.version}版 {NOTICE_STATES.get(row.state, row.state)}："
        f"{root}/campaigns/{row.campaign_id}/publication/"
        for row in notices
    ]


def _voting_codes(evaluations: EvaluationSummary) -> list[str]:
    if not evaluations.voting_host:
        return []
    lines = ["", f"试投一票 try voting — {evaluations.voting_host}的民主测评正在投票 (voting is open):"]
    if evaluations.voting_codes:
        lines.append(
            f"  打开 open {VOTE_URL} 输入下列任一测评码 and enter one of these codes (each admits one ballot):"
        )
        rows = [[code.code, code.category] for code in evaluations.voting_codes]
        lines += ["    " + line for line in table(["测评码 code", "测评人类别 evaluator category"], rows)]
    else:
        lines += [
            f"  投票地址 vote at {VOTE_URL}",
            "  测评码只存散列值，只在首次加载时打印 (codes are stored only as hashes: they were printed at the first load);",
            f"  组织者 {evaluations.voting_organizer} 可在测评页面补发测评码 (the organizer can issue more from the evaluation page).",
        ]
    return lines

"""The text load_demo prints: what was created, and how to log in."""

from __future__ import annotations

import unicodedata

from . import logins
from .services import DemoSummary


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
    return "\n".join(lines)

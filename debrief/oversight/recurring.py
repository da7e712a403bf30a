"""Recurring problems: a problem that closely repeats one raised for the same organization in an
earlier year (上年已提出类似问题).

A problem is any of: a leader's comment's problem (`meetings.CommentProblem`), one item of a
report's problem section (the newest submitted `reports.ReportVersion`), a rectification ledger
item (`rectification.Item.description`). They are read in two queries whatever their number (the
comments' problems and the items in one UNION, the reports' newest versions in another), then
compared with `lib.similarity.find_repeats`.

How close is "closely": problems are one or two sentences, so they are compared by shingles of 2
characters (a word of Chinese) and passages of at least 4 significant characters (shorter shared
runs, such as 不够 or 党员, are the register's stock words, not a repeat). The similarity of two
problems is the mean of the two shares: how much of the new text lies in passages found in the
old one, and how much of the old text in passages found in the new one. A rewording keeps most of
both; two problems of one category share a word or two. `THRESHOLD` is set between what the
tests' pairs give (tests/test_recurring_similarity.py): rewordings score 0.65 to 0.97, different
problems of the same category at most 0.41.

Carried-over ledger items are the earlier item itself, continued, and are never flagged. The
organization's own reporters of earlier years are compared, whatever host heard them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.urls import reverse

from debrief.campaigns.models import Reporter
from debrief.campaigns.recurring import EarlierProblem
from debrief.lib import tree_paths
from debrief.lib.similarity import find_repeats
from debrief.meetings.models import CommentProblem
from debrief.orgs.models import Organization
from debrief.rectification.models import Item
from debrief.reports.models import ReportVersion

THRESHOLD = 0.55
SHINGLE_SIZE = 2
MIN_PASSAGE = 4

COMMENT, ITEM, REPORT, NEW = "comment", "item", "report", "new"
# Which earlier problem to link to when several are as close: the ledger item says where it ended.
_PREFERENCE = {ITEM: 0, COMMENT: 1, REPORT: 2, NEW: 3}


@dataclass(frozen=True)
class Problem:
    key: tuple  # (kind, id) or, for a report's problem, (REPORT, version id, index)
    text: str
    year: int
    organization_id: int
    path: str  # the organization's
    reporter_id: int
    campaign_id: int
    link: int | None = None  # a comment's problem: its comment; an item: the comment problem it came from
    carried: bool = False  # an item carried over from an earlier ledger


def url_of(problem: Problem) -> str:
    kind = problem.key[0]
    if kind == ITEM:
        return reverse("rectification:item", kwargs={"pk": problem.key[1]})
    if kind == COMMENT:
        url = reverse(
            "meetings:reporter_comments",
            kwargs={"pk": problem.campaign_id, "reporter_id": problem.reporter_id},
        )
        return f"{url}#comment-{problem.link}"
    return reverse("reports:detail", kwargs={"reporter_id": problem.reporter_id})


# --- Reading ------------------------------------------------------------------------------------


def _scope(
    prefix: str, *, years: tuple[str, int], path: str | None = None, organization_id: int | None = None
) -> Q:
    """Reporters (reached through `prefix`) of a subtree or one organization, in the given years:
    ("lt", 2026) before 2026, ("lte", 2026) up to 2026."""
    if path is not None:
        where = Q(
            **{
                f"{prefix}organization__path__gte": path,
                f"{prefix}organization__path__lt": tree_paths.subtree_upper_bound(path),
            }
        )
    else:
        where = Q(**{f"{prefix}organization_id": organization_id})
    lookup, year = years
    return where & Q(**{f"{prefix}campaign__year__{lookup}": year})


def _read(
    *,
    years: tuple[str, int] | None = None,
    path: str | None = None,
    organization_id: int | None = None,
    where=None,
) -> list[Problem]:
    """Every problem raised for the organizations in scope in those years (or `where`, a function of
    the lookup prefix that reaches a reporter): two queries."""

    def scope(prefix: str) -> Q:
        if where is not None:
            return where(prefix)
        return _scope(prefix, path=path, organization_id=organization_id, years=years)

    columns = ("kind", "pk", "said", "year", "org", "org_path", "by", "in_campaign", "link", "carried")
    comments = (
        CommentProblem.objects.filter(scope("comment__reporter__"))
        .annotate(
            kind=Value(0, output_field=IntegerField()),
            said=F("text"),
            year=F("comment__reporter__campaign__year"),
            org=F("comment__reporter__organization_id"),
            org_path=F("comment__reporter__organization__path"),
            by=F("comment__reporter_id"),
            in_campaign=F("comment__reporter__campaign_id"),
            link=F("comment_id"),
            carried=Value(None, output_field=IntegerField()),
        )
        .order_by()
        .values_list(*columns)
    )
    items = (
        Item.objects.filter(scope("reporter__"))
        .annotate(
            kind=Value(1, output_field=IntegerField()),
            said=F("description"),
            year=F("campaign__year"),
            org=F("reporter__organization_id"),
            org_path=F("reporter__organization__path"),
            by=F("reporter_id"),
            in_campaign=F("campaign_id"),
            link=F("comment_problem_id"),
            carried=F("carried_from_id"),
        )
        .order_by()
        .values_list(*columns)
    )
    found = [
        Problem(
            key=(ITEM if kind else COMMENT, pk),
            text=text,
            year=year,
            organization_id=org,
            path=org_path,
            reporter_id=by,
            campaign_id=campaign,
            link=link,
            carried=carried is not None,
        )
        for kind, pk, text, year, org, org_path, by, campaign, link, carried in comments.union(
            items, all=True
        )
    ]
    newest = ReportVersion.objects.filter(report=OuterRef("report")).order_by("-number").values("number")[:1]
    versions = (
        ReportVersion.objects.filter(scope("report__reporter__"), number=Subquery(newest))
        .order_by()
        .values_list(
            "pk",
            "content__problems",
            "report__reporter__campaign__year",
            "report__reporter__organization_id",
            "report__reporter__organization__path",
            "report__reporter_id",
            "report__reporter__campaign_id",
        )
    )
    for pk, problems, year, org, org_path, by, campaign in versions:
        for index, text in enumerate(problems or []):
            if isinstance(text, str) and text.strip():
                found.append(Problem((REPORT, pk, index), text, year, org, org_path, by, campaign))
    return found


# --- Comparing ----------------------------------------------------------------------------------


def similarity(first: str, second: str) -> float:
    """How closely two problems repeat each other, 0 to 1 (see the module's docstring)."""
    found = find_repeats(
        {"a": first, "b": second}, ["a", "b"], shingle_size=SHINGLE_SIZE, min_passage=MIN_PASSAGE
    )
    return (found["a"].by_source.get("b", 0.0) + found["b"].by_source.get("a", 0.0)) / 2


def closest_earlier(
    targets: Iterable[Problem], sources: Iterable[Problem]
) -> dict[tuple, tuple[Problem, float]]:
    """For each target (not carried over) that repeats an earlier problem of its organization:
    the closest such problem and the similarity. One `find_repeats` over all the texts."""
    targets = [t for t in targets if not t.carried and t.text.strip()]
    target_keys = {t.key for t in targets}
    sources = [s for s in sources if s.key not in target_keys and s.text.strip()]
    role = {p.key: p for p in (*targets, *sources)}
    if not targets or not sources:
        return {}

    def may_compare(one: Hashable, other: Hashable) -> bool:
        a, b = role[one], role[other]
        if a.organization_id != b.organization_id:
            return False
        return (a.key in target_keys and b.year < a.year) or (b.key in target_keys and a.year < b.year)

    found = find_repeats(
        {key: p.text for key, p in role.items()},
        list(role),
        may_compare=may_compare,
        shingle_size=SHINGLE_SIZE,
        min_passage=MIN_PASSAGE,
    )
    best: dict[tuple, tuple[Problem, float]] = {}
    for target in targets:
        shares = found[target.key].by_source
        candidates = []
        for key, share in shares.items():
            score = (share + found[key].by_source.get(target.key, 0.0)) / 2
            if score >= THRESHOLD:
                source = role[key]
                candidates.append((-score, -source.year, _PREFERENCE[key[0]], str(key), source))
        if candidates:
            score, *_rest, source = min(candidates)
            best[target.key] = (source, -score)
    return best


# --- What the pages and the dashboard ask -------------------------------------------------------


def earlier_problems_for(reporter: Reporter, texts: Mapping[Hashable, str]) -> dict[Hashable, EarlierProblem]:
    """The `campaigns.recurring.earlier_problems` hook: which of the texts raised for `reporter`
    repeat a problem of its organization from an earlier year. Two queries and the comparison."""
    year = reporter.campaign.year
    sources = _read(years=("lt", year), organization_id=reporter.organization_id)
    targets = {
        (NEW, key): Problem(
            (NEW, key), text, year, reporter.organization_id, "", reporter.pk, reporter.campaign_id
        )
        for key, text in texts.items()
    }
    return {
        key[1]: EarlierProblem(year=source.year, text=source.text, url=url_of(source), similarity=score)
        for key, (source, score) in closest_earlier(targets.values(), sources).items()
    }


def _distinct(problems: list[Problem]) -> list[Problem]:
    """One per problem: a comment's problem sent to the ledger is its item; a reporter's texts
    equal but for spacing (a report's problem and the item entered from it) count once."""
    sent = {p.link for p in problems if p.key[0] == ITEM and p.link is not None}
    seen: set[tuple[int, str]] = set()
    kept = []
    order = sorted(problems, key=lambda p: (_PREFERENCE[p.key[0]], p.key))
    for problem in order:
        if problem.key[0] == COMMENT and problem.key[1] in sent:
            continue
        squashed = (problem.reporter_id, "".join(problem.text.split()))
        if squashed not in seen:
            seen.add(squashed)
            kept.append(problem)
    return kept


def recurring_problems(organization: Organization, year: int) -> list[Problem]:
    """The distinct problems raised in `year` for organizations in the subtree of `organization`
    (itself included) that repeat one raised for the same organization in an earlier year. Two
    queries and the comparison, however many organizations and years."""
    problems = _read(years=("lte", year), path=organization.path)
    current = _distinct([p for p in problems if p.year == year])
    earlier = [p for p in problems if p.year < year]
    found = closest_earlier(current, earlier)
    return [p for p in current if p.key in found]


def recurring_problem_count(organization: Organization, year: int) -> int:
    """How many problems of `year` in the subtree of `organization` repeat an earlier year's."""
    return len(recurring_problems(organization, year))


def recurring_problem_counts(organization: Organization, year: int) -> dict[int, int]:
    """`recurring_problem_count` per child of `organization` (by id; children without any are
    left out); the organization's own problems count for none of them."""
    start = len(organization.path)
    counts: dict[int, int] = {}
    for problem in recurring_problems(organization, year):
        if len(problem.path) > start:
            child = int(problem.path[start : start + tree_paths.SEGMENT_WIDTH])
            counts[child] = counts.get(child, 0) + 1
    return counts


def recurring_counts_of_campaigns(campaign_ids: list[int]) -> dict[int, int]:
    """How many of each campaign's problems repeat one raised for the same organization in an earlier
    year (campaigns without any are left out): four queries and one comparison for them all."""
    current = _distinct(_read(where=lambda prefix: Q(**{f"{prefix}campaign_id__in": campaign_ids})))
    if not current:
        return {}
    organizations = sorted({p.organization_id for p in current})
    latest = max(p.year for p in current)
    earlier = _read(
        where=lambda prefix: Q(
            **{f"{prefix}organization_id__in": organizations, f"{prefix}campaign__year__lt": latest}
        )
    )
    found = closest_earlier(current, earlier)
    counts: dict[int, int] = {}
    for problem in current:
        if problem.key in found:
            counts[problem.campaign_id] = counts.get(problem.campaign_id, 0) + 1
    return counts

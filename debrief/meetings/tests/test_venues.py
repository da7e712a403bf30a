"""Sub-venues (分会场): added by the main organizer below the host, counting their own attendance,
voting in the same evaluation with their own codes, and counted by venue only as codes used."""

import pytest

from debrief.audit.models import Action, Entry
from debrief.evaluation import code_selectors
from debrief.evaluation import services as evaluation_services
from debrief.evaluation.models import Ballot, BallotCode, StagedBallot
from debrief.meetings import venue_selectors, venues
from debrief.meetings.services import MeetingError
from debrief.testing.factories import OrganizationFactory, evaluation_opened

pytestmark = pytest.mark.django_db

LEADERS = "Host leadership team"
SECRETARIES = "Secretaries and department heads"
MASSES = "Party member and masses representatives"


@pytest.fixture
def sub_venue(meeting, tree, cast):
    return venues.sub_venue_add(
        meeting=meeting,
        organization=tree.county_a1,
        name="东区分会场",
        code="dq",
        place="区委三楼",
        user=cast.organizer_a,
    )


def test_a_sub_venue_is_hosted_below_the_host_and_its_code_is_kept_in_capitals(sub_venue, tree, meeting):
    assert (sub_venue.organization, sub_venue.code, sub_venue.place) == (tree.county_a1, "DQ", "区委三楼")
    assert len(sub_venue.screen_key) >= 20 and sub_venue.screen_key != meeting.screen_key
    entry = Entry.objects.get(action=Action.SUB_VENUE_CHANGED)
    assert entry.after["code"] == "DQ" and entry.organization == meeting.campaign.host


def test_any_depth_below_the_host_will_do(meeting, tree, cast):
    street = venues.sub_venue_add(
        meeting=meeting, organization=tree.street_a1a, name="长征街道分会场", code="CZ"
    )
    assert street.organization == tree.street_a1a


@pytest.mark.parametrize("which", ["city_a", "city_b", "province"])
def test_the_host_itself_and_organizations_outside_its_subtree_are_refused(meeting, tree, which):
    with pytest.raises(MeetingError, match="is not below 江州市委"):
        venues.sub_venue_add(meeting=meeting, organization=getattr(tree, which), name="分会场", code="X")


def test_one_sub_venue_per_organization_and_per_code(sub_venue, meeting, tree):
    with pytest.raises(MeetingError, match="already hosts a sub-venue"):
        venues.sub_venue_add(meeting=meeting, organization=tree.county_a1, name="又一个", code="DQ2")
    other = OrganizationFactory(code="CA9", name="江州市南区区委", parent=tree.city_a)
    with pytest.raises(MeetingError, match="already has the code DQ"):
        venues.sub_venue_add(meeting=meeting, organization=other, name="南区分会场", code="dq")


@pytest.mark.parametrize("code", ["", "东区", "A B", "-A", "A" * 17])
def test_a_venue_code_is_short_letters_digits_or_hyphens(meeting, tree, code):
    with pytest.raises(MeetingError, match="A venue code has 1 to 16"):
        venues.sub_venue_add(meeting=meeting, organization=tree.county_a1, name="东区分会场", code=code)


def test_a_sub_venue_needs_a_name(meeting, tree):
    with pytest.raises(MeetingError, match="Give the sub-venue a name"):
        venues.sub_venue_add(meeting=meeting, organization=tree.county_a1, name="  ", code="DQ")


# --- Attendance -----------------------------------------------------------------------------------


def test_attendance_is_counted_by_the_evaluations_categories(sub_venue, campaign, cast):
    evaluation_services.evaluation_set_up(campaign)
    rows = venues.venue_attendance_set(
        sub_venue=sub_venue, counts={LEADERS: (5, 4), SECRETARIES: (20, 18)}, user=cast.organizer_a
    )
    assert [(r.category, r.expected, r.present) for r in rows] == [(LEADERS, 5, 4), (SECRETARIES, 20, 18)]
    # Recording again replaces the categories given and keeps the others; zeros leave one uncounted.
    rows = venues.venue_attendance_set(sub_venue=sub_venue, counts={LEADERS: (0, 0)})
    assert [(r.category, r.expected, r.present) for r in rows] == [(SECRETARIES, 20, 18)]
    entries = Entry.objects.filter(action=Action.SUB_VENUE_CHANGED).order_by("seq")
    assert entries.last().before == {"attendance": {LEADERS: [5, 4], SECRETARIES: [20, 18]}}


def test_attendance_refuses_unknown_categories_negatives_and_more_present_than_expected(sub_venue, campaign):
    evaluation_services.evaluation_set_up(campaign)
    with pytest.raises(MeetingError, match="“Guests” is not an evaluator category"):
        venues.venue_attendance_set(sub_venue=sub_venue, counts={"Guests": (3, 3)})
    with pytest.raises(MeetingError, match="cannot be negative"):
        venues.venue_attendance_set(sub_venue=sub_venue, counts={LEADERS: (3, -1)})
    with pytest.raises(MeetingError, match="6 present is more than the 5 expected"):
        venues.venue_attendance_set(sub_venue=sub_venue, counts={SECRETARIES: (2, 2), LEADERS: (5, 6)})
    assert not sub_venue.attendance.exists()  # nothing of a refused count is stored


def test_attendance_needs_the_evaluation_set_up(sub_venue):
    with pytest.raises(MeetingError, match="Set up the evaluation"):
        venues.venue_attendance_set(sub_venue=sub_venue, counts={LEADERS: (1, 1)})


# --- Codes and turnout ----------------------------------------------------------------------------


def test_a_venues_codes_carry_its_code_and_their_votes_count_in_its_turnout(
    sub_venue, campaign, reporters, cast
):
    evaluation, main_codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 2, SECRETARIES: 0, MASSES: 0}
    )
    secretaries = evaluation.categories.get(name=SECRETARIES)
    issued = venues.venue_codes_issue(
        sub_venue=sub_venue, category=secretaries, count=3, user=cast.organizer_a
    )
    assert issued.first_serial == 1 and len(issued) == 3
    assert set(BallotCode.objects.filter(category=secretaries).values_list("venue", flat=True)) == {"DQ"}

    ratings = {r.pk: ["good"] for r in (reporters.a1, reporters.a2, reporters.a3)}
    evaluation_services.ballot_cast(code_text=issued[0], ratings=ratings)
    evaluation_services.ballot_cast(code_text=main_codes[LEADERS][0], ratings=ratings)
    by_venue = code_selectors.turnout_by_venue(evaluation)
    assert (by_venue["DQ"].issued, by_venue["DQ"].used) == (3, 1)
    assert (by_venue[""].issued, by_venue[""].used) == (2, 1)
    # The ballot itself knows no venue: neither the staged nor the stored ballot has such a field.
    assert "venue" not in {f.name for f in StagedBallot._meta.get_fields()}
    assert "venue" not in {f.name for f in Ballot._meta.get_fields()}


def test_the_turnout_by_venue_is_one_query(sub_venue, campaign, cast, django_assert_num_queries):
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a)
    with django_assert_num_queries(1):
        code_selectors.turnout_by_venue(evaluation)


def test_venue_rows_list_the_main_venue_first_with_attendance_and_turnout(sub_venue, campaign, meeting, cast):
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a)
    venues.venue_attendance_set(sub_venue=sub_venue, counts={LEADERS: (4, 3), SECRETARIES: (10, 9)})
    venues.venue_codes_issue(sub_venue=sub_venue, category=evaluation.categories.first(), count=2)
    rows = venue_selectors.venue_rows(meeting, evaluation)
    assert [(r.name, r.turnout.issued) for r in rows] == [("Main venue", 9), ("东区分会场", 2)]
    assert (rows[1].expected, rows[1].present) == (14, 12)


def test_codes_need_the_evaluation_and_stop_when_voting_closes(sub_venue, campaign, cast):
    evaluation = evaluation_services.evaluation_set_up(campaign)
    category = evaluation.categories.first()
    venues.venue_codes_issue(sub_venue=sub_venue, category=category, count=1)  # before voting opens
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a, codes={})
    evaluation_services.voting_close(evaluation=evaluation, user=cast.organizer_a, override_reason="测试")
    with pytest.raises(evaluation_services.EvaluationError, match="Voting is closed"):
        venues.venue_codes_issue(sub_venue=sub_venue, category=category, count=1)


def test_the_codes_page_names_the_venue_through_the_hook(sub_venue, campaign):
    from debrief.evaluation.venues import venues_of

    assert venues_of(campaign) == {"DQ": "东区分会场"}


# --- Removing -------------------------------------------------------------------------------------


def test_removing_a_sub_venue_withdraws_its_unused_codes(sub_venue, campaign, cast):
    evaluation, _codes = evaluation_opened(
        campaign, cast.organizer_a, codes={LEADERS: 1, SECRETARIES: 0, MASSES: 0}
    )
    venues.venue_codes_issue(sub_venue=sub_venue, category=evaluation.categories.first(), count=4)
    venues.sub_venue_remove(sub_venue=sub_venue, user=cast.organizer_a)
    assert not venue_selectors.venue_names(campaign)
    assert list(BallotCode.objects.values_list("venue", flat=True)) == [""]
    assert evaluation.events.filter(action="codes_withdrawn").get().details == "@ DQ: 4"


def test_a_sub_venue_whose_codes_were_used_stays(sub_venue, campaign, reporters, cast):
    evaluation, _codes = evaluation_opened(campaign, cast.organizer_a, codes={})
    issued = venues.venue_codes_issue(sub_venue=sub_venue, category=evaluation.categories.first(), count=2)
    ratings = {r.pk: ["fair"] for r in (reporters.a1, reporters.a2, reporters.a3)}
    evaluation_services.ballot_cast(code_text=issued[1], ratings=ratings)
    with pytest.raises(evaluation_services.EvaluationError, match="1 of the venue's codes has been used"):
        venues.sub_venue_remove(sub_venue=sub_venue, user=cast.organizer_a)
    assert venue_selectors.venue_names(campaign) == {"DQ": "东区分会场"}
    assert BallotCode.objects.filter(venue="DQ").count() == 2


def test_sub_venues_a_user_runs_are_those_of_organizations_they_organize(sub_venue, cast, tree):
    from debrief.accounts.models import Role
    from debrief.testing.factories import user_with_role

    county_organizer = user_with_role(Role.ORGANIZER, tree.county_a1, username="county_organizer")
    county_leader = user_with_role(Role.LEADER, tree.county_a1, username="county_leader")
    assert list(venue_selectors.sub_venues_run_by(county_organizer)) == [sub_venue]
    assert venue_selectors.can_run_venue(county_organizer, sub_venue)
    assert venue_selectors.can_run_venue(cast.organizer_a, sub_venue)
    assert not venue_selectors.can_run_venue(county_leader, sub_venue)
    assert not venue_selectors.can_run_venue(cast.organizer_b, sub_venue)
    assert not list(venue_selectors.sub_venues_run_by(cast.organizer_b))


def test_the_minutes_name_each_sub_venue_with_its_host_and_attendance(sub_venue, meeting, campaign, tree):
    import io

    import docx

    from debrief.meetings.minutes import minutes_docx

    evaluation_services.evaluation_set_up(campaign)
    venues.venue_attendance_set(sub_venue=sub_venue, counts={LEADERS: (4, 3), SECRETARIES: (10, 9)})
    venues.sub_venue_add(meeting=meeting, organization=tree.street_a1a, name="长征街道分会场", code="CZ")
    document = docx.Document(io.BytesIO(minutes_docx(meeting)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "东区分会场" in text and "江州市东区区委" in text and "12" in text and "14" in text
    assert "长征街道分会场" in text and "东区长征街道党工委" in text

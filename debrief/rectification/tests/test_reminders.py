"""Daily reminders: one e-mail per person responsible and day, with their overdue and soon-due items."""

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django_tasks import TaskResultStatus

from debrief.campaigns.models import CampaignState
from debrief.rectification import services
from debrief.rectification.models import ReminderSent
from debrief.rectification.reminders import NotSent, send_reminders
from debrief.testing.factories import advance_to

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 4, 27)  # the `item` fixture falls due in three days


@pytest.fixture(autouse=True)
def mailing(settings):
    settings.DEBRIEF_EMAIL_ENABLED = True
    settings.DEBRIEF_SITE_URL = "https://debrief.example.org"


@pytest.fixture
def zhao(cast, counties):
    """赵强, county A1's secretary, with an e-mail address on his login."""
    cast.reporter_a1.email = "zhaoqiang@example.org"
    cast.reporter_a1.save(update_fields=["email"])
    return cast.reporter_a1.person


@pytest.fixture
def late(campaign, reporters, zhao):
    """赵强's second item, a week overdue."""
    return services.item_create(
        campaign=campaign,
        reporter=reporters.a1,
        description="党员教育管理不够到位，流动党员底数不清。",
        deadline=datetime.date(2023, 4, 20),
    )


@pytest.fixture
def li_ming_late(campaign, reporters):
    """李明, county A2's secretary, has no login; his item is overdue."""
    return services.item_create(
        campaign=campaign,
        reporter=reporters.a2,
        description="基层党组织阵地建设滞后。",
        deadline=datetime.date(2023, 4, 1),
    )


def run(*options) -> str:
    out = io.StringIO()
    call_command("send_rectification_reminders", "--date", TODAY.isoformat(), *options, stdout=out)
    return out.getvalue()


def test_each_person_gets_one_email_with_their_overdue_and_soon_due_items(item, late, li_ming_late, zhao):
    send_reminders(TODAY)
    (message,) = mail.outbox
    assert message.to == ["zhaoqiang@example.org"]
    assert "2022-001" in message.body and "2022-002" in message.body
    assert "基层党组织阵地建设滞后" not in message.body
    assert "江州市东区区委" in message.body


def test_the_email_links_each_item_and_the_ledger(item, zhao):
    send_reminders(TODAY)
    lines = mail.outbox[0].body.splitlines()
    assert f"https://debrief.example.org/rectification/{item.pk}/" in mail.outbox[0].body.split()
    assert any(line.endswith("https://debrief.example.org/rectification/") for line in lines)


def test_the_email_is_in_chinese_with_the_days_overdue_and_the_days_left(item, late, zhao, monkeypatch):
    send_reminders(TODAY)
    message = mail.outbox[0]
    assert message.subject == "整改提醒：您有2项整改事项需要办理"
    assert "完成时限2023-04-20，已逾期7天" in message.body
    assert "完成时限2023-04-30，还有3天到期" in message.body


def test_a_long_problem_is_shortened_in_the_email(campaign, reporters, zhao):
    services.item_create(
        campaign=campaign, reporter=reporters.a1, description="组织生活" * 30, deadline=TODAY
    )
    send_reminders(TODAY)
    assert "组织生活" * 9 in mail.outbox[0].body
    assert "组织生活" * 10 not in mail.outbox[0].body


def test_a_second_run_on_the_same_day_sends_nothing(item, zhao):
    send_reminders(TODAY)
    (again,) = send_reminders(TODAY)
    assert len(mail.outbox) == 1
    assert again.not_sent == NotSent.ALREADY_SENT
    assert ReminderSent.objects.get().items == 1


def test_the_next_day_the_person_is_reminded_again(item, zhao):
    send_reminders(TODAY)
    send_reminders(TODAY + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_submitted_and_signed_off_items_are_not_listed(item, late, zhao, cast):
    services.item_submit(item=item, user=cast.reporter_a1, text="已完成。")
    services.item_submit(item=late, user=cast.reporter_a1, text="已完成。")
    services.item_sign_off(item=late, user=cast.organizer_a)
    assert send_reminders(TODAY) == []
    assert mail.outbox == []


def test_items_of_an_archived_campaign_are_not_listed(late, zhao, campaign, cast):
    advance_to(campaign, CampaignState.ARCHIVED, cast.organizer_a)
    assert send_reminders(TODAY) == []


def test_only_items_due_within_the_days_asked_for_are_listed(item, late, zhao):
    (reminder,) = send_reminders(TODAY, days=2)
    assert (reminder.overdue, reminder.due_soon) == ([late], [])


def test_a_disabled_login_gets_no_email(item, zhao, cast):
    cast.reporter_a1.is_active = False
    cast.reporter_a1.save(update_fields=["is_active"])
    (reminder,) = send_reminders(TODAY)
    assert reminder.not_sent == NotSent.NO_ADDRESS
    assert mail.outbox == []


def test_the_summary_says_who_was_mailed_and_who_has_no_address(item, late, li_ming_late, zhao):
    out = run()
    assert "赵强: 1 overdue, 1 due within 7 days — mailed to zhaoqiang@example.org" in out
    assert "李明: 1 overdue, 0 due within 7 days — not mailed: no e-mail address" in out
    assert "1 reminder e-mail sent." in out


def test_the_summary_of_a_rerun_says_the_reminder_was_already_sent(item, zhao):
    run()
    assert "not mailed: already sent today" in run()


def test_with_email_disabled_nothing_is_sent_but_the_summary_lists_the_people(
    item, li_ming_late, zhao, settings
):
    settings.DEBRIEF_EMAIL_ENABLED = False
    out = run()
    assert "赵强: 0 overdue, 1 due within 7 days — not mailed: e-mail is not configured" in out
    assert "李明" in out
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_a_dry_run_sends_and_records_nothing(item, zhao):
    out = run("--dry-run", "--days", "3")
    assert "赵强: 0 overdue, 1 due within 3 days — would be mailed to zhaoqiang@example.org" in out
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_a_reminder_that_could_not_be_sent_is_retried_by_the_next_run(item, zhao, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("connection closed")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        with pytest.raises(CommandError, match="1 reminder could not be sent"):
            run()
    assert not ReminderSent.objects.exists()
    run()
    assert len(mail.outbox) == 1


def test_a_date_in_another_form_is_refused(item):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_rectification_reminders", "--date", "27.04.2023")


# With a background worker (production) the command queues one task per person and the worker
# sends each e-mail, still at most one per person and day.


def test_the_command_queues_one_email_per_person_and_the_worker_sends_it(
    item, late, li_ming_late, zhao, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run()
    assert "赵强: 1 overdue, 1 due within 7 days — queued for zhaoqiang@example.org" in out
    assert "李明: 1 overdue, 0 due within 7 days — not mailed: no e-mail address" in out
    assert "1 reminder e-mail queued for the background worker." in out
    assert mail.outbox == []  # nothing is sent by the command itself
    (queued,) = database_tasks.queued()
    assert queued.task_path == "debrief.rectification.tasks.send_reminder"

    (done,) = database_tasks.run_worker()
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "sent"
    (message,) = mail.outbox
    assert message.to == ["zhaoqiang@example.org"]
    assert "2022-001" in message.body and "2022-002" in message.body
    assert ReminderSent.objects.get().person == zhao


def test_two_runs_before_the_worker_still_send_one_email(
    item, zhao, database_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(TODAY)
        send_reminders(TODAY)
    assert database_tasks.queued().count() == 2
    results = database_tasks.run_worker()
    assert [r.return_value for r in results] == ["sent", NotSent.ALREADY_SENT]
    assert len(mail.outbox) == 1
    # A run after the worker has sent it queues nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        (again,) = send_reminders(TODAY)
    assert again.not_sent == NotSent.ALREADY_SENT
    assert database_tasks.queued().count() == 2


def test_an_email_the_server_refuses_fails_its_task_and_is_queued_again_by_the_next_run(
    item, zhao, database_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("connection closed")

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(TODAY)
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        (failed,) = database_tasks.run_worker()
    assert failed.status == TaskResultStatus.FAILED
    assert "connection closed" in failed.traceback
    assert not ReminderSent.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        (reminder,) = send_reminders(TODAY)
    assert reminder.not_sent == NotSent.QUEUED
    database_tasks.run_worker()
    assert len(mail.outbox) == 1

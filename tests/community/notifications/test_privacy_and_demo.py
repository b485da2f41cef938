"""Export and erasure of notification data, and the demo notifications."""

import json
import os

import pytest
from django.core.management import call_command

from community.members import privacy
from community.notifications import inbox
from community.notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def handler():
    (found,) = [h for h in privacy.handlers() if h.name == "notifications"]
    return found


def test_export_contains_notifications_and_settings(member, other_member):
    Notification.objects.create(recipient=member, kind="reply", title="Antwort von Otto", actor=other_member)
    Notification.objects.create(recipient=other_member, kind="reply", title="Nicht Erikas")
    preference = NotificationPreference(user=member, digest="weekly")
    preference.set_choice("mention", email=False)
    preference.save()
    data = handler().export(member)
    json.dumps(data)  # serialisable as it is
    assert [n["title"] for n in data["notifications"]] == ["Antwort von Otto"]
    assert data["notifications"][0]["kind"] == "reply" and data["notifications"][0]["read_at"] is None
    assert data["settings"]["email_frequency"] == "weekly"
    assert data["settings"]["per_kind"] == {"mention": {"email": False}}


def test_export_without_anything(member):
    assert handler().export(member) == {"notifications": [], "settings": None}


@pytest.mark.parametrize("keep_content", [True, False])
def test_erase_removes_own_data_and_unlinks_as_actor(member, other_member, keep_content):
    Notification.objects.create(recipient=member, kind="reply", title="Meine")
    caused = Notification.objects.create(
        recipient=other_member, kind="reply", title="Von Erika", actor=member
    )
    NotificationPreference.objects.create(user=member)
    assert inbox.unread_count(member.pk) == 1
    handler().erase(member, keep_content)
    assert not Notification.objects.filter(recipient=member).exists()
    assert not NotificationPreference.objects.filter(user=member).exists()
    caused.refresh_from_db()
    assert caused.actor is None and caused.recipient == other_member
    assert inbox.unread_count(member.pk) == 0


def test_demo_member_gets_a_few_notifications_once(demo_site):
    from django.contrib.auth import get_user_model

    demo_member = get_user_model().objects.get(email="mitglied@netzwerkstatt.example")
    first = Notification.objects.filter(recipient=demo_member).count()
    assert first >= 4
    assert inbox.unread_count(demo_member.pk) >= 2
    assert not Notification.objects.filter(recipient=demo_member, email_state="pending").exists()
    call_command("load_demo_content", quiet_credentials=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Notification.objects.filter(recipient=demo_member).count() == first
    assert all(n.url.startswith("/") for n in Notification.objects.filter(recipient=demo_member))


def test_prune_deletes_old_notifications_only(member, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.NOTIFICATION_RETENTION_DAYS = 30
    now = timezone.now()

    def make(title, days, read, email_state="off"):
        return Notification.objects.create(
            recipient=member,
            kind="reply",
            title=title,
            created_at=now - timedelta(days=days),
            read_at=now if read else None,
            email_state=email_state,
        )

    make("alt gelesen", 40, read=True)
    make("sehr alt ungelesen", 70, read=False)
    kept = [
        make("neu gelesen", 5, read=True),
        make("alt ungelesen", 40, read=False),
        make("sehr alt, wartet auf E-Mail", 70, read=False, email_state="pending"),
    ]
    out = __import__("io").StringIO()
    call_command("prune_notifications", stdout=out)
    assert "2 alte Benachrichtigungen gelöscht." in out.getvalue()
    assert set(Notification.objects.values_list("pk", flat=True)) == {n.pk for n in kept}

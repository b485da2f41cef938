"""Demo notifications for the demo member, so the bell shows something after `make run` (idempotent).

The people named here are invented. Links point to pages that exist in the demo where possible.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import EmailState, Notification, NotificationKind

APP = "community.notifications"
DEMO_MEMBER = "mitglied@netzwerkstatt.example"
DEMO_EDITOR = "redaktion@netzwerkstatt.example"


def _region_url() -> tuple[str, str]:
    """A region of the demo directory, if the regions app has loaded one."""
    try:
        from community.regions.models import RegionPage
    except ImportError:  # pragma: no cover - the regions app is part of the project
        return "/", "Musterland"
    region = RegionPage.objects.live().order_by("path").first()
    if region is None:
        return "/", "Musterland"
    return region.url or "/", region.title


def _notifications(region_url: str, region_title: str) -> list[dict]:
    return [
        {
            "kind": NotificationKind.MENTION,
            "title": "Jorinde Albrecht hat dich im Kanal „Finanzierung der Koordinierungsstelle“ erwähnt",
            "body": (
                "@Mika, ihr habt doch letztes Jahr die Kofinanzierung über den Landkreis geschafft – "
                "magst du kurz erzählen, wie ihr den Kreistag überzeugt habt?"
            ),
            "url": "/ueber-uns/idee/",
            "hours_ago": 2,
            "read": False,
        },
        {
            "kind": NotificationKind.REPLY,
            "title": "Bastian Okafor hat auf deine Frage zu Mädchen-MINT-Tagen geantwortet",
            "body": (
                "Bei uns hat es geholfen, die Tage gemeinsam mit den Ausbildungsbetrieben zu planen und "
                "Studentinnen als Vorbilder einzuladen. Die Anmeldungen haben sich verdoppelt."
            ),
            "url": "/ueber-uns/netiquette/",
            "hours_ago": 5,
            "read": False,
        },
        {
            "kind": NotificationKind.CALL_REMINDER,
            "title": "Morgen um 10 Uhr: Community Call „Wirkung messen ohne Fragebogen-Marathon“",
            "body": "Du bist angemeldet. Der Zugangslink steht auf der Seite des Calls.",
            "url": "/",
            "hours_ago": 20,
            "read": False,
        },
        {
            "kind": NotificationKind.FOLLOWED_CONTENT,
            "title": f"Neu in {region_title}: Profil der Region aktualisiert",
            "body": "Die Koordinierungsstelle hat Ziele und Partner der Region ergänzt.",
            "url": region_url,
            "hours_ago": 30,
            "read": True,
        },
        {
            "kind": NotificationKind.SUBMISSION_DECISION,
            "title": "Die Redaktion hat deine Story of Failure „Unser Technik-Sommercamp ohne Teilnehmende“ angenommen",
            "body": "Danke für deinen ehrlichen Bericht! Er erscheint nach einer kleinen Überarbeitung.",
            "url": "/",
            "hours_ago": 72,
            "read": True,
            "actor": DEMO_EDITOR,
        },
    ]


def load(context) -> None:
    user_model = get_user_model()
    member = user_model.objects.filter(email=DEMO_MEMBER).first()
    if member is None:
        return
    actors = {user.email: user for user in user_model.objects.filter(email__in=[DEMO_EDITOR])}
    now = timezone.now()
    region_url, region_title = _region_url()
    for spec in _notifications(region_url, region_title):
        if Notification.objects.filter(recipient=member, kind=spec["kind"], title=spec["title"]).exists():
            context.count(APP, "Benachrichtigungen", created=False)
            continue
        created_at = now - timedelta(hours=spec["hours_ago"])
        Notification.objects.create(
            recipient=member,
            kind=spec["kind"],
            title=spec["title"],
            body=spec["body"],
            url=spec["url"],
            actor=actors.get(spec.get("actor", "")),
            created_at=created_at,
            read_at=created_at + timedelta(hours=1) if spec["read"] else None,
            # Demo content is never emailed: the digest command must not write to invented addresses.
            email_state=EmailState.OFF,
        )
        context.count(APP, "Benachrichtigungen", created=True)
    # Earlier demo loaders may have notified demo accounts through the real code paths (a submission decision,
    # say); those are not emailed either. Demo accounts all use .example addresses.
    Notification.objects.filter(recipient__email__endswith=".example", email_state=EmailState.PENDING).update(
        email_state=EmailState.OFF
    )
    from .inbox import forget_unread

    forget_unread([member.pk])

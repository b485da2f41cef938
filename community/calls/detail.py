"""Context of a call's page: hosts, topics, materials, the registration box, the live channel and the minutes.

Costs beyond routing: the hosts with their profiles, the topics, the documents of materials and minutes together,
the call's state with its channel (one query each), and for members their own registration.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from home.chrome import relative_url, site_for_request
from home.topics import topic_path

from .access import is_member, remember_access
from .blocks import ActionStatus, MaterialKind
from .models import CallState, CommunityCallPage
from .timefmt import local, short_when_text, when_text, zone_label


def parent_path(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[0] + "/" if url else ""


def page_url(page: CommunityCallPage, request) -> str:
    site = site_for_request(request)
    return (relative_url(page, site) if site and page.url_path else None) or page.get_url(request) or ""


# --- Hosts ----------------------------------------------------------------------------------------------------


def host_entries(page: CommunityCallPage, request) -> list[dict]:
    """Each host's name as this visitor may see it (profile visibility), with a link to the profile if visible.
    Guests appear by the name editors entered. Only the display name is read, so this is one query."""
    from community.members.models import Profile
    from community.members.visibility import audience_for, can_see

    viewer = getattr(request, "user", None)
    entries = []
    for host in page.hosts.select_related("user__profile").all():
        name, url = (host.name or "").strip(), ""
        user = host.user if host.user_id else None
        if user is not None and user.is_active:
            try:
                profile = user.profile
            except Profile.DoesNotExist:
                profile = None
            if (
                profile is not None
                and profile.display_name
                and can_see(profile, "display_name", audience_for(viewer, profile))
            ):
                name, url = profile.display_name, profile.get_absolute_url()
            if not name:
                name = _("A member of the community")
        if name:
            entries.append({"name": name, "url": url, "role": host.role})
    return entries


# --- Documents --------------------------------------------------------------------------------------------------


def _document_ids(stream) -> list[int]:
    ids = []
    for block in stream.raw_data if stream else []:
        value = block.get("value") or {}
        if isinstance(value, dict) and value.get("document"):
            ids.append(value["document"])
    return ids


def documents_of(page: CommunityCallPage) -> tuple[list[dict], list[dict]]:
    """(materials, minutes attachments): the documents of both streams in one query."""
    materials_ids, attachment_ids = _document_ids(page.materials), _document_ids(page.minutes_attachments)
    wanted = set(materials_ids + attachment_ids)
    documents = get_document_model().objects.in_bulk(list(wanted)) if wanted else {}
    kind_labels = dict(MaterialKind.CHOICES)

    def entries(stream):
        rows = []
        for block in stream.raw_data if stream else []:
            value = block.get("value") or {}
            document = documents.get(value.get("document"))
            if document is None:
                continue
            kind = value.get("kind") or ""
            rows.append(
                {
                    "title": (value.get("title") or "").strip() or document.title,
                    "url": document.url,
                    "extension": document.file_extension.upper(),
                    "size": document.file_size,
                    "kind": kind,
                    "kind_label": kind_labels.get(kind, ""),
                }
            )
        return rows

    return entries(page.materials), entries(page.minutes_attachments)


# --- Registration box -----------------------------------------------------------------------------------------


def registration_box(page: CommunityCallPage, request, state: CallState | None, now) -> dict:
    access = remember_access(request, page)
    registered = state.registered_count if state else 0
    waiting = state.waitlist_count if state else 0
    free = None if page.capacity is None else max(0, page.capacity - registered)
    if page.is_past(now):
        phase = "past"
    elif page.has_started(now):
        phase = "running"
    else:
        phase = "open"
    member = is_member(getattr(request, "user", None))
    if access.is_registered:
        status = "registered"
    elif access.is_waitlisted:
        status = "waitlisted"
    elif member:
        status = "none"
    else:
        status = "anonymous"
    return {
        "phase": phase,
        "status": status,
        "position": access.waitlist_position,
        "registered_count": registered,
        "waitlist_count": waiting,
        "capacity": page.capacity,
        "free": free,
        "full": free == 0,
        "can_register": phase == "open" and status in ("none", "anonymous"),
        "can_cancel": phase == "open" and status in ("registered", "waitlisted"),
        "sees_video_link": access.sees_video_link,
        "is_editor": access.editor,
        "registered_at": access.registration.became_registered_at if access.registration else None,
    }


# --- Channel ------------------------------------------------------------------------------------------------------


def channel_info(page: CommunityCallPage, state: CallState | None, now) -> dict | None:
    channel = state.channel if state and state.channel_id else None
    if channel is None:
        return None
    opens_at = channel.opens_at or page.channel_opens_at
    closes_at = channel.closes_at or page.channel_closes_at
    if now < opens_at:
        phase = "before"
    elif now < closes_at:
        phase = "open"
    else:
        phase = "after"
    return {
        "url": reverse("chat:channel", args=[channel.slug]),
        "name": channel.name,
        "phase": phase,
        "opens_at": local(opens_at),
        "closes_at": local(closes_at),
        "opens_text": short_when_text(opens_at),
        "closes_text": short_when_text(closes_at),
    }


# --- Minutes -------------------------------------------------------------------------------------------------------


def minutes_context(page: CommunityCallPage, attachments: list[dict]) -> dict | None:
    if not page.has_minutes:
        return None
    status_labels = dict(ActionStatus.CHOICES)
    topics = [
        {
            "number": number,
            "title": block.value["title"],
            "notes": block.value["notes"],
            "results": block.value["results"],
        }
        for number, block in enumerate(page.minutes_topics, start=1)
    ]
    decisions = [
        {"number": number, "text": block.value["text"], "topic_number": block.value.get("topic_number")}
        for number, block in enumerate(page.minutes_decisions, start=1)
    ]
    actions = [
        {
            "task": block.value["task"],
            "owner": block.value["owner"],
            "due": block.value.get("due"),
            "status": block.value.get("status") or ActionStatus.OPEN,
            "status_label": status_labels.get(block.value.get("status") or ActionStatus.OPEN, ""),
        }
        for block in page.minutes_action_items
    ]
    start = local(page.start_at)
    end = local(page.end_at)
    return {
        "date": page.minutes_date or start.date(),
        "start_time": page.minutes_start_time or start.time(),
        "end_time": page.minutes_end_time or end.time(),
        "place": page.minutes_place or _("Online (video conference)"),
        "minute_taker": page.minute_taker,
        "participant_count": page.participant_count,
        "topics": topics,
        "decisions": decisions,
        "actions": actions,
        "open_actions": sum(1 for action in actions if action["status"] != ActionStatus.DONE),
        "next_steps": page.minutes_next_steps,
        "attachments": attachments,
    }


# --- All of it -----------------------------------------------------------------------------------------------------


def call_state(page: CommunityCallPage) -> CallState | None:
    """The call's state with its channel: loaded with the page when the index routed to it, else one query."""
    if CommunityCallPage.state.is_cached(page):
        try:
            return page.state
        except CallState.DoesNotExist:
            return None
    return CallState.objects.select_related("channel").filter(call_id=page.pk).first() if page.pk else None


def call_context(page: CommunityCallPage, request) -> dict:
    now = timezone.now()
    url = page_url(page, request)
    state = call_state(page)
    materials, attachments = documents_of(page)
    box = registration_box(page, request, state, now)
    topics = [{"name": tag.name, "slug": tag.slug, "url": topic_path(tag)} for tag in page.tags.all()]
    participants_url = ""
    if box["is_editor"] and page.pk:
        participants_url = reverse("calls_admin:participants", args=[page.pk])
    return {
        "call_url": url,
        "index_url": parent_path(url),
        "when": when_text(page.start_at, page.end_at, with_zone=False),
        "zone": zone_label(page.start_at),
        "local_start": local(page.start_at),
        "local_end": local(page.end_at),
        "duration": page.duration_minutes,
        "hosts": host_entries(page, request),
        "topics": topics,
        "agenda": page.agenda_schedule,
        "materials": materials,
        "registration": box,
        "video_url": page.video_url if box["sees_video_link"] else "",
        "ics_url": f"{url}kalender/" if url else "",
        "register_url": f"{url}anmelden/" if url else "",
        "cancel_url": f"{url}abmelden/" if url else "",
        "my_calls_url": reverse("calls:mine"),
        "channel": channel_info(page, state, now),
        "minutes": minutes_context(page, attachments),
        "participants_url": participants_url,
        "is_running": page.is_running(now),
        "is_past": page.is_past(now),
    }

"""Following: members follow members, topics, regions and whatever other apps register.

Only registered ("followable") models can be followed; the registry is an allow-list, so a crafted form can never
make a member follow, say, a session or another member's private data. Apps add their models in their
AppConfig.ready():

    from community.members.follow import register_followable
    register_followable(Thread, _("Discussions"), queryset=lambda model: model.objects.filter(hidden=False))

Everything else goes through the functions below: follow()/unfollow(), is_following(), followers_of() (the
recipients of "new content in a topic or region you follow"), follow_state() (used by the follow button; one
query per request and content type, however many buttons a listing shows) and subscriptions() ("Meine Abos").
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from .models import Follow, Profile


@dataclass
class Followable:
    key: str  # "app_label.modelname", also the value of the follow form's "type" field
    label: object  # plural heading on "Meine Abos", e.g. "Topics"
    title: Callable | None = None  # obj -> str shown on buttons and lists (default: str(obj))
    url: Callable | None = None  # (obj, request) -> URL or None (default: page URL or get_absolute_url)
    queryset: Callable | None = None  # model -> the objects that may be followed (default: all)
    can_follow: Callable | None = None  # (user, obj) -> bool, for objects only some members may see

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.key)

    def objects(self):
        model = self.model
        return self.queryset(model) if self.queryset else model._default_manager.all()

    def allows(self, user, obj) -> bool:
        return self.can_follow is None or bool(self.can_follow(user, obj))

    def title_of(self, obj) -> str:
        return str(self.title(obj) if self.title else obj)

    def url_of(self, obj, request=None) -> str | None:
        if self.url:
            return self.url(obj, request)
        from wagtail.models import Page

        if isinstance(obj, Page):
            from home.chrome import relative_url, site_for_request

            site = site_for_request(request) if request is not None else None
            return relative_url(obj, site) if site is not None else obj.get_url(request)
        if hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return None


_registry: dict[str, Followable] = {}


def _model_key(model) -> str:
    if isinstance(model, str):
        app_label, _sep, model_name = model.partition(".")
        return f"{app_label.lower()}.{model_name.lower()}"
    return model._meta.label_lower


def register_followable(model, label, *, title=None, url=None, queryset=None, can_follow=None) -> Followable:
    """Allow members to follow instances of `model` (a class or "app_label.Model").

    `label`: the plural heading on "Meine Abos"; `title(obj)`: the name on buttons and lists; `url(obj, request)`:
    where the name links to; `queryset(model)`: the objects that may be followed at all (e.g. only published
    ones); `can_follow(user, obj)`: for objects only some members may see (e.g. private channels).
    """
    key = _model_key(model)
    entry = Followable(key=key, label=label, title=title, url=url, queryset=queryset, can_follow=can_follow)
    _registry[key] = entry
    # A deleted target takes its follows with it; the sender may be a lazy "app_label.Model" reference.
    post_delete.connect(
        _forget_deleted_target, sender=model, weak=False, dispatch_uid=f"members-follow-{key}"
    )
    return entry


def followables() -> list[Followable]:
    return list(_registry.values())


def followable_for_key(key: str) -> Followable | None:
    return _registry.get((key or "").lower())


def _forget_deleted_target(sender, instance, **kwargs):
    content_type = ContentType.objects.get_for_model(sender)
    Follow.objects.filter(content_type=content_type, object_id=instance.pk).delete()


# --- Targets ----------------------------------------------------------------------------------------------


def target_key(obj) -> tuple[int, int] | None:
    """(content type id, object id) of a followable object, or None if it cannot be followed.

    A profile stands for its member; a Wagtail page counts as its specific type without loading it.
    """
    if obj is None or getattr(obj, "pk", None) is None:
        return None
    if isinstance(obj, Profile):
        model, object_id = get_user_model(), obj.user_id
        content_type = ContentType.objects.get_for_model(model)
    else:
        from wagtail.models import Page

        if isinstance(obj, Page) and obj.content_type_id:
            content_type = ContentType.objects.get_for_id(obj.content_type_id)
        else:
            content_type = ContentType.objects.get_for_model(obj)
        object_id = obj.pk
    if f"{content_type.app_label}.{content_type.model}" not in _registry:
        return None
    return content_type.pk, object_id


def followable_of(obj) -> Followable | None:
    key = target_key(obj)
    if key is None:
        return None
    content_type = ContentType.objects.get_for_id(key[0])
    return _registry[f"{content_type.app_label}.{content_type.model}"]


def type_key_of(obj) -> str | None:
    entry = followable_of(obj)
    return entry.key if entry else None


def is_followable(obj) -> bool:
    return target_key(obj) is not None


def resolve_target(type_key: str, object_id) -> object | None:
    """The followable object a form names, or None if the type is not registered or the object may not be
    followed (e.g. an unpublished page or a deactivated member)."""
    entry = followable_for_key(type_key)
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        return None
    if entry is None or object_id <= 0:
        return None
    return entry.objects().filter(pk=object_id).first()


def title_of(obj) -> str:
    if isinstance(obj, Profile):  # stands for its member, whose user row may not be loaded
        return obj.display_name or str(_("A member"))
    entry = followable_of(obj)
    return entry.title_of(obj) if entry else str(obj)


# --- Following ----------------------------------------------------------------------------------------------


class CannotFollow(ValueError):
    pass


def follow(user, obj) -> bool:
    """Follow `obj`; True if this created the follow, False if the member already followed it."""
    key = target_key(obj)
    if key is None or not followable_of(obj).allows(user, obj):
        raise CannotFollow(_("This cannot be followed."))
    if key == (ContentType.objects.get_for_model(get_user_model()).pk, user.pk):
        raise CannotFollow(_("You cannot follow yourself."))
    try:
        with transaction.atomic():
            Follow.objects.create(user=user, content_type_id=key[0], object_id=key[1])
    except IntegrityError:  # a double click, or two tabs
        return False
    return True


def unfollow(user, obj) -> bool:
    key = target_key(obj)
    if key is None:
        return False
    deleted, _rows = Follow.objects.filter(user=user, content_type_id=key[0], object_id=key[1]).delete()
    return bool(deleted)


def is_following(user, obj) -> bool:
    key = target_key(obj)
    if key is None or not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, content_type_id=key[0], object_id=key[1]).exists()


def _as_list(targets) -> list:
    if isinstance(targets, models.Model):
        return [targets]
    return list(targets)


def followers_of(targets) -> models.QuerySet:
    """The active members who follow any of `targets` (one object or several, of any followable types).

    Each member appears once, however many of the targets they follow. The notifications app uses this for
    "new content in a topic or region you follow"; exclude the author yourself.
    """
    by_type: dict[int, set[int]] = defaultdict(set)
    for target in _as_list(targets):
        key = target_key(target)
        if key is not None:
            by_type[key[0]].add(key[1])
    user_model = get_user_model()
    if not by_type:
        return user_model.objects.none()
    condition = reduce(or_, (models.Q(content_type_id=ct, object_id__in=ids) for ct, ids in by_type.items()))
    return user_model.objects.filter(
        is_active=True, pk__in=Follow.objects.filter(condition).values("user_id")
    )


# --- State for templates (one query per request and content type) ----------------------------------------------


@dataclass
class FollowState:
    followable: bool
    following: bool = False
    type_key: str = ""
    object_id: int | None = None
    title: str = ""
    is_self: bool = False


class _RequestCache:
    def __init__(self):
        self.following: set[tuple[int, int]] = set()
        self.known: set[tuple[int, int]] = set()
        self.complete_types: set[int] = set()


def _request_cache(request) -> _RequestCache:
    cache = getattr(request, "_members_follow_cache", None)
    if cache is None:
        cache = request._members_follow_cache = _RequestCache()
    return cache


def prefetch_follow_state(request, objects: Iterable) -> None:
    """Load, in one query, whether the current member follows each of `objects` (for listings)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    cache = _request_cache(request)
    keys = {key for key in map(target_key, objects) if key is not None} - cache.known
    if not keys:
        return
    by_type: dict[int, set[int]] = defaultdict(set)
    for content_type_id, object_id in keys:
        by_type[content_type_id].add(object_id)
    condition = reduce(or_, (models.Q(content_type_id=ct, object_id__in=ids) for ct, ids in by_type.items()))
    cache.following |= set(
        Follow.objects.filter(condition, user=user).values_list("content_type_id", "object_id")
    )
    cache.known |= keys


def remember_followed(request, objects: Iterable) -> None:
    """Tell the follow buttons of this request that the member follows `objects` (no query needed)."""
    cache = _request_cache(request)
    keys = {key for key in map(target_key, objects) if key is not None}
    cache.following |= keys
    cache.known |= keys


def follow_state(request, obj) -> FollowState:
    """Whether the current member follows `obj`, for the follow button. Without a prefetch, the first button of
    a content type loads all the member's follows of that type, so a listing costs one query, not one per item."""
    key = target_key(obj)
    if key is None:
        return FollowState(followable=False)
    entry = followable_of(obj)
    state = FollowState(followable=True, type_key=entry.key, object_id=key[1], title=title_of(obj))
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        if entry.key == get_user_model()._meta.label_lower:
            state.title = ""  # a member's name may be for members only; the login link does not need it
        return state
    if entry.key == get_user_model()._meta.label_lower and key[1] == user.pk:
        state.is_self = True
        return state
    if not entry.allows(user, obj):
        return FollowState(followable=False)
    cache = _request_cache(request)
    if key not in cache.known and key[0] not in cache.complete_types:
        ids = Follow.objects.filter(user=user, content_type_id=key[0]).values_list("object_id", flat=True)
        cache.following |= {(key[0], object_id) for object_id in ids}
        cache.complete_types.add(key[0])
    state.following = key in cache.following
    return state


# --- "Meine Abos" ---------------------------------------------------------------------------------------------


@dataclass
class Subscription:
    target: object
    title: str
    url: str | None
    type_key: str
    created_at: object


@dataclass
class SubscriptionGroup:
    followable: Followable
    items: list[Subscription]

    @property
    def label(self):
        return self.followable.label


def subscriptions(user, request=None) -> list[SubscriptionGroup]:
    """Everything `user` follows, grouped by type in registration order: one query for the follows plus one per
    type the member follows something of. Targets that were unpublished or deactivated are left out."""
    by_type: dict[int, dict[int, object]] = defaultdict(dict)
    for content_type_id, object_id, created_at in Follow.objects.filter(user=user).values_list(
        "content_type_id", "object_id", "created_at"
    ):
        by_type[content_type_id][object_id] = created_at
    groups = []
    for entry in followables():
        try:
            content_type = ContentType.objects.get_for_model(entry.model)
        except LookupError:  # the app that registered it is not installed
            continue
        followed = by_type.get(content_type.pk)
        if not followed:
            continue
        targets = entry.objects().in_bulk(list(followed))
        items = [
            Subscription(
                target=target,
                title=entry.title_of(target),
                url=entry.url_of(target, request),
                type_key=entry.key,
                created_at=followed[pk],
            )
            for pk, target in targets.items()
            if entry.allows(user, target)
        ]
        if items:
            items.sort(key=lambda item: item.title.casefold())
            groups.append(SubscriptionGroup(followable=entry, items=items))
    return groups


# --- The built-in followables ------------------------------------------------------------------------------------


def _member_title(user) -> str:
    # Other members always see the display name (it can only be public or members-only); never the email.
    try:
        return user.profile.display_name or str(_("A member"))
    except Profile.DoesNotExist:
        return str(_("A member"))


def _member_url(user, request=None) -> str | None:
    from django.urls import reverse

    return reverse("members:profile", args=[user.pk])


register_followable(
    settings.AUTH_USER_MODEL,
    _("Members"),
    title=_member_title,
    url=_member_url,
    queryset=lambda model: model.objects.filter(is_active=True).select_related("profile"),
)


def _topic_url(tag, request=None) -> str:
    # Until a site-wide topic page exists, a topic leads to the members who work on it.
    from urllib.parse import urlencode

    from django.urls import reverse

    return f"{reverse('members:directory')}?{urlencode({'thema': tag.slug})}"


register_followable("taggit.Tag", _("Topics"), title=lambda tag: tag.name, url=_topic_url)
register_followable(
    "regions.RegionPage",
    _("MINT-Regionen"),
    queryset=lambda model: model.objects.live(),
)

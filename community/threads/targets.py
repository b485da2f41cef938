"""What a discussion can be attached to ("thread targets"), and who may read it.

A thread's readers are exactly its target's readers. Apps register target models by label, so this app never
imports them (knowledge/ and calls/ stay independent of community/threads):

    register_thread_target("practice.BestPracticePage")               # a Wagtail page: the defaults fit
    register_thread_target("events.Event", can_read=…, url=…, title=…)

For Wagtail pages the defaults are: readable when the page is live and every view restriction on it and its
ancestors lets the viewer in (login, groups, or a password entered in this session), exactly as Wagtail
decides when it serves the page; the URL is the page's URL; the title its title.

`can_read(user, obj, session)` is asked on every action, over HTTP and over the WebSocket (the socket passes
its session, so a page password entered in the browser counts there too).
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class ThreadTarget:
    key: str  # "app_label.modelname"
    can_read: Callable  # (user, obj, session) -> bool
    url: Callable  # (obj, request) -> str
    title: Callable  # (obj) -> str

    @property
    def model(self):
        return apps.get_model(self.key)


_targets: dict[str, ThreadTarget] = {}


def _key(label: str) -> str:
    app_label, _sep, model_name = label.partition(".")
    return f"{app_label.lower()}.{model_name.lower()}"


# --- Defaults for Wagtail pages ----------------------------------------------------------------------------


def page_can_read(user, page, session=None) -> bool:
    if page is None or not page.live:
        return False
    restrictions = list(page.get_view_restrictions())
    if not restrictions:
        return True
    request = SimpleNamespace(user=user or AnonymousUser(), session=session if session is not None else {})
    return all(restriction.accept_request(request) for restriction in restrictions)


def page_url(page, request=None) -> str:
    from home.chrome import relative_url, site_for_request

    site = site_for_request(request) if request is not None else None
    url = relative_url(page, site) if site is not None and page.url_path else None
    return url or page.get_url(request) or ""


def page_title(page) -> str:
    return page.title


def _generic_url(obj, request=None) -> str:
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""


def register_thread_target(label: str, *, can_read=None, url=None, title=None) -> None:
    """Allow discussions under instances of the model `label` ("app_label.Model"). A model that is not
    installed is skipped quietly when it is looked up (the calls app may come later than this one)."""
    key = _key(label)
    _targets[key] = ThreadTarget(
        key=key,
        can_read=can_read or _default_can_read,
        url=url or _default_url,
        title=title or _default_title,
    )


def _default_can_read(user, obj, session=None) -> bool:
    from wagtail.models import Page

    if isinstance(obj, Page):
        return page_can_read(user, obj, session)
    return False  # anything else must say who may read it


def _default_url(obj, request=None) -> str:
    from wagtail.models import Page

    return page_url(obj, request) if isinstance(obj, Page) else _generic_url(obj, request)


def _default_title(obj) -> str:
    return getattr(obj, "title", None) or str(obj)


def registered_keys() -> list[str]:
    return list(_targets)


def target_for_key(key: str) -> ThreadTarget | None:
    return _targets.get((key or "").lower())


def key_of(obj) -> str | None:
    """The registry key of an object (for a Wagtail page: its specific type), or None if not a target."""
    if obj is None or getattr(obj, "pk", None) is None:
        return None
    content_type = content_type_of(obj)
    key = f"{content_type.app_label}.{content_type.model}"
    return key if key in _targets else None


def content_type_of(obj) -> ContentType:
    """A page counts as its specific type (without loading it); anything else as its model."""
    from wagtail.models import Page

    if isinstance(obj, Page) and obj.content_type_id:
        return ContentType.objects.get_for_id(obj.content_type_id)
    return ContentType.objects.get_for_model(obj)


def entry_of(obj) -> ThreadTarget | None:
    key = key_of(obj)
    return _targets[key] if key else None


def resolve(key: str, object_id) -> object | None:
    """The target a form names ("practice.bestpracticepage", 12), or None if the type is not registered or
    the object does not exist."""
    entry = target_for_key(key)
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        return None
    if entry is None or object_id <= 0:
        return None
    try:
        model = entry.model
    except LookupError:
        return None
    return model._default_manager.filter(pk=object_id).first()


def can_read(user, obj, session=None) -> bool:
    entry = entry_of(obj)
    return entry is not None and bool(entry.can_read(user, obj, session))


def url_of(obj, request=None) -> str:
    entry = entry_of(obj)
    return entry.url(obj, request) if entry else ""


def title_of(obj) -> str:
    entry = entry_of(obj)
    return str(entry.title(obj) if entry else obj)


def content_type_for_id(content_type_id: int) -> ContentType:
    return ContentType.objects.get_for_id(content_type_id)

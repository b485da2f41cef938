"""The site chrome (main navigation, footer links, site settings), cached between requests.

Every page shows the same navigation and footer; building them costs several queries (menu pages, view
restrictions, footer pages, settings). They are cached per site under a version number that any change to
pages or settings bumps (see the signal handlers at the bottom), so editors see their change at once.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

VERSION_KEY = "site-chrome:version"
TIMEOUT = 60 * 60


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.set(VERSION_KEY, version, None)
    return version


def invalidate(**_kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def site_for_request(request) -> Site | None:
    if not hasattr(request, "_netzwerkstatt_site"):
        request._netzwerkstatt_site = Site.find_for_request(request)
    return request._netzwerkstatt_site


def _build(site: Site, request) -> dict:
    from home.models import SiteSettings, StandardPage

    root = site.root_page
    menu = root.get_children().live().public().in_menu().only("id", "path", "url_path", "title")
    nav = [{"title": p.title, "url": p.get_url(request)} for p in menu]
    footer_pages = (
        StandardPage.objects.live()
        .public()
        .descendant_of(root)
        .filter(show_in_footer=True)
        .order_by("path")
        .only("id", "path", "url_path", "title")
    )
    footer_links = [{"title": p.title, "url": p.get_url(request)} for p in footer_pages]
    site_settings = SiteSettings.for_site(site)
    footer_links += [{"title": b.value["label"], "url": b.value["url"]} for b in site_settings.footer_links]
    return {
        "nav": [item for item in nav if item["url"]],
        "footer_links": footer_links,
        "settings": {
            "contact_email": site_settings.contact_email,
            "contact_address": site_settings.contact_address,
            "footer_text": site_settings.footer_text,
        },
    }


def get_chrome(request) -> dict:
    if hasattr(request, "_netzwerkstatt_chrome"):
        return request._netzwerkstatt_chrome
    site = site_for_request(request)
    if site is None:
        chrome = {"nav": [], "footer_links": [], "settings": {}}
    else:
        key = f"site-chrome:{site.pk}:{_version()}"
        chrome = cache.get(key)
        if chrome is None:
            chrome = _build(site, request)
            cache.set(key, chrome, TIMEOUT)
    request._netzwerkstatt_chrome = chrome
    return chrome


def connect_signals() -> None:
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(invalidate, dispatch_uid=f"site-chrome-{signal!r}")
    post_delete.connect(invalidate, sender=Page, dispatch_uid="site-chrome-page-delete")
    for model in (PageViewRestriction, Site):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"site-chrome-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"site-chrome-delete-{model.__name__}")


@receiver(post_save, dispatch_uid="site-chrome-settings")
def _settings_saved(sender, **kwargs):
    from home.models import SiteSettings

    if sender is SiteSettings:
        invalidate()

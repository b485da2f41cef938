"""The site chrome (main navigation, footer links, site settings), cached between requests.

Every page shows the same navigation and footer; building them costs several queries (menu pages, view
restrictions, footer pages, settings). They are cached per site under a version number that any change to
pages or settings bumps (see the signal handlers at the bottom), so editors see their change at once.
"""

from django.core.cache import cache
from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache_versions import CacheVersion

CHROME = CacheVersion("site-chrome")

# Sections of the site that are views rather than pages (topics, channels, the member directory): apps add them
# to the main navigation in their AppConfig.ready(), after the menu pages of the page tree.
_app_nav_links: list[tuple[int, object, str]] = []


def add_nav_link(title, url_name: str, *, order: int = 100) -> None:
    """Show `reverse(url_name)` as `title` in the main navigation; lower `order` comes first."""
    entry = (order, title, url_name)
    if entry not in _app_nav_links:
        _app_nav_links.append(entry)
        _app_nav_links.sort(key=lambda item: item[0])


def app_nav_links() -> list[dict]:
    from django.urls import reverse

    return [{"title": str(title), "url": reverse(url_name)} for _order, title, url_name in _app_nav_links]


TIMEOUT = 60 * 60
invalidate = CHROME.bump


def site_for_request(request) -> Site | None:
    if not hasattr(request, "_netzwerkstatt_site"):
        request._netzwerkstatt_site = Site.find_for_request(request)
    return request._netzwerkstatt_site


def _versioned_key(*parts) -> str:
    return CHROME.key(*parts)


def exclude_restricted(queryset):
    """Like Wagtail's `.public()`, but as a subquery: no extra query for the view restrictions.

    A page is not public when it or one of its ancestors carries a view restriction, i.e. when a restricted
    page's tree path is a prefix of its own.
    """
    restricted_ancestor = PageViewRestriction.objects.alias(
        outer_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(outer_path__startswith=F("page__path"))
    return queryset.exclude(Exists(restricted_ancestor))


def relative_url(page: Page, site: Site) -> str | None:
    """The page's URL on this site without Wagtail's site-root lookup (one query on a cold cache)."""
    root_path = site.root_page.url_path
    if not page.url_path.startswith(root_path):
        return None
    return "/" + page.url_path[len(root_path) :]


def _build(site: Site, request) -> dict:
    from home.models import SiteSettings

    root = site.root_page
    # Menu pages (children of the home page) and footer pages (standard pages flagged for it) in one query.
    pages = exclude_restricted(
        Page.objects.live()
        .descendant_of(root)
        .filter(Q(depth=root.depth + 1, show_in_menus=True) | Q(standardpage__show_in_footer=True))
        .order_by("path")
        .annotate(in_footer=F("standardpage__show_in_footer"))
        .only("id", "path", "depth", "url_path", "title", "show_in_menus")
    )
    nav, footer_links = [], []
    for page in pages:
        link = {"title": page.title, "url": relative_url(page, site)}
        if not link["url"]:
            continue
        if page.depth == root.depth + 1 and page.show_in_menus:
            nav.append(link)
        if page.in_footer:
            footer_links.append(link)
    site_settings = SiteSettings.for_site(site)
    footer_links += [{"title": b.value["label"], "url": b.value["url"]} for b in site_settings.footer_links]
    return {
        "nav": nav,
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
        key = _versioned_key("site", site.pk)
        chrome = cache.get(key)
        if chrome is None:
            chrome = _build(site, request)
            cache.set(key, chrome, TIMEOUT)
    request._netzwerkstatt_chrome = chrome
    return chrome


def get_breadcrumbs(page: Page, request) -> list[dict]:
    """Links to the ancestors of a page below the tree root, cached like the rest of the chrome."""
    if page.depth <= 2:
        return []
    key = _versioned_key("crumbs", page.pk)
    crumbs = cache.get(key)
    if crumbs is None:
        site = site_for_request(request)
        ancestors = page.get_ancestors().live().filter(depth__gt=1).only("id", "path", "url_path", "title")
        crumbs = [
            {"title": a.title, "url": relative_url(a, site) if site else a.get_url(request)}
            for a in ancestors
        ]
        cache.set(key, crumbs, TIMEOUT)
    return crumbs


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

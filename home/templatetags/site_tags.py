"""Template tags used on every page: navigation, breadcrumbs, footer, Markdown."""

from django import template
from django.utils.safestring import SafeString
from wagtail.models import Page

from home.chrome import app_nav_links, get_breadcrumbs, get_chrome
from home.text import render_markdown

register = template.Library()


@register.inclusion_tag("home/includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    if request is None:
        return {"items": []}
    items = [
        {**item, "active": request.path.startswith(item["url"]) and item["url"] != "/"}
        for item in [*get_chrome(request)["nav"], *app_nav_links()]
    ]
    return {"items": items}


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    request = context.get("request")
    page = context.get("page") or context.get("self")
    crumbs = get_breadcrumbs(page, request) if isinstance(page, Page) and request is not None else []
    return {"crumbs": crumbs, "current": page}


@register.inclusion_tag("home/includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    chrome = get_chrome(request) if request is not None else {"footer_links": [], "settings": {}}
    return {
        "settings": chrome["settings"],
        "links": chrome["footer_links"],
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter(name="markdown")
def markdown_filter(value) -> SafeString:
    return render_markdown(str(value or ""))


@register.simple_tag(takes_context=True)
def page_extras(context, page):
    """Sections other apps attach to this page (home/page_extras.py), e.g. a discussion thread."""
    from home.page_extras import render_page_extras

    request = context.get("request")
    if request is None or page is None:
        return ""
    return render_page_extras(request, page)

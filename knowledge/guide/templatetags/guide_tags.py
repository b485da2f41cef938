"""Template tags of the guide's pages."""

import re

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_SITE_RELATIVE_HREF = re.compile(r'href="/(?!/)')


class AbsoluteLinksNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        output = self.nodelist.render(context)
        request = context.get("request")
        if request is None:
            return output
        origin = request.build_absolute_uri("/").rstrip("/")
        # The rendered output is already escaped template output; only the start of site-relative hrefs changes.
        return mark_safe(_SITE_RELATIVE_HREF.sub(f'href="{origin}/', output))  # nosec B308, B703: already autoescaped template output; only site-relative hrefs get the (ALLOWED_HOSTS-checked) origin


@register.tag
def absolute_links(parser, token):
    """{% absolute_links %}…{% endabsolute_links %}: site-relative links inside become absolute, so that the
    printed guide (which prints every link's address) shows addresses a reader can type."""
    nodelist = parser.parse(("endabsolute_links",))
    parser.delete_first_token()
    return AbsoluteLinksNode(nodelist)

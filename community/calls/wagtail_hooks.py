"""Calls in the admin: the "Call registrations" area, and a "Participants" entry in each call page's menus."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from .admin_views import CallsAdminViewSet, can_see_participants
from .models import CommunityCallPage


@hooks.register("register_admin_viewset")
def register_calls_viewset():
    return CallsAdminViewSet()


class ParticipantsMenuItem(PageMenuItem):
    label = _("Participants")
    icon_name = "group"
    url_name = "calls_admin:participants"

    def is_shown(self, user):
        return can_see_participants(user, self.page)


def _is_call(page) -> bool:
    return page is not None and page.specific_class is CommunityCallPage


@hooks.register("register_page_header_buttons")
def participants_header_button(page, user, view_name, next_url=None):
    if _is_call(page):
        yield ParticipantsMenuItem(page=page, priority=45)


@hooks.register("register_page_listing_more_buttons")
def participants_listing_button(page, user, next_url=None):
    if _is_call(page):
        yield ParticipantsMenuItem(page=page, priority=45)

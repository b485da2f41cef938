"""The "Themen" area of the admin (merge and rename topics) and the log actions it writes."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from .admin_views import TopicViewSet
from .merge import MERGE_ACTION, RENAME_ACTION


@hooks.register("register_admin_viewset")
def register_topic_viewset():
    return TopicViewSet()


class MergeFormatter(LogFormatter):
    label = _("Merge topics")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        sources = ", ".join(
            gettext("“%(name)s”") % {"name": source.get("name", "")} for source in data.get("sources", [])
        )
        target = (data.get("target") or {}).get("name", "")
        return gettext("Merged %(sources)s into “%(target)s”.") % {"sources": sources, "target": target}


class RenameFormatter(LogFormatter):
    label = _("Rename topic")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return gettext("Renamed “%(old)s” to “%(new)s”.") % {
            "old": data.get("old_name", ""),
            "new": data.get("name", ""),
        }


@hooks.register("register_log_actions")
def register_topic_log_actions(actions):
    actions.register_action(MERGE_ACTION)(MergeFormatter)
    actions.register_action(RENAME_ACTION)(RenameFormatter)

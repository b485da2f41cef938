"""Community calls with their agenda and minutes.

Never indexed: the video-conference link and the recording link (URL fields meant for participants and
readers of the page, not for the index; search.analysis.strip_urls() also drops any address from the text),
and member hosts (their names follow the members' profile visibility; guest hosts are public on the page).
"""

from django.utils.translation import gettext_lazy as _

from search.engines.base import PUBLIC, IndexDocument

from .pages import PageSource, join, stream_text

DOC_TYPE = "call"


class CallSource(PageSource):
    name = "call"
    model_label = "calls.CommunityCallPage"
    doc_types = {DOC_TYPE: (_("Community call"), _("Community calls"), 40)}

    def queryset(self):
        return super().queryset().prefetch_related("tags", "hosts")

    def documents(self, call) -> list[IndexDocument]:
        from django.utils.html import strip_tags

        guests = [host.name for host in call.hosts.all() if not host.user_id and host.name]
        tags, slugs = self.tags(call)
        minutes = join(
            call.minutes_place,
            call.minute_taker,
            stream_text(call.minutes_topics),
            stream_text(call.minutes_decisions),
            stream_text(call.minutes_action_items),
            strip_tags(call.minutes_next_steps or ""),
        )
        return [
            IndexDocument(
                key=self.key(call.pk),
                doc_type=DOC_TYPE,
                object_model=self.object_model,
                object_id=call.pk,
                audiences=(PUBLIC,),
                title=call.title,
                url=self.url(call),
                summary=call.summary,
                body=join(
                    strip_tags(call.description or ""), stream_text(call.agenda), ", ".join(guests), minutes
                ),
                tags=tags,
                tag_slugs=slugs,
                date=call.start_at,
            )
        ]

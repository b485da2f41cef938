"""Topics in the Wagtail admin ("Themen"): every tag with its uses, merging several into one (with a confirmation
step that shows what will move) and renaming. Only editors (can_manage_topics) get in; the work itself is done
by merge.py."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from taggit.models import Tag
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import ModelLogEntry

from home.topics import topic_path

from .forms import MergeForm, RenameForm
from .merge import (
    MERGE_ACTION,
    RENAME_ACTION,
    TopicChangeError,
    can_manage_topics,
    merge_tags,
    rename_tag,
    usage_annotation,
)

PER_PAGE = 50
SORTS = {"name": (Lower("name"), "pk"), "-uses": ("-uses", Lower("name")), "uses": ("uses", Lower("name"))}
MAX_QUERY_LENGTH = 100


class TopicAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_topics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse("topics_admin:index"), "label": gettext("Topics")}]
        if self.page_title != _("Topics"):
            items.append({"url": "", "label": self.get_page_title()})
        return items


class TopicIndexView(TopicAdminView):
    template_name = "topics/admin/index.html"
    page_title = _("Topics")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = " ".join(self.request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
        sort = self.request.GET.get("sortierung", "name")
        if sort not in SORTS:
            sort = "name"
        tags = Tag.objects.annotate(uses=usage_annotation())
        if query:
            tags = tags.filter(Q(name__icontains=query) | Q(slug__icontains=query))
        tags = tags.order_by(*SORTS[sort])
        page = Paginator(tags, PER_PAGE).get_page(self.request.GET.get("p"))
        for tag in page:
            tag.public_url = topic_path(tag)
        history = (
            ModelLogEntry.objects.filter(action__in=[MERGE_ACTION, RENAME_ACTION])
            .select_related("user__profile")
            .order_by("-timestamp")[:10]
        )
        context.update(
            {
                "page_obj": page,
                "tags": page.object_list,
                "query": query,
                "sort": sort,
                "history": history,
                "merge_url": reverse("topics_admin:merge"),
                "elided_page_range": page.paginator.get_elided_page_range(page.number),
            }
        )
        return context


def _selected_ids(data) -> list[int]:
    ids = []
    for value in data.getlist("sources") or data.getlist("tags"):
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return ids[:200]


class TopicMergeView(TopicAdminView):
    """GET ?tags=… shows the form; POST "preview" shows what will move; POST "merge" does it."""

    template_name = "topics/admin/merge.html"
    page_title = _("Merge topics")

    def _form(self, data=None):
        source = data if data is not None else self.request.GET
        ids = _selected_ids(source)
        offered = list(
            Tag.objects.filter(pk__in=ids).annotate(uses=usage_annotation()).order_by(Lower("name"))
        )
        initial = {"sources": [tag.pk for tag in offered]}
        if data is None and len(offered) > 1:
            # The most used topic is the likely survivor.
            initial["target"] = max(offered, key=lambda tag: tag.uses).name
        return MergeForm(data, offered=offered, user=self.request.user, initial=initial), offered

    def get(self, request, *args, **kwargs):
        form, offered = self._form()
        if not offered:
            messages.warning(request, gettext("Please choose the topics to merge in the list first."))
            return redirect("topics_admin:index")
        return self.render_to_response(self.get_context_data(form=form, offered=offered))

    def post(self, request, *args, **kwargs):
        form, offered = self._form(request.POST)
        action = request.POST.get("action", "preview")
        if action == "edit" or not form.is_valid():
            if action == "edit":
                form.errors.clear()
            return self.render_to_response(self.get_context_data(form=form, offered=offered))
        if action != "merge":
            return self.render_to_response(
                self.get_context_data(form=form, offered=offered, plan=form.plan, confirming=True)
            )
        try:
            result = merge_tags(form.cleaned_data["sources"], form.cleaned_data["target"], user=request.user)
        except TopicChangeError as error:
            form.add_error("target", str(error))
            return self.render_to_response(self.get_context_data(form=form, offered=offered))
        names = ", ".join(gettext("“%(name)s”") % {"name": tag.name} for tag in result.sources)
        messages.success(
            request,
            gettext("Merged %(sources)s into “%(target)s”.")
            % {"sources": names, "target": result.target.name},
        )
        return redirect(f"{reverse('topics_admin:index')}?{urlencode({'q': result.target.name})}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tag_names"] = Tag.objects.order_by(Lower("name")).values_list("name", flat=True)
        context["index_url"] = reverse("topics_admin:index")
        return context


class TopicRenameView(TopicAdminView):
    template_name = "topics/admin/rename.html"
    page_title = _("Rename topic")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.tag = get_object_or_404(Tag, pk=kwargs["pk"])

    def get(self, request, *args, **kwargs):
        form = RenameForm(initial={"name": self.tag.name})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = RenameForm(request.POST)
        if form.is_valid():
            old_name = self.tag.name
            try:
                changed = rename_tag(self.tag, form.cleaned_data["name"], user=request.user)
            except TopicChangeError as error:
                form.add_error("name", str(error))
            else:
                if changed:
                    messages.success(
                        request,
                        gettext("Renamed “%(old)s” to “%(new)s”; the old address leads to the new one.")
                        % {"old": old_name, "new": self.tag.name},
                    )
                return redirect("topics_admin:index")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tag = self.tag
        tag.public_url = topic_path(tag)
        context.update({"tag": tag, "index_url": reverse("topics_admin:index")})
        return context


class TopicsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_topics(request.user)


class TopicViewSet(ViewSet):
    menu_item_class = TopicsMenuItem
    name = "topics_admin"
    url_prefix = "themen"
    icon = "tag"
    add_to_admin_menu = True
    menu_label = _("Topics")
    menu_order = 260

    def get_urlpatterns(self):
        return [
            path("", TopicIndexView.as_view(), name="index"),
            path("zusammenfuehren/", TopicMergeView.as_view(), name="merge"),
            path("<int:pk>/umbenennen/", TopicRenameView.as_view(), name="rename"),
        ]

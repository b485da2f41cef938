"""Merging and renaming topics (taggit tags), for editors in the admin (see admin_views.py).

A merge moves everything that carries one of the old tags to the target tag, in one transaction:

1. Tagged items: every model with a foreign key to Tag, found at start-up rather than listed (taggit's
   ItemBase subclasses such as PracticePageTag or ProfileTag, taggit's generic TaggedItem for images and
   documents, automatic many-to-many tables, and any plain foreign key). An object that carries several of the
   merged tags, or the target already, keeps a single tagging.
2. Revisions: Wagtail keeps a page's tags in the latest revision as a list of tag ids ("tagged_items": [{"tag":
   12, …}]), and the editor and the next publish start from that revision. The latest revision of every object
   with tags (and every revision scheduled to go live) is rewritten to the target id, so a later publish keeps
   the tagging. Older revisions are left alone: reverting to one drops the old tag (modelcluster skips child rows
   whose tag no longer exists) instead of failing.
3. Everything else that refers to tags by id: receivers of the `tags_merging` signal (community/integrations
   moves the follows of the old tags this way, since knowledge/ never imports community/).
4. The old topic pages and feeds redirect to the target's (wagtail.contrib.redirects).
5. The action is logged (Wagtail's log entries on the target tag: who, what, when), then the old tags are
   deleted. After the commit, the search index and reference index entries of the affected objects are updated.

`tags_merging` receivers get `sources` (the old tags), `target`, `user` and `dry_run`. With dry_run=True they
change nothing and return a MergeContribution saying what they would move (the confirmation step shows it);
otherwise they move it inside the merge's transaction, before the old tags are deleted.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from home.topics import sort_key, topic_path

logger = logging.getLogger(__name__)

tags_merging = Signal()

MERGE_ACTION = "topics.merge"
RENAME_ACTION = "topics.rename"
NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length
BATCH = 500


class TopicChangeError(ValueError):
    """A merge or rename that cannot be done; the message is for the editor."""


@dataclass
class MergeContribution:
    label: str | Promise
    count: int


@dataclass
class Usage:
    label: str | Promise
    count: int


@dataclass
class MergePlan:
    sources: list[Tag]
    target: Tag | None
    target_name: str
    usages: list[Usage] = field(default_factory=list)
    revisions: int = 0
    contributions: list[MergeContribution] = field(default_factory=list)

    @property
    def creates_target(self) -> bool:
        return self.target is None


@dataclass
class MergeResult(MergePlan):
    redirects: int = 0


# --- Where tags are used ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TagRelation:
    """A model with a foreign key to Tag, and what identifies the object a row tags (for de-duplication)."""

    model: type[models.Model]
    tag_field: models.ForeignKey
    object_fields: tuple[str, ...]  # attnames; empty for a plain foreign key (nothing to de-duplicate)

    @property
    def is_tagging(self) -> bool:
        return bool(self.object_fields)

    def rows(self, tag_ids):
        return self.model._default_manager.filter(**{f"{self.tag_field.attname}__in": list(tag_ids)})


def _object_fields(model, tag_field) -> tuple[str, ...]:
    names = {f.name: f for f in model._meta.concrete_fields}
    content_object = names.get("content_object")
    if content_object is not None and content_object.is_relation:
        return (content_object.attname,)
    if "content_type" in names and "object_id" in names:
        return (names["content_type"].attname, "object_id")
    if model._meta.auto_created:  # a plain ManyToManyField(Tag): the other side's key
        return tuple(f.attname for f in model._meta.concrete_fields if f.is_relation and f is not tag_field)
    return ()


def tag_relations() -> list[TagRelation]:
    relations = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if model_field.many_to_one and model_field.related_model is Tag:
                relations.append(TagRelation(model, model_field, _object_fields(model, model_field)))
    return relations


def _tagged_model(relation: TagRelation):
    """The model whose objects a relation tags (None for generic relations: see the content types)."""
    if relation.object_fields and relation.object_fields[0] != "content_type_id":
        for model_field in relation.model._meta.concrete_fields:
            if model_field.attname == relation.object_fields[0] and model_field.is_relation:
                return model_field.related_model
    return None


def _plural(model) -> str | Promise:
    return model._meta.verbose_name_plural if model is not None else _("other objects")


def usage_annotation():
    """An expression counting every use of a tag, across all relations (for the admin's list, sortable)."""
    total = None
    for relation in tag_relations():
        per_tag = (
            relation.model._default_manager.filter(**{relation.tag_field.attname: OuterRef("pk")})
            .order_by()
            .values(relation.tag_field.attname)
            .annotate(uses=Count("pk"))
            .values("uses")
        )
        count = Coalesce(Subquery(per_tag, output_field=IntegerField()), Value(0))
        total = count if total is None else total + count
    return total if total is not None else Value(0, output_field=IntegerField())


def usages_of(tag_ids) -> list[Usage]:
    """What carries these tags, per kind of object (distinct objects): one or two queries per relation."""
    counts: dict[object, int] = defaultdict(int)
    for relation in tag_relations():
        rows = relation.rows(tag_ids).order_by()
        if not relation.is_tagging:
            number = rows.count()
            if number:
                counts[relation.model._meta.verbose_name_plural] += number
            continue
        if relation.object_fields[0] == "content_type_id":
            for content_type_id, number in (
                rows.values("content_type_id")
                .annotate(objects=Count("object_id", distinct=True))
                .values_list("content_type_id", "objects")
            ):
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                counts[_plural(model)] += number
            continue
        number = rows.values(*relation.object_fields).distinct().count()
        if number:
            counts[_plural(_tagged_model(relation))] += number
    return [Usage(label=label, count=number) for label, number in counts.items()]


# --- Moving tagged rows -------------------------------------------------------------------------------------


def _batched(values: list):
    for start in range(0, len(values), BATCH):
        yield values[start : start + BATCH]


def _move_rows(relation: TagRelation, source_ids: list[int], target_id: int, affected: dict) -> int:
    """Point the relation's rows from the sources to the target, one row per tagged object. Returns how many
    objects carry the target through this relation because of the merge."""
    manager = relation.model._default_manager
    tag_attname = relation.tag_field.attname
    rows = list(relation.rows(source_ids).order_by("pk").values_list("pk", *relation.object_fields))
    if not rows:
        return 0
    if not relation.is_tagging:
        ids = [row[0] for row in rows]
        for batch in _batched(ids):
            manager.filter(pk__in=batch).update(**{tag_attname: target_id})
        return len(ids)

    last_field = relation.object_fields[-1]
    object_values = sorted({row[-1] for row in rows}, key=str)
    tagged_already = set()
    for batch in _batched(object_values):
        tagged_already |= set(
            manager.filter(**{tag_attname: target_id, f"{last_field}__in": batch}).values_list(
                *relation.object_fields
            )
        )
    keep, drop = [], []
    for pk, *key in rows:
        key = tuple(key)
        if key in tagged_already:
            drop.append(pk)
        else:
            tagged_already.add(key)
            keep.append(pk)
        _remember(relation, key, affected)
    for batch in _batched(drop):
        manager.filter(pk__in=batch).delete()
    for batch in _batched(keep):
        manager.filter(pk__in=batch).update(**{tag_attname: target_id})
    return len(keep)


def _remember(relation: TagRelation, key: tuple, affected: dict) -> None:
    if relation.object_fields[0] == "content_type_id":
        content_type_id, object_id = key
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    else:
        model, object_id = _tagged_model(relation), key[0]
    if model is not None:
        affected[model].add(object_id)


# --- Revisions ----------------------------------------------------------------------------------------------


def _revision_specs() -> dict[type, tuple[list[tuple[str, tuple[str, ...]]], list[str]]]:
    """For each model with revisions and tags: (child relations holding tag ids with their field names,
    many-to-many fields to Tag kept in the revision)."""
    from modelcluster.fields import ParentalManyToManyField
    from modelcluster.models import get_all_child_relations
    from wagtail.models import RevisionMixin

    specs = {}
    for model in apps.get_models():
        if not issubclass(model, RevisionMixin) or model._meta.abstract:
            continue
        children = []
        for relation in get_all_child_relations(model):
            child = relation.related_model
            names = tuple(
                f.name for f in child._meta.concrete_fields if f.many_to_one and f.related_model is Tag
            )
            if names:
                children.append((relation.get_accessor_name(), names))
        m2m = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, ParentalManyToManyField) and f.related_model is Tag
        ]
        if children or m2m:
            specs[model] = (children, m2m)
    return specs


def _rewrite_ids(values: list, source_ids: set[int], target_id: int) -> tuple[list, bool]:
    result, changed = [], False
    for value in values:
        if value in source_ids:
            value, changed = target_id, True
        if value not in result:
            result.append(value)
        else:
            changed = True
    return result, changed


def _rewrite_children(items: list, names: tuple[str, ...], source_ids: set[int], target_id: int) -> bool:
    def mentions_source(item) -> bool:
        return isinstance(item, dict) and any(item.get(name) in source_ids for name in names)

    if not any(mentions_source(item) for item in items):
        return False
    # Taggings that carried the target already exist in the database: keep those, drop rewritten duplicates.
    existing = {
        tuple(item.get(name) for name in names)
        for item in items
        if isinstance(item, dict) and not mentions_source(item)
    }
    kept, seen = [], set()
    for item in items:
        if not isinstance(item, dict):
            kept.append(item)
            continue
        rewritten = mentions_source(item)
        for name in names:
            if item.get(name) in source_ids:
                item[name] = target_id
        key = tuple(item.get(name) for name in names)
        if (rewritten and key in existing) or key in seen:
            continue
        seen.add(key)
        kept.append(item)
    items[:] = kept
    return True


def rewrite_revision_content(content: dict, spec, source_ids: set[int], target_id: int) -> bool:
    children, m2m = spec
    changed = False
    for key, names in children:
        items = content.get(key)
        if isinstance(items, list) and _rewrite_children(items, names, source_ids, target_id):
            changed = True
    for name in m2m:
        values = content.get(name)
        if isinstance(values, list):
            rewritten, value_changed = _rewrite_ids(values, source_ids, target_id)
            if value_changed:
                content[name] = rewritten
                changed = True
    return changed


def _candidate_revisions():
    """The revisions whose tags matter: the latest of every object with tags, and those scheduled to publish."""
    from wagtail.models import Page, Revision

    specs = _revision_specs()
    if not specs:
        return Revision.objects.none(), specs
    page_models = [model for model in specs if issubclass(model, Page)]
    other_models = [model for model in specs if not issubclass(model, Page)]
    latest = set()
    if page_models:
        content_types = ContentType.objects.get_for_models(*page_models, for_concrete_models=False).values()
        latest |= set(
            Page.objects.filter(content_type__in=content_types, latest_revision__isnull=False).values_list(
                "latest_revision_id", flat=True
            )
        )
    for model in other_models:
        if any(f.name == "latest_revision" for f in model._meta.get_fields()):
            latest |= set(
                model._default_manager.filter(latest_revision__isnull=False).values_list(
                    "latest_revision_id", flat=True
                )
            )
    content_types = ContentType.objects.get_for_models(*specs, for_concrete_models=False).values()
    scheduled = Revision.objects.filter(content_type__in=content_types, approved_go_live_at__isnull=False)
    revisions = Revision.objects.filter(pk__in=latest) | scheduled
    return revisions.select_related("content_type"), specs


def rewrite_revisions(source_ids, target_id: int, *, dry_run: bool = False) -> int:
    """Rewrite the tag ids in the revisions that matter (see _candidate_revisions). Returns how many changed."""
    revisions, specs = _candidate_revisions()
    source_ids = set(source_ids)
    changed = 0
    for revision in revisions.only("pk", "content", "content_type").iterator(chunk_size=200):
        model = revision.content_type.model_class()
        spec = specs.get(model)
        if spec is None or not isinstance(revision.content, dict):
            continue
        if rewrite_revision_content(revision.content, spec, source_ids, target_id):
            changed += 1
            if not dry_run:
                type(revision).objects.filter(pk=revision.pk).update(content=revision.content)
    return changed


# --- Redirects --------------------------------------------------------------------------------------------


def _topic_paths(slug: str) -> list[str]:
    base = topic_path(slug)
    return [base, f"{base}rss/", f"{base}atom/"]


def redirect_topic(old_slug: str, new_slug: str) -> int:
    """Let the old topic page and feeds lead to the new ones (and earlier redirects to the old ones, too)."""
    from wagtail.contrib.redirects.models import Redirect

    if old_slug == new_slug:
        return 0
    created = 0
    for old_path, new_path in zip(_topic_paths(old_slug), _topic_paths(new_slug), strict=True):
        Redirect.objects.filter(redirect_link=old_path).update(redirect_link=new_path)
        _redirect, was_created = Redirect.objects.update_or_create(
            old_path=Redirect.normalise_path(old_path),
            site=None,
            defaults={"redirect_link": new_path, "redirect_page": None, "is_permanent": True},
        )
        created += int(was_created)
    # A path the new topic answers itself must not point elsewhere.
    Redirect.objects.filter(
        old_path__in=[Redirect.normalise_path(p) for p in _topic_paths(new_slug)]
    ).delete()
    return created


# --- Search and reference index ---------------------------------------------------------------------------


def refresh_indexes(affected: dict) -> None:
    """Re-index the objects whose tags changed (their search documents contain the tag names)."""
    from wagtail.models import ReferenceIndex
    from wagtail.search import index

    for model, ids in affected.items():
        indexed = index.class_is_indexed(model)
        referenced = ReferenceIndex.is_indexed(model)
        if not (indexed or referenced):
            continue
        for obj in model._default_manager.filter(pk__in=list(ids)).iterator():
            try:
                if hasattr(obj, "specific"):
                    obj = obj.specific
                if indexed:
                    index.insert_or_update_object(obj)
                if referenced:
                    ReferenceIndex.create_or_update_for_object(obj)
            except (
                Exception
            ):  # the merge itself is committed; a stale index entry must not turn it into an error
                logger.exception("Could not re-index %s %s after a topic change", model.__name__, obj.pk)


def _objects_tagged_with(tag_ids) -> dict:
    affected = defaultdict(set)
    for relation in tag_relations():
        if not relation.is_tagging:
            continue
        for row in relation.rows(tag_ids).values_list(*relation.object_fields):
            _remember(relation, tuple(row), affected)
    return affected


# --- Names --------------------------------------------------------------------------------------------------


def clean_topic_name(value: str) -> str:
    """Whitespace collapsed; a name needs a letter or digit (it becomes the address of the topic page)."""
    name = " ".join((value or "").split()).strip().strip('"').strip()
    if not name:
        raise TopicChangeError(gettext("Please enter a name for the topic."))
    if len(name) > NAME_MAX_LENGTH:
        raise TopicChangeError(
            gettext("A topic may have at most %(limit)s characters.") % {"limit": NAME_MAX_LENGTH}
        )
    if not slugify(name, allow_unicode=True):
        raise TopicChangeError(gettext("A topic name needs at least one letter or digit."))
    return name


def find_tag(name: str) -> Tag | None:
    """The tag with this name: the exact spelling first, else ignoring case (the vocabulary is case-insensitive)."""
    return (
        Tag.objects.filter(name=name).first() or Tag.objects.filter(name__iexact=name).order_by("pk").first()
    )


def _unique_slug(name: str, exclude_pk: int | None = None) -> str:
    base = Tag().slugify(name)
    taken = set(
        Tag.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 1
    while f"{base}_{number}" in taken:
        number += 1
    return Tag().slugify(name, number)


# --- Merge ---------------------------------------------------------------------------------------------------


def plan_merge(sources, target_name: str, user=None) -> MergePlan:
    """What a merge would do, without doing it (the confirmation step). Raises TopicChangeError."""
    if not sources:
        raise TopicChangeError(gettext("Please choose at least one topic to merge."))
    target_name = clean_topic_name(target_name)
    target = find_tag(target_name)
    sources = sorted(
        {tag.pk: tag for tag in sources if target is None or tag.pk != target.pk}.values(),
        key=lambda tag: sort_key(tag.name),
    )
    if not sources:
        raise TopicChangeError(gettext("A topic cannot be merged into itself. Please choose another target."))
    source_ids = [tag.pk for tag in sources]
    plan = MergePlan(sources=sources, target=target, target_name=target_name)
    plan.usages = usages_of(source_ids)
    plan.revisions = rewrite_revisions(source_ids, target.pk if target else -1, dry_run=True)
    plan.contributions = _contributions(sources, target, user, dry_run=True)
    return plan


def _contributions(sources, target, user, *, dry_run: bool) -> list[MergeContribution]:
    responses = tags_merging.send(sender=Tag, sources=sources, target=target, user=user, dry_run=dry_run)
    return [response for _receiver, response in responses if isinstance(response, MergeContribution)]


def merge_tags(sources, target_name: str, user=None) -> MergeResult:
    """Merge `sources` into the tag called `target_name` (created if it does not exist), in one transaction."""
    from wagtail.log_actions import log

    target_name = clean_topic_name(target_name)
    with transaction.atomic():
        source_ids = sorted({tag.pk for tag in sources})
        # Lock the tags involved (PostgreSQL), so two editors cannot merge the same tags at once.
        locked = {tag.pk: tag for tag in Tag.objects.select_for_update().filter(pk__in=source_ids)}
        target = find_tag(target_name)
        created = target is None
        if created:
            target = Tag.objects.create(name=target_name, slug=_unique_slug(target_name))
        sources = sorted(
            (locked[pk] for pk in source_ids if pk in locked and pk != target.pk),
            key=lambda t: sort_key(t.name),
        )
        if not sources:
            if not created and target.pk in source_ids:
                raise TopicChangeError(
                    gettext("A topic cannot be merged into itself. Please choose another target.")
                )
            raise TopicChangeError(gettext("Please choose at least one topic to merge."))
        source_ids = [tag.pk for tag in sources]

        result = MergeResult(sources=sources, target=target, target_name=target_name)
        result.usages = usages_of(source_ids)
        affected: dict = defaultdict(set)
        for relation in tag_relations():
            _move_rows(relation, source_ids, target.pk, affected)
        result.revisions = rewrite_revisions(source_ids, target.pk)
        result.contributions = _contributions(sources, target, user, dry_run=False)
        for tag in sources:
            result.redirects += redirect_topic(tag.slug, target.slug)

        log(
            instance=target,
            action=MERGE_ACTION,
            user=user,
            data={
                "sources": [{"id": tag.pk, "name": tag.name, "slug": tag.slug} for tag in sources],
                "target": {"id": target.pk, "name": target.name, "slug": target.slug, "created": created},
                "usages": {str(usage.label): usage.count for usage in result.usages},
                "revisions": result.revisions,
                "other": {str(item.label): item.count for item in result.contributions},
            },
        )
        Tag.objects.filter(pk__in=source_ids).delete()
        if target.name != target_name:
            # "mint" merged into "MINT": the editor's spelling wins (only case can differ here).
            target.name = target_name
            target.save(update_fields=["name"])
        affected_now = {model: set(ids) for model, ids in affected.items()}
        transaction.on_commit(lambda: refresh_indexes(affected_now))
    return result


# --- Rename ------------------------------------------------------------------------------------------------


def rename_tag(tag: Tag, new_name: str, user=None) -> bool:
    """Give a tag a new name (and the matching address; the old one redirects). Returns False if nothing
    changed. Raises TopicChangeError when another topic has that name already (merge them instead)."""
    from wagtail.log_actions import log

    new_name = clean_topic_name(new_name)
    if new_name == tag.name:
        return False
    clash = Tag.objects.filter(name__iexact=new_name).exclude(pk=tag.pk).first()
    if clash is not None:
        raise TopicChangeError(
            gettext("The topic “%(name)s” exists already. To bring both together, merge them instead.")
            % {"name": clash.name}
        )
    with transaction.atomic():
        old_name, old_slug = tag.name, tag.slug
        new_slug = (
            old_slug
            if slugify(new_name, allow_unicode=True) == slugify(old_name, allow_unicode=True)
            else None
        )
        tag.name = new_name
        tag.slug = new_slug or _unique_slug(new_name, exclude_pk=tag.pk)
        tag.save()
        redirect_topic(old_slug, tag.slug)
        log(
            instance=tag,
            action=RENAME_ACTION,
            user=user,
            data={"old_name": old_name, "old_slug": old_slug, "name": tag.name, "slug": tag.slug},
        )
        affected = _objects_tagged_with([tag.pk])
        transaction.on_commit(lambda: refresh_indexes(affected))
    return True


def can_manage_topics(user) -> bool:
    """Editors (superusers and the group Redaktion, which holds these permissions; see community/members/roles.py)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("taggit.change_tag")
        and user.has_perm("taggit.delete_tag")
    )

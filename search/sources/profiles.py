"""Member profiles: one document per audience, holding only what that audience may see.

community/members/visibility.py decides: the public variant (audience "anonymous": visitors who are not logged
in) and the members variant ("members") each carry only the fields visible to them; a field set to "only me"
is in neither; a profile the public may not see at all (name not public, account inactive) has no public
document. A member searching sees the members variant, so nobody gets a profile twice.
"""

from django.utils.translation import gettext_lazy as _

from search.engines.base import ANONYMOUS, MEMBERS, IndexDocument

from . import Source

DOC_TYPE = "profile"
# (audience in visibility.py, audience in the index, key suffix)
VARIANTS = (("public", ANONYMOUS, "public"), ("members", MEMBERS, "members"))


class ProfileSource(Source):
    name = "profile"
    model_label = "members.Profile"
    doc_types = {DOC_TYPE: (_("Member"), _("Members"), 50)}

    def keys_for(self, pk) -> list[str]:
        return [f"{self.name}:{pk}:{suffix}" for _audience, _index_audience, suffix in VARIANTS]

    def queryset(self):
        from community.members.models import Profile

        return (
            Profile.objects.filter(user__is_active=True)
            .select_related("user", "region")
            .prefetch_related("topics")
            .order_by("pk")
        )

    def documents(self, profile) -> list[IndexDocument]:
        from community.members.visibility import Audience, profile_search_text, visible_profile

        documents = []
        for audience, index_audience, suffix in VARIANTS:
            text = profile_search_text(profile, Audience(audience))
            if not text:
                continue
            data = visible_profile(profile, audience=Audience(audience))
            topics = data.get("topics") or []
            role = data.get("role") or {}
            bundesland = data.get("bundesland") or {}
            documents.append(
                IndexDocument(
                    key=f"{self.name}:{profile.pk}:{suffix}",
                    doc_type=DOC_TYPE,
                    object_model=self.object_model,
                    object_id=profile.pk,
                    audiences=(index_audience,),
                    title=data["display_name"],
                    url=data["url"],
                    summary=" · ".join(
                        part for part in (str(role.get("label", "")), data.get("organisation") or "") if part
                    ),
                    body=text,
                    tags=tuple(topic["name"] for topic in topics),
                    tag_slugs=tuple(topic["slug"] for topic in topics),
                    bundesland=bundesland.get("value", ""),
                )
            )
        return documents

    def ids_with_tags(self, tag_ids: list[int]) -> list[int]:
        from community.members.models import ProfileTag

        return list(ProfileTag.objects.filter(tag_id__in=tag_ids).values_list("content_object_id", flat=True))

"""The directory: MINT-Regionen and state coordination offices (Landeskoordinierungsstellen).

Websites and contact addresses are not indexed; coordinators are members and reach the index only through
their own profiles (and only as far as their visibility settings allow).
"""

from django.utils.translation import gettext_lazy as _

from search.engines.base import PUBLIC, IndexDocument

from .pages import PageSource, join


class RegionSource(PageSource):
    name = "region"
    model_label = "regions.RegionPage"
    doc_types = {"region": (_("MINT-Region"), _("MINT-Regionen"), 30)}

    def queryset(self):
        return super().queryset().prefetch_related("tags")

    def documents(self, region) -> list[IndexDocument]:
        tags, slugs = self.tags(region)
        return [
            IndexDocument(
                key=self.key(region.pk),
                doc_type="region",
                object_model=self.object_model,
                object_id=region.pk,
                audiences=(PUBLIC,),
                title=region.title,
                url=self.url(region),
                summary=region.intro,
                body=join(
                    region.get_bundesland_display(),
                    region.area_covered,
                    region.goals,
                    region.financing,
                    region.get_organisational_form_display() if region.organisational_form else "",
                    ", ".join(str(label) for label in region.partner_type_labels),
                ),
                tags=tags,
                tag_slugs=slugs,
                bundesland=region.bundesland,
                date=region.last_published_at,
            )
        ]


class StateOfficeSource(PageSource):
    name = "state-office"
    model_label = "regions.StateOfficePage"
    doc_types = {"state_office": (_("State office"), _("State offices"), 31)}

    def documents(self, office) -> list[IndexDocument]:
        return [
            IndexDocument(
                key=self.key(office.pk),
                doc_type="state_office",
                object_model=self.object_model,
                object_id=office.pk,
                audiences=(PUBLIC,),
                title=office.title,
                url=self.url(office),
                summary=office.intro,
                body=join(office.get_bundesland_display(), office.organisation, office.description),
                bundesland=office.bundesland,
                date=office.last_published_at,
            )
        ]

"""Forms of the members area: editing one's profile, and the member directory's filters."""

from django import forms
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from home.choices import Bundesland
from home.tag_views import TagInput, TagsField
from home.text import clean_text

from .avatars import process_avatar
from .models import NetworkRole, Profile, Visibility

MAX_TOPICS = 12

VISIBILITY_CHOICES = [(value, label) for value, label in Visibility.choices]
# The display name cannot be hidden from members: it is how they know who they talk to.
DISPLAY_NAME_VISIBILITY_CHOICES = [c for c in VISIBILITY_CHOICES if c[0] != Visibility.HIDDEN]

# The order in which the profile form shows its fields, grouped into sections.
SECTIONS = [
    (_("About you"), ["display_name", "role", "organisation", "region", "bundesland"]),
    (_("Profile picture"), ["avatar"]),
    (_("What you bring and what you look for"), ["bio", "topics", "can_help_with", "looking_for"]),
]


def region_choices() -> list[tuple[int, str]]:
    """The live, public MINT-Regionen as (id, "Title (Bundesland)"), by title."""
    from community.regions.models import RegionPage
    from home.chrome import exclude_restricted

    regions = (
        exclude_restricted(RegionPage.objects.live())
        .order_by("title")
        .values_list("pk", "title", "bundesland")
    )
    states = dict(Bundesland.choices)
    return [(pk, f"{title} ({states.get(state, state)})") for pk, title, state in regions]


def visibility_field_name(field: str) -> str:
    return f"visibility_{field}"


class ProfileForm(forms.ModelForm):
    """The member's own profile, with a visibility choice per field. Pictures are re-encoded (avatars.py)."""

    region = forms.TypedChoiceField(label=_("MINT-Region"), required=False, coerce=int, empty_value=None)
    topics = TagsField(
        label=_("Topics"),
        max_tags=MAX_TOPICS,
        help_text=_(
            "What you work on, e.g. Mädchen in MINT, Finanzierung. Separate several topics with commas."
        ),
    )
    avatar = forms.FileField(
        label=_("Profile picture"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP, at most 5 MB. We crop it to a square and remove all metadata (e.g. location)."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove profile picture"), required=False)

    class Meta:
        model = Profile
        fields = ["display_name", "role", "organisation", "bundesland", "bio", "can_help_with", "looking_for"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 8}),
            "can_help_with": forms.Textarea(attrs={"rows": 3}),
            "looking_for": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "bio": _(
                "A few sentences about you and your work. Markdown is allowed: **bold**, *italic*, lists, links."
            ),
            "can_help_with": _(
                "Others find you in the member directory by this, e.g. “Kooperationsverträge mit Schulen”."
            ),
            "looking_for": _("e.g. “Erfahrungen mit Förderanträgen bei Stiftungen”."),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        profile = self.instance
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["role"].choices = [("", _("Please choose"))] + list(NetworkRole.choices)
        self.fields["bundesland"].choices = [("", _("Please choose"))] + list(Bundesland.choices)
        self.fields["region"].choices = [("", _("No MINT-Region"))] + region_choices()
        self.fields["region"].help_text = _("Is your MINT-Region missing? Tell the editors.")
        if not self.is_bound:
            self.initial["region"] = profile.region_id
            self.initial["topics"] = list(profile.topics.all()) if profile.pk else []
        for field in Profile.VISIBILITY_FIELDS:
            choices = DISPLAY_NAME_VISIBILITY_CHOICES if field in Profile.NEVER_HIDDEN else VISIBILITY_CHOICES
            choice = forms.ChoiceField(
                label=format_lazy("{}: {}", _("Visible to"), self.fields[field].label),
                choices=choices,
                initial=profile.visibility_of(field),
                required=False,  # a missing choice keeps the current one
            )
            choice.short_label = _("Visible to")
            self.fields[visibility_field_name(field)] = choice
        self._old_avatar_name = profile.avatar.name if profile.avatar else ""

    def visibility_bound_field(self, field: str):
        return self[visibility_field_name(field)]

    SINGLE_LINE_FIELDS = ("display_name", "role", "organisation")
    MULTI_LINE_FIELDS = ("bio", "can_help_with", "looking_for")

    def clean(self):
        cleaned = super().clean()
        # What members type is stored clean: no control or bidi-override characters (a name must read as
        # what it is wherever it appears: chats, discussions, notifications), NFC.
        for name in self.SINGLE_LINE_FIELDS + self.MULTI_LINE_FIELDS:
            value = cleaned.get(name)
            if isinstance(value, str):
                cleaned[name] = clean_text(value, multiline=name in self.MULTI_LINE_FIELDS)
        if "display_name" in cleaned and len(cleaned["display_name"]) < 2:
            self.add_error("display_name", _("Please enter at least two characters."))
        return cleaned

    def clean_region(self):
        region_id = self.cleaned_data.get("region")
        if region_id is None:
            return None
        from community.regions.models import RegionPage

        region = RegionPage.objects.live().filter(pk=region_id).first()
        if region is None:
            raise forms.ValidationError(
                _("Please choose a MINT-Region from the list."), code="invalid_choice"
            )
        return region

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return process_avatar(upload)

    def save(self, commit=True):
        profile = super().save(commit=False)
        profile.region = self.cleaned_data.get("region")
        profile.visibility = {
            field: self.cleaned_data.get(visibility_field_name(field)) or profile.visibility_of(field).value
            for field in Profile.VISIBILITY_FIELDS
        }
        new_avatar = self.cleaned_data.get("avatar")
        if new_avatar is not None:
            profile.avatar.save(new_avatar.name, new_avatar, save=False)
        elif self.cleaned_data.get("remove_avatar"):
            profile.avatar = ""
        if commit:
            profile.save()
            profile.topics.set(self.cleaned_data["topics"])
            old = self._old_avatar_name
            if old and old != (profile.avatar.name or ""):
                storage = profile.avatar.storage
                transaction.on_commit(lambda: storage.delete(old))
        return profile


class DirectoryFilterForm(forms.Form):
    """The member directory's filters. Every filter lives in the URL (a GET form), so results can be shared."""

    q = forms.CharField(
        label=_("Who can help with …?"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
        help_text=_("Searches what members can help with, their topics and names."),
    )
    bundesland = forms.ChoiceField(label=_("Federal state"), required=False)
    rolle = forms.ChoiceField(label=_("Role in the network"), required=False)
    region = forms.TypedChoiceField(label=_("MINT-Region"), required=False, coerce=int, empty_value=None)
    thema = forms.CharField(label=_("Topic"), required=False, max_length=100, widget=TagInput(single=True))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["bundesland"].choices = [("", _("All federal states"))] + list(Bundesland.choices)
        self.fields["rolle"].choices = [("", _("All roles"))] + list(NetworkRole.choices)
        self.fields["region"].choices = [("", _("All MINT-Regionen"))] + region_choices()

    def active_filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            key: value for key, value in getattr(self, "cleaned_data", {}).items() if value not in ("", None)
        }

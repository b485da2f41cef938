"""Accounts, profiles with per-field visibility, and following.

Who sees which profile field is decided in one place, community/members/visibility.py; following is in
community/members/follow.py. Both are used by every page, API and search document that shows a member.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from home.choices import Bundesland


class User(AbstractUser):
    """The account. Login is by email (django-allauth); the username is internal and never shown."""

    email = models.EmailField(_("email address"), unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        from .privacy import is_former_member

        if is_former_member(self):
            return gettext("former member")
        profile = getattr(self, "profile", None)
        return (profile.display_name if profile else "") or self.get_full_name() or self.email


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Members only")
    HIDDEN = "hidden", _("Only me")


class NetworkRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Network coordinator")
    STATE_OFFICE = "state_office", _("State coordination office")
    FOUNDATION = "foundation", _("Foundation or funder")
    PARTNER = "partner", _("Partner")
    OTHER = "other", _("Other")


def avatar_upload_to(instance, filename: str) -> str:
    """A random name: the file name must reveal neither the member nor the original upload."""
    suffix = PurePosixPath(filename).suffix.lower() or ".webp"
    return f"avatars/{secrets.token_urlsafe(18)}{suffix}"


def default_display_name(user) -> str:
    """For a new profile: the member's name, else the local part of the email address."""
    name = " ".join(part for part in (user.first_name.strip(), user.last_name.strip()) if part)
    if not name:
        name = (user.email or "").split("@")[0] or user.get_username()
    return name[:80]


class ProfileTag(TaggedItemBase):
    content_object = models.ForeignKey("Profile", on_delete=models.CASCADE, related_name="tagged_items")


class Profile(models.Model):
    # Fields whose visibility the member controls, with the conservative default for new accounts.
    VISIBILITY_FIELDS = {
        "display_name": Visibility.MEMBERS,
        "avatar": Visibility.MEMBERS,
        "role": Visibility.MEMBERS,
        "organisation": Visibility.MEMBERS,
        "region": Visibility.MEMBERS,
        "bundesland": Visibility.MEMBERS,
        "bio": Visibility.MEMBERS,
        "topics": Visibility.MEMBERS,
        "can_help_with": Visibility.MEMBERS,
        "looking_for": Visibility.MEMBERS,
    }

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        _("display name"), max_length=80, help_text=_("How other members see you, e.g. first and last name.")
    )
    role = models.CharField(_("role in the network"), max_length=20, choices=NetworkRole.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    region = models.ForeignKey(
        "regions.RegionPage",
        verbose_name=_("MINT-Region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_profiles",
    )
    bundesland = models.CharField(_("federal state"), max_length=2, choices=Bundesland.choices, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=4000, help_text=_("Markdown is allowed."))
    can_help_with = models.TextField(_("I can help with"), blank=True, max_length=1000)
    looking_for = models.TextField(_("I am looking for"), blank=True, max_length=1000)
    avatar = models.ImageField(_("profile picture"), upload_to=avatar_upload_to, blank=True)
    visibility = models.JSONField(_("visibility of fields"), default=dict, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    topics = TaggableManager(through=ProfileTag, blank=True, verbose_name=_("topics"))

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [models.Index(fields=["bundesland"]), models.Index(fields=["role"])]

    def __str__(self):
        return self.display_name or str(self.user_id)

    # The display name identifies the member to other members; it can be public or members-only, never hidden.
    NEVER_HIDDEN = frozenset({"display_name"})

    def get_absolute_url(self) -> str:
        return reverse("members:profile", args=[self.user_id])

    def visibility_of(self, field: str) -> str:
        """The member's choice for a field, or the default when none (or nothing valid) is stored."""
        value = (self.visibility or {}).get(field)
        if value not in Visibility.values:
            value = self.VISIBILITY_FIELDS[field]
        if value == Visibility.HIDDEN and field in self.NEVER_HIDDEN:
            value = Visibility.MEMBERS
        return Visibility(value)

    @classmethod
    def for_user(cls, user) -> "Profile":
        """The member's profile, created with a display name from their name or email on first use."""
        try:
            return user.profile
        except cls.DoesNotExist:
            pass
        try:
            with transaction.atomic():
                profile = cls.objects.create(user=user, display_name=default_display_name(user))
        except IntegrityError:  # created at the same moment by another request (or the sign-up handler)
            profile = cls.objects.get(user=user)
        user.profile = profile
        return profile


class Follow(models.Model):
    """A member follows a member, a tag, a region, a thread or a channel (any model, by content type)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="unique_follow"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


@receiver(post_delete, sender=Profile, dispatch_uid="members-profile-avatar-cleanup")
def _delete_avatar_file(sender, instance, **kwargs):
    """A deleted profile (account deletion) takes its picture with it."""
    if instance.avatar:
        name = instance.avatar.name
        storage = instance.avatar.storage
        transaction.on_commit(lambda: storage.delete(name))


# Registers the built-in followable models (members, topics, regions) and cleans up follows of deleted targets.
from . import follow  # noqa: E402, F401

"""The admin form of a call page.

Start and end are typed in German time (Europe/Berlin) whatever time zone an editor chose in their admin
account, because the whole community meets in that time zone. A time that does not exist on the day the clocks
go forward (02:30 on the last Sunday of March) or exists twice when they go back is refused with Django's
message instead of being guessed. The remaining rules (end after start, agenda length, places) are in the
model's clean(), so they hold wherever a call is validated.
"""

from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

BERLIN_NAME = "Europe/Berlin"


class BerlinDateTimeField(forms.DateTimeField):
    def prepare_value(self, value):
        with timezone.override(BERLIN_NAME):
            return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(BERLIN_NAME):
            return super().to_python(value)


class CommunityCallPageForm(WagtailAdminPageForm):
    BERLIN_FIELDS = ("start_at", "end_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.BERLIN_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            self.fields[name] = BerlinDateTimeField(
                label=field.label,
                help_text=field.help_text,
                required=field.required,
                widget=field.widget,
                localize=field.localize,
            )

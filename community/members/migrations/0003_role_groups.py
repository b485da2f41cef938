"""The roles as groups. Their permissions are synchronised after every migrate (community/members/roles.py),
because Django creates permission rows only after the migrations have run."""

from django.db import migrations

ROLE_GROUPS = ["Redaktion", "Moderation", "Mitglieder"]


def create_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        group_model.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0002_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, remove_groups)]

"""Every published page that gets a discussion has its (possibly empty) thread, as publishing now creates it
(community/threads/apps.py): readers of an empty discussion are then connected and see the first post live."""

from django.db import migrations

DISCUSSED = (("practice", "bestpracticepage"), ("practice", "failurestorypage"), ("calls", "communitycallpage"))


def create_threads(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Thread = apps.get_model("threads", "Thread")
    for app_label, model in DISCUSSED:
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue  # a fresh database: no pages yet
        have = set(Thread.objects.filter(content_type=content_type).values_list("object_id", flat=True))
        Thread.objects.bulk_create(
            Thread(content_type=content_type, object_id=page_id)
            for page_id in Page.objects.filter(content_type=content_type, live=True).values_list("pk", flat=True)
            if page_id not in have
        )


class Migration(migrations.Migration):
    dependencies = [
        ("threads", "0001_initial"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_threads, migrations.RunPython.noop)]

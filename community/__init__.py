"""People and conversation. A package of Django apps, one per subject (members, regions, notifications, ...),
so that each subject keeps its own models, migrations, views and consumers."""

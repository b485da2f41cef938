"""The guide's side of the community services: a member's ticked checklist items and reading progress join
the data export ("Meine Daten") and go when the member deletes their account."""

from community.members import privacy
from knowledge.guide.progress import erase_reader_data, export_reader_data


def connect() -> None:
    privacy.register("guide", export=export_reader_data, erase=erase_reader_data)

"""Data export and erasure (DSGVO Art. 15, 17, 20) across all apps.

Each app that stores something about a member registers how to export and how to erase it:

    privacy.register("notifications", export=export_notifications, erase=erase_notifications)

`export(user)` returns JSON-serialisable data; `erase(user, keep_content)` removes personal data. With
keep_content=True the member's public contributions stay, attributed to "ehemaliges Mitglied".
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PrivacyHandler:
    name: str
    export: Callable
    erase: Callable


_handlers: dict[str, PrivacyHandler] = {}


def register(name: str, *, export: Callable, erase: Callable) -> None:
    _handlers[name] = PrivacyHandler(name=name, export=export, erase=erase)


def handlers() -> list[PrivacyHandler]:
    return list(_handlers.values())

"""Versioned cache keys: cache derived data freely and drop all of it at once by bumping a version number.

    NAVIGATION = CacheVersion("site-chrome")
    key = NAVIGATION.key("site", site.pk)     # "site-chrome:3:site:1"
    NAVIGATION.bump()                          # every key made before is now unreachable and expires

Used for the site chrome, the permission cache and the region directory; bumping is one atomic INCR, so it is
safe across workers sharing Redis.
"""

from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class CacheVersion:
    name: str

    @property
    def _version_key(self) -> str:
        return f"{self.name}:version"

    def current(self) -> int:
        version = cache.get(self._version_key)
        if version is None:
            version = 1
            cache.add(self._version_key, version, None)
            version = cache.get(self._version_key, version)
        return version

    def key(self, *parts) -> str:
        return ":".join([self.name, str(self.current()), *map(str, parts)])

    def bump(self, **_signal_kwargs) -> None:
        """Invalidate every key of this name; accepts signal arguments so it can be a receiver itself."""
        try:
            cache.incr(self._version_key)
        except ValueError:  # no version stored yet (or it expired): start above the default
            cache.set(self._version_key, 2, None)

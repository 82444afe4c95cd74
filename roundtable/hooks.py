"""Pages of an app that show what apps above it know, without importing them.

An app lower in the layers (ARCHITECTURE.md) declares a `Hook` for a page; an app above it
registers a provider in its AppConfig.ready(); the page merges what every provider returns.
Example: a 1:1 room (meetings) shows the actions returning from earlier 1:1s (coaching).
"""

from collections.abc import Callable


class Hook:
    def __init__(self, name: str) -> None:
        self.name = name
        self._providers: list[Callable[..., dict]] = []

    def register(self, provider: Callable[..., dict]) -> Callable[..., dict]:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def collect(self, **kwargs) -> dict:
        context: dict = {}
        for provider in self._providers:
            context.update(provider(**kwargs))
        return context

    def gather(self, **kwargs) -> list[dict]:
        """Each provider's section, by its `order` (then the order they registered); a provider
        with nothing to show returns an empty dict and is left out. A section names its
        `template`."""
        sections = [section for provider in self._providers if (section := provider(**kwargs))]
        return sorted(sections, key=lambda section: section.get("order", 100))

"""Limits on guessing: sign-in, password reset, invitation links and API tokens.

Counters live in the cache (Redis when REDIS_URL is set, so every web process shares them; the
embedded single-process server keeps them in memory) in fixed windows: `hit` counts a try,
`blocked` says whether the limit is reached. Keys are hashed: no email or address is stored.
"""

import contextlib
import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    scope: str
    tries: int
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, self.seconds // 60)


SIGN_IN_ACCOUNT = Limit("sign-in-account", 10, 15 * 60)
SIGN_IN_ADDRESS = Limit("sign-in-address", 50, 15 * 60)
RESET_ACCOUNT = Limit("reset-account", 3, 60 * 60)
RESET_ADDRESS = Limit("reset-address", 20, 60 * 60)
INVITATION_ADDRESS = Limit("invitation-address", 20, 15 * 60)
API_TOKEN_ADDRESS = Limit("api-token-address", 20, 15 * 60)


def _key(limit: Limit, subject: str) -> str:
    window = int(time.time() // limit.seconds)
    digest = hashlib.sha256(f"{limit.scope}:{subject.lower()}".encode()).hexdigest()[:32]
    return f"throttle:{limit.scope}:{digest}:{window}"


def hit(*, limit: Limit, subject: str) -> int:
    """Count one try; returns the tries in this window so far."""
    key = _key(limit, subject)
    cache.add(key, 0, timeout=limit.seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit.seconds)
        return 1


def give_back(*, limit: Limit, subject: str) -> None:
    """Undo one counted try (it turned out to be a success)."""
    with contextlib.suppress(ValueError):  # the window just ended: nothing to give back
        cache.decr(_key(limit, subject))


def blocked(*, limit: Limit, subject: str) -> bool:
    return (cache.get(_key(limit, subject)) or 0) >= limit.tries


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"

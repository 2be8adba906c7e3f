"""Limits that keep one token from starving the server, per API process and in memory.

* :class:`RateLimiter`: a token bucket per API token (by its id):
  ``NETMAP_API_RATE_PER_MINUTE`` requests a minute (default 120; ``0`` turns it off), up to a
  minute's worth at once. Requests without a valid token are not counted (they end in 401).
* :class:`RenderLimiter`: at most ``NETMAP_API_MAX_CONCURRENT_RENDERS`` maps, diagrams
  (PNG, SVG, PDF) and district sheets rendered at once (default 2). Only a render counts:
  an answer from the cache, or a request waiting for the same render, takes no slot.

Both answer 429 with ``Retry-After`` (seconds) and the API's error body. Several processes
(``uvicorn --workers``, replicas) each have their own limits: put a limit in the reverse
proxy in front of them for a hard bound (docs/operations.md).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from fastapi import HTTPException, Request, status

from netmap.api.deps import CurrentUser
from netmap.api.errors import ErrorBody
from netmap.logs import event

__all__ = [
    "RATE_LIMITED",
    "RateLimiter",
    "RenderLimiter",
    "check_rate",
    "render_guard",
    "too_many",
]

log = logging.getLogger("netmap.api")

T = TypeVar("T")

#: How long a render waits for a free slot before it is refused.
RENDER_WAIT_SECONDS = 1.0
#: Retry-After of a refused render: about the time a large render takes.
RENDER_RETRY_AFTER = 5

#: The 429 answer, documented on every route that needs a token.
RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorBody,
        "description": "Too many requests for this token, or too many renders at once "
        "(see the Retry-After header, in seconds)",
    }
}


def too_many(message: str, retry_after: float) -> HTTPException:
    """A 429 with ``Retry-After`` in whole seconds (at least 1)."""
    seconds = max(1, math.ceil(retry_after))
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        f"{message}; try again in {seconds} s",
        headers={"Retry-After": str(seconds)},
    )


class RateLimiter:
    """A token bucket per key: ``per_minute`` a minute, at most ``per_minute`` saved up.

    >>> now = [0.0]
    >>> limiter = RateLimiter(2, clock=lambda: now[0])
    >>> [limiter.take("a"), limiter.take("a"), limiter.take("a"), limiter.take("b")]
    [0.0, 0.0, 30.0, 0.0]
    >>> now[0] = 30.0
    >>> limiter.take("a")
    0.0
    """

    #: Past this many keys, keys whose bucket has filled up again are forgotten.
    PRUNE_AT = 4096

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (level, when)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.per_minute > 0

    def take(self, key: str) -> float:
        """0 when a request for ``key`` may go ahead (and counts it), else the seconds until
        it may."""
        if not self.enabled:
            return 0.0
        capacity = float(self.per_minute)
        rate = self.per_minute / 60.0  # per second
        with self._lock:
            now = self.clock()
            level, when = self._buckets.get(key, (capacity, now))
            level = min(capacity, level + max(0.0, now - when) * rate)
            if level >= 1.0:
                self._buckets[key] = (level - 1.0, now)
                if len(self._buckets) > self.PRUNE_AT:
                    self._prune(now, capacity, rate)
                return 0.0
            self._buckets[key] = (level, now)
            return (1.0 - level) / rate

    def _prune(self, now: float, capacity: float, rate: float) -> None:
        full = [k for k, (lv, w) in self._buckets.items() if lv + (now - w) * rate >= capacity]
        for k in full:
            del self._buckets[k]


class RenderLimiter:
    """At most ``max_concurrent`` renders at once; a render waits up to ``wait`` seconds
    for a slot (``0``: not at all), then it is refused with 429."""

    def __init__(self, max_concurrent: int, wait: float = RENDER_WAIT_SECONDS) -> None:
        self.max_concurrent = max_concurrent
        self.wait = wait
        self._slots = threading.BoundedSemaphore(max_concurrent)

    @contextmanager
    def slot(self) -> Iterator[None]:
        got = (
            self._slots.acquire(timeout=self.wait)
            if self.wait > 0
            else self._slots.acquire(blocking=False)
        )
        if not got:
            event(log, "api.render_refused", logging.INFO, limit=self.max_concurrent)
            raise too_many(
                f"the server is busy: {self.max_concurrent} maps or files are being drawn",
                RENDER_RETRY_AFTER,
            )
        try:
            yield
        finally:
            self._slots.release()

    def guard(self, render: Callable[[], T]) -> Callable[[], T]:
        """``render`` run in a slot (429 when none is free)."""

        def guarded() -> T:
            with self.slot():
                return render()

        return guarded


def render_guard(request: Request, render: Callable[[], T]) -> Callable[[], T]:
    """``render`` under the app's render cap (for the map, export and report routes)."""
    limiter: RenderLimiter | None = getattr(request.app.state, "render_limiter", None)
    return render if limiter is None else limiter.guard(render)


def check_rate(request: Request, user: CurrentUser) -> None:
    """A dependency of every route that needs a token: 429 when the token is over its rate.

    It resolves the token first (the same, cached dependency the route's own role check
    uses), so a request without a valid token ends in 401 and is not counted."""
    limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
    if limiter is None:
        return
    wait = limiter.take(user.id)
    if wait > 0:
        event(log, "api.rate_limited", logging.INFO, token=user.id, path=request.url.path)
        raise too_many(f"too many requests for this token ({limiter.per_minute} a minute)", wait)

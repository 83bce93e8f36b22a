"""Is the configured model endpoint reachable? Probed in the background, at most once per interval.

`/readyz` must stay cheap: load balancers and orchestrators call it often, and a slow model endpoint must not
tie up workers. Every caller reads the last result; a stale result starts one probe (an asyncio task, no
thread) that all callers share. Only the very first call waits for it, and at most `first_wait_s`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import httpx

from app.index.mistral_client import HOSTED_API, mistral_base_url
from app.settings import Settings


class ModelProbe:
    def __init__(self, settings: Settings, first_wait_s: float = 2.0, timeout_s: float = 2.0) -> None:
        self.settings = settings
        self.interval = settings.readyz_model_probe_s
        self.first_wait_s, self.timeout_s = first_wait_s, timeout_s
        self.base = mistral_base_url(settings.mistral_server_url) or HOSTED_API
        self.result: dict | None = None
        self.checked_at = 0.0
        self.probes = 0  # how many outbound calls were made (tests, metrics)
        self._task: asyncio.Task | None = None

    async def _probe(self) -> None:
        self.probes += 1
        key = self.settings.mistral_api_key
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                response = await client.get(f"{self.base}/v1/models", headers=headers)
            reachable = response.status_code == 200
            detail = None if reachable else f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            reachable, detail = False, exc.__class__.__name__
        self.result = {
            "name": self.settings.mistral_model,
            "endpoint": self.base,
            "reachable": reachable,
            "detail": detail,
            "fallback": None if reachable else "extractive",
        }
        self.checked_at = time.monotonic()

    async def status(self) -> dict:
        stale = time.monotonic() - self.checked_at >= self.interval
        if stale and (self._task is None or self._task.done()):
            self._task = asyncio.ensure_future(self._probe())
        if self.result is None and self._task is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._task), self.first_wait_s)
        if self.result is None:
            return {
                "name": self.settings.mistral_model,
                "endpoint": self.base,
                "reachable": None,
                "detail": "probe in progress",
                "fallback": None,
            }
        return {**self.result, "checked_s_ago": round(time.monotonic() - self.checked_at, 1)}

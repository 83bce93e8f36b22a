"""Prometheus metrics, served at `/metrics`: requests, latencies, answer modes, refusals, fallbacks, records.

With several uvicorn workers each process counts its own; `navigator serve` then points
`PROMETHEUS_MULTIPROC_DIR` at a fresh directory so `/metrics` (answered by any worker) adds them all up.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client import REGISTRY as DEFAULT_REGISTRY

REQUESTS = Counter("navigator_http_requests", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "navigator_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ANSWERS = Counter("navigator_answers", "Answers given", ["mode", "refused"])
FALLBACKS = Counter(
    "navigator_answer_fallbacks", "Generated answers replaced by quotes (model failure or no valid citation)"
)
RECORD_FAILURES = Counter("navigator_record_save_failures", "Answer records the database refused (spooled instead)")
RECORDS_RECOVERED = Counter("navigator_records_recovered", "Spooled answer records saved later")
RECORDS_DROPPED = Counter("navigator_records_dropped", "Spooled records dropped because the in-memory queue was full")
HISTORY_FAILURES = Counter("navigator_history_read_failures", "Conversation histories that could not be read")


def count_answer(answer) -> None:
    ANSWERS.labels(mode=answer.mode, refused=str(bool(answer.refused)).lower()).inc()
    if answer.record is not None and answer.record.fallback_reason:
        FALLBACKS.inc()


def render() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(DEFAULT_REGISTRY), CONTENT_TYPE_LATEST

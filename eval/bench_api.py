"""HTTP benchmark on loopback: /api/search throughput and latency with 2 workers, and /api/chat time to first
streamed byte measured against the (fake) model's first token.

    .venv/bin/navigator ingest                 # the index to serve (embedded corpus)
    .venv/bin/python eval/bench_api.py         # ≈ 1 min; prints figures, asserts nothing

The model is the local fake Mistral server of the tests (real SDK, real HTTP), so the figures measure our
overhead, not a model's speed. Load stays on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.bench import QUERIES  # noqa: E402
from tests.fake_mistral import FakeMistral  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server at {url} not ready after {timeout} s")


async def load_search(url: str, total: int, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = 0
    queue = list(range(total))

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while queue:
            i = queue.pop()
            t0 = time.perf_counter()
            # Every query is distinct (no cache can serve it): a number varies the text and so the embedding.
            query = f"{QUERIES[i % len(QUERIES)]} ({i})"
            response = await client.get(f"{url}/api/search", params={"q": query, "k": 5})
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += response.status_code != 200

    async with httpx.AsyncClient(timeout=30) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "requests": total,
        "concurrency": concurrency,
        "errors": errors,
        "req_per_s": round(total / elapsed, 1),
        "p50_ms": round(float(np.percentile(latencies, 50)), 1),
        "p95_ms": round(float(np.percentile(latencies, 95)), 1),
    }


WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK %d %.3f %.3f %.3f %.3f %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
"""


def load_search_wrk(url: str, seconds: int, connections: int) -> dict | None:
    """The same load from wrk (C, Debian package), which leaves the cores to the server; None without wrk."""
    import shutil
    import tempfile
    from urllib.parse import quote

    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    target = f"{url}/api/search?k=5&q={quote(QUERIES[1])}"
    result = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, target],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    )
    line = next((out for out in result.stdout.splitlines() if out.startswith("WRK ")), None)
    if line is None:
        return {"error": result.stdout[-300:] + result.stderr[-300:]}
    requests, duration, p50, p95, p99, errors = line.split()[1:]
    return {
        "tool": "wrk",
        "connections": connections,
        "seconds": seconds,
        "requests": int(requests),
        "errors": int(errors),
        "req_per_s": round(int(requests) / float(duration), 1),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "p99_ms": float(p99),
    }


def chat_first_byte(url: str, fake: FakeMistral, n: int) -> dict:
    gaps, ttfb = [], []
    with httpx.Client(timeout=60) as client:
        for i in range(n):
            sent = len(fake.first_token_sent_at)
            t0 = time.time()
            with client.stream("POST", f"{url}/api/chat", json={"question": QUERIES[i % len(QUERIES)]}) as response:
                lines = response.iter_lines()
                received = None
                for line in lines:
                    if line.startswith("event: token"):
                        received = time.time()
                        break
                for _ in lines:  # drain: the final event carries the checked citations
                    pass
            if received is None:
                continue
            if len(fake.first_token_sent_at) > sent:
                gaps.append((received - fake.first_token_sent_at[sent]) * 1000)
                ttfb.append((received - t0) * 1000)
    if not gaps:
        return {"streams": 0}
    return {
        "streams": len(gaps),
        "after_model_first_token_p50_ms": round(statistics.median(gaps), 1),
        "after_model_first_token_p95_ms": round(float(np.percentile(gaps, 95)), 1),
        "first_token_event_p50_ms_from_request": round(statistics.median(ttfb), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--chats", type=int, default=20)
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with FakeMistral() as fake:
        env = {**os.environ, "NAVIGATOR_RATE_LIMIT": "", "MISTRAL_SERVER_URL": fake.url, "NAVIGATOR_PORT": str(port)}
        server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", str(args.workers)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_ready(url)
            asyncio.run(load_search(url, 40, args.concurrency))  # warm every worker (model and index load)
            search = asyncio.run(load_search(url, args.requests, args.concurrency))
            print(f"/api/search, {args.workers} workers, Python client (shares the 2 cores): {search}")
            for connections in (2, 4):
                figures = load_search_wrk(url, 15, connections)
                if figures:
                    print(f"/api/search, {args.workers} workers, wrk: {figures}")
            chat = chat_first_byte(url, fake, args.chats)
            print(f"/api/chat first SSE token event: {chat}")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()

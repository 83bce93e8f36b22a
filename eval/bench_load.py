"""Load benchmark (not a test): /api/search and /api/ask (extractive) against `navigator serve --workers 2`,
on PostgreSQL + Redis + a Chroma server and on the embedded defaults, side by side in the same run.

    bash -c '. .ci/engines.sh && .venv/bin/python eval/bench_load.py --duration 300'   # the issue's 5-minute run
    .venv/bin/python eval/bench_load.py --duration 20 --topology embedded                 # a smoke run

The engines come from the NAVIGATOR_TEST_* variables that `.ci/engines.sh` exports (throw-away local servers);
without them only the embedded topology runs. Each phase reports requests/s, p50/p95/p99, errors, the
servers' memory (sum of the worker processes' RSS) at the start and end of the second half of the phase, and
the CPU time per request of the server, of the engines and of this load generator itself.
Figures depend on the machine and on what else runs on it: report them with the load average. CPU time per
request depends much less on the neighbours than requests/s does.

The generator shares the cores with the server, so it is kept cheap: aiohttp on uvloop (`--client httpx` for
the previous client). Every request still carries a distinct question and its whole response body is read.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx
import numpy as np

try:
    from uvloop import new_event_loop
except ImportError:  # not on every platform: asyncio's own loop then
    from asyncio import new_event_loop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.bench import QUERIES  # noqa: E402
from eval.bench_api import free_port, wait_ready  # noqa: E402

NAVIGATOR = Path(sys.executable).parent / "navigator"


def tree(pid: int) -> list[int]:
    """A process and all its descendants (the uvicorn master and its workers)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        found.append(p)
    return found


def rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    total = 0
    for p in tree(pid):
        try:
            total += int(
                next(
                    row for row in Path(f"/proc/{p}/status").read_text().splitlines() if row.startswith("VmRSS")
                ).split()[1]
            )
        except (OSError, StopIteration):
            continue
    return total


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds used so far by these processes (/proc/<pid>/stat fields 14 and 15).

    Wall-clock throughput depends on whatever else runs on the machine; CPU seconds per request do much less."""
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


_SERIAL = itertools.count(1)


def next_query() -> str:
    """A question no cache can answer: numbered across every phase of the run, because the phases share a server
    and its caches (the search phase's query embeddings would otherwise serve the ask phase's first questions)."""
    n = next(_SERIAL)
    return f"{QUERIES[n % len(QUERIES)]} ({n})"


def engine_pids() -> list[int]:
    """The throw-away PostgreSQL, Redis and Chroma servers of `.ci/engines.sh` (everything started under its
    directory) with their children: their CPU is part of what a request costs on the engines topology."""
    pgdata = os.environ.get("NAVIGATOR_TEST_PGDATA")
    if not pgdata:
        return []
    engines_dir = str(Path(pgdata).parent)
    roots = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and engines_dir in (proc / "cmdline").read_bytes().decode(errors="replace"):
                roots.append(int(proc.name))
        except OSError:
            continue
    return sorted({p for root in roots for p in tree(root)})


async def phase(
    url: str, endpoint: str, seconds: float, concurrency: int, pid: int, client_kind: str = "aiohttp"
) -> dict:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    memory: list[tuple[float, int]] = []
    server, engines = tree(pid), engine_pids()
    server_cpu0, engines_cpu0, own_cpu0, load0 = cpu_s(server), cpu_s(engines), time.process_time(), os.getloadavg()[0]
    started = time.perf_counter()
    deadline = started + seconds

    def count_error(name: str) -> None:
        errors[name] = errors.get(name, 0) + 1

    async def httpx_worker(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            query = next_query()
            t0 = time.perf_counter()
            try:
                if endpoint == "search":
                    response = await client.get(f"{url}/api/search", params={"q": query, "k": 5})
                else:
                    response = await client.post(f"{url}/api/ask", json={"question": query})
                if response.status_code != 200:
                    count_error(str(response.status_code))
            except httpx.HTTPError as exc:
                count_error(exc.__class__.__name__)
            latencies.append((time.perf_counter() - t0) * 1000)

    async def aiohttp_worker(session: aiohttp.ClientSession) -> None:
        while time.perf_counter() < deadline:
            query = next_query()
            t0 = time.perf_counter()
            try:
                if endpoint == "search":
                    request = session.get(f"{url}/api/search", params={"q": query, "k": 5})
                else:
                    request = session.post(f"{url}/api/ask", json={"question": query})
                async with request as response:
                    await response.read()  # the whole body, as a client would
                    if response.status != 200:
                        count_error(str(response.status))
            except (TimeoutError, aiohttp.ClientError) as exc:
                count_error(exc.__class__.__name__)
            latencies.append((time.perf_counter() - t0) * 1000)

    async def sample_memory() -> None:
        while time.perf_counter() < deadline:
            memory.append((time.perf_counter() - started, rss_kb(pid)))
            await asyncio.sleep(1)

    if client_kind == "httpx":
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=concurrency)) as client:
            await asyncio.gather(sample_memory(), *(httpx_worker(client) for _ in range(concurrency)))
    else:
        # unsafe=True: keep cookies set by an IP host (127.0.0.1), like a browser on localhost and like httpx.
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=concurrency),
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=60),
        ) as session:
            await asyncio.gather(sample_memory(), *(aiohttp_worker(session) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    server_cpu, own_cpu = cpu_s(server) - server_cpu0, time.process_time() - own_cpu0
    engines_cpu = cpu_s(engines) - engines_cpu0 if engines else 0.0
    second_half = [kb for t, kb in memory if t >= seconds / 2] or [0]
    pct = lambda q: round(float(np.percentile(latencies, q)), 1) if latencies else None  # noqa: E731
    return {
        "endpoint": f"/api/{endpoint}",
        "client": client_kind,
        "concurrency": concurrency,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "errors": errors,
        "rss_kb_second_half": [second_half[0], second_half[-1]],
        "rss_change_second_half_pct": round(100 * (second_half[-1] - second_half[0]) / second_half[0], 1)
        if second_half[0]
        else None,
        "server_cpu_ms_per_request": round(1000 * server_cpu / max(1, len(latencies)), 2),
        "server_cpu_busy_pct": round(100 * server_cpu / elapsed, 1),
        "engines_cpu_ms_per_request": round(1000 * engines_cpu / max(1, len(latencies)), 2),
        "client_cpu_ms_per_request": round(1000 * own_cpu / max(1, len(latencies)), 2),
        "load_average_1min": [load0, os.getloadavg()[0]],
    }


def start(topology: str, corpus: Path, cache: Path | None, root: Path) -> tuple[subprocess.Popen, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAVIGATOR_", "MISTRAL_"))}
    env.update(
        {"NAVIGATOR_DATA_DIR": str(root / "data"), "NAVIGATOR_CORPUS_DIR": str(corpus), "NAVIGATOR_RATE_LIMIT": ""}
    )
    if cache:
        env["NAVIGATOR_SHARED_CACHE_DIR"] = str(cache)
    if topology == "engines":
        host, port = os.environ["NAVIGATOR_TEST_CHROMA"].split(":")
        env.update(
            {
                "NAVIGATOR_CHROMA_HOST": host,
                "NAVIGATOR_CHROMA_PORT": port,
                "NAVIGATOR_DATABASE_URL": os.environ["NAVIGATOR_TEST_POSTGRES_URL"],
                "NAVIGATOR_RATE_LIMIT_STORAGE": os.environ["NAVIGATOR_TEST_REDIS_URL"],
                "NAVIGATOR_RATE_LIMIT": "1000000/minute",
            }
        )  # limits still checked in Redis on every request
    subprocess.run([str(NAVIGATOR), "ingest"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    process = subprocess.Popen(
        [str(NAVIGATOR), "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    wait_ready(url, timeout=180)
    return process, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=20, help="seconds per phase (the issue asks for 300)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--topology", choices=["both", "engines", "embedded"], default="both")
    parser.add_argument(
        "--corpus", type=Path, default=ROOT / "corpus", help="documents to index (default: the embedded corpus)"
    )
    parser.add_argument(
        "--cache", type=Path, default=ROOT / "data" / "cache", help="embedding cache to reuse (not re-embedding)"
    )
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument(
        "--client",
        choices=["aiohttp", "httpx"],
        default="aiohttp",
        help="load generator's HTTP client: it shares the machine with the server, so the cheaper the better",
    )
    args = parser.parse_args()

    topologies = ["engines", "embedded"] if args.topology == "both" else [args.topology]
    if "engines" in topologies and not os.environ.get("NAVIGATOR_TEST_CHROMA"):
        print("no engines (source .ci/engines.sh first): embedded only", file=sys.stderr)
        topologies = ["embedded"]
    results = {"load_average_before": os.getloadavg(), "cpus": os.cpu_count(), "duration_s": args.duration, "runs": {}}
    for topology in topologies:
        root = Path(tempfile.mkdtemp(prefix=f"bench-load-{topology}-"))
        process, url = start(topology, args.corpus, args.cache if args.cache.exists() else None, root)
        try:
            # Warm-up on fresh connections, so that both workers load the index, the model and their caches.
            with httpx.Client(timeout=120, headers={"Connection": "close"}) as client:
                for q in QUERIES[:12]:
                    client.get(f"{url}/api/search", params={"q": q})
                    client.post(f"{url}/api/ask", json={"question": q})
            runs = []
            for endpoint in ("search", "ask"):
                with asyncio.Runner(loop_factory=new_event_loop) as runner:  # the generator's own CPU counts too
                    runs.append(
                        runner.run(phase(url, endpoint, args.duration, args.concurrency, process.pid, args.client))
                    )
            results["runs"][topology] = runs
            for run in runs:
                print(
                    f"{topology:9} {run['endpoint']:12} c{run['concurrency']} {run['requests']:6d} req {run['req_per_s']:6.1f} req/s "
                    f"p50 {run['p50_ms']} p95 {run['p95_ms']} p99 {run['p99_ms']} ms  errors {run['errors'] or 0}  "
                    f"RSS second half {run['rss_kb_second_half'][0] // 1024}→{run['rss_kb_second_half'][1] // 1024} MB "
                    f"({run['rss_change_second_half_pct']:+} %)  CPU/request server {run['server_cpu_ms_per_request']} ms "
                    f"(busy {run['server_cpu_busy_pct']} %) engines {run['engines_cpu_ms_per_request']} ms client {run['client_cpu_ms_per_request']} ms  "
                    f"load {run['load_average_1min'][0]:.2f}→{run['load_average_1min'][1]:.2f}",
                    flush=True,
                )
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            shutil.rmtree(root, ignore_errors=True)
    results["load_average_after"] = os.getloadavg()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1))
    print(f"load average before {results['load_average_before']}, after {results['load_average_after']}")


if __name__ == "__main__":
    main()

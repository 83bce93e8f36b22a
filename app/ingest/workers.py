"""The CPU-bound steps of an ingestion spread over worker processes: parsing documents and splitting sentences.

Both are pure Python (unstructured's element heuristics, pysbd's regular expressions), so threads would not run
them side by side; on a fresh build of the bundled corpus they were most of the ingestion time, on one core while
the others waited. Workers are spawned, not forked (the ingesting process may already hold threads and database
handles), and only for a batch big enough to repay their start (each imports unstructured): a small or
incremental ingestion stays in the process. The results are the same either way: the same functions run.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from app.corpus.loader import CorpusError
from app.ingest.chunk import chunk_document
from app.ingest.parse import partition_file
from app.schemas.chunks import Chunk

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MIN_DOCUMENTS = 40  # parsing one document takes ~30 ms: below this, starting the workers costs more
MIN_TEXTS = 300  # splitting one passage takes ~7 ms


def worker_count(configured: int | None) -> int:
    """The configured count, else the cores this process may run on."""
    return configured or len(os.sched_getaffinity(0))


def parallel_map(fn: Callable[[T], R], items: Sequence[T], workers: int, minimum: int) -> list[R]:
    """`[fn(x) for x in items]`, in order, over `workers` spawned processes when there are at least `minimum`."""
    if workers < 2 or len(items) < minimum:
        return [fn(item) for item in items]
    chunksize = max(1, len(items) // (workers * 8))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(fn, items, chunksize=chunksize))
    except BrokenProcessPool as exc:
        # A worker died (killed, out of memory, or a calling script without a `__main__` guard, which spawned
        # workers re-run): the steps are pure functions, so the same work is done here instead.
        log.warning("ingestion worker processes failed (%s): continuing in one process", exc)
        return [fn(item) for item in items]


Parsed = tuple[str, list[Chunk]] | str  # (document id, its chunks), or why the file was skipped


def parse_and_chunk(job: tuple[Path, int, int]) -> Parsed:
    """One file's document id and chunks, or the one-line reason it cannot be indexed (an exception raised in a
    worker would reach the parent as a pickled object: a message is simpler and always crosses)."""
    path, max_chars, overlap = job
    try:
        parsed = partition_file(path)
        return parsed.meta.id, chunk_document(parsed, max_chars, overlap)
    except CorpusError as exc:
        return str(exc)
    except OSError as exc:
        return f"{path}: {exc}"

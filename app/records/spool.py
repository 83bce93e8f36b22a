"""Answers are never lost to a storage fault: a record that cannot be saved is spooled and saved later.

The answer is already computed when its record is written; a read-only, full, locked or unreachable database
must not throw it away. A failed save is logged with its traceback (the engines are created with
`hide_parameters=True`, so no SQL parameter, hence no question, is in it) and counted; the record goes to a local spool directory (one JSON file per record, written atomically, so several
workers can share it), or, when that is not writable either, to a bounded in-memory queue. Each later save
first retries what is pending, at most once per `retry_interval_s`.

This module wraps `RecordStore` without changing it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
import uuid
from collections import deque
from pathlib import Path

from app import metrics
from app.records.store import RecordStore, UnknownConversation, get_store, redacted_record
from app.schemas.answers import AnswerRecord
from app.settings import Settings

log = logging.getLogger("navigator.records")


class RecordSpool:
    def __init__(
        self, url: str, spool_dir: Path, max_files: int = 10_000, max_memory: int = 1_000, retry_interval_s: float = 5.0
    ) -> None:
        self.url, self.spool_dir = url, spool_dir
        self.max_files, self.retry_interval_s = max_files, retry_interval_s
        self.memory: deque[AnswerRecord] = deque(maxlen=max_memory)
        self._lock = threading.Lock()
        self._last_retry = 0.0
        self._domains: dict[str, list[str] | None] = {}  # review-queue domains of records waiting in this process

    def _store(self) -> RecordStore:
        return get_store(self.url)  # cached; raises while the database cannot be reached at all

    def save(self, record: AnswerRecord, domains: list[str] | None = None) -> tuple[AnswerRecord, bool]:
        """Save the record, or keep it for later: (the redacted record as kept, whether it is in the database now).

        Redaction comes first, so that personal data never reaches the spool either."""
        record = redacted_record(record)
        self._domains[record.answer_id] = domains
        try:
            record = self._store().save_answer(record, domains)
        except Exception:  # any storage failure, whatever its kind: the caller still gets its answer
            metrics.RECORD_FAILURES.inc()
            log.error("answer record %s not saved; spooled for retry", record.answer_id, exc_info=True)
            self._keep(record)
            return record, False
        self._domains.pop(record.answer_id, None)
        self.retry_pending()
        return record, True

    def _keep(self, record: AnswerRecord) -> None:
        try:
            self.spool_dir.mkdir(parents=True, exist_ok=True)
            if sum(1 for _ in self.spool_dir.glob("*.json")) >= self.max_files:
                raise OSError("spool full")
            tmp = self.spool_dir / f".{record.answer_id}.tmp"
            tmp.write_text(record.model_dump_json(), encoding="utf-8")
            os.replace(tmp, self.spool_dir / f"{record.answer_id}.json")
        except OSError:
            log.warning(
                "spool %s not writable; record %s kept in memory", self.spool_dir, record.answer_id, exc_info=True
            )
            with self._lock:
                if len(self.memory) == self.memory.maxlen:
                    metrics.RECORDS_DROPPED.inc()
                    log.error("in-memory spool full: the oldest pending answer record is dropped")
                self.memory.append(record)

    def pending(self) -> int:
        files = sum(1 for _ in self.spool_dir.glob("*.json")) if self.spool_dir.is_dir() else 0
        return files + len(self.memory)

    def retry_pending(self, force: bool = False) -> int:
        """Save what is pending; stops at the first failure (the database is still down). Returns how many."""
        now = time.monotonic()
        with self._lock:
            if not force and now - self._last_retry < self.retry_interval_s:
                return 0
            self._last_retry = now
            in_memory = list(self.memory)
            self.memory.clear()
        saved = 0
        for i, record in enumerate(in_memory):
            if not self._save_again(record):
                with self._lock:
                    self.memory.extendleft(reversed(in_memory[i:]))
                return saved
            saved += 1
        for path in sorted(self.spool_dir.glob("*.json")) if self.spool_dir.is_dir() else []:
            try:
                record = AnswerRecord.model_validate_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # taken by another worker meanwhile, or unreadable: left for a human
            if not self._save_again(record):
                return saved
            path.unlink(missing_ok=True)
            saved += 1
        return saved

    def _save_again(self, record: AnswerRecord) -> bool:
        from sqlalchemy.exc import IntegrityError

        try:
            self._store().save_answer(record, self._domains.pop(record.answer_id, None))
        except IntegrityError:
            pass  # already saved (by another worker, or the first attempt did commit)
        except Exception:  # still failing, whatever the fault: the record stays pending
            log.warning("answer record %s still not saved", record.answer_id, exc_info=True)
            return False
        metrics.RECORDS_RECOVERED.inc()
        return True


_spools: dict[str, RecordSpool] = {}
_spools_lock = threading.Lock()


def get_spool(settings: Settings) -> RecordSpool:
    url = settings.resolved_database_url
    # By default one spool per database, so that a record is only ever replayed into the database it was meant for.
    spool_dir = (
        settings.records_spool_dir or settings.data_dir / "spool" / hashlib.sha256(url.encode()).hexdigest()[:12]
    )
    key = f"{url}::{spool_dir}"
    with _spools_lock:
        if key not in _spools:
            _spools[key] = RecordSpool(url, spool_dir)
        return _spools[key]


def save_record(
    settings: Settings, record: AnswerRecord, domains: list[str] | None = None
) -> tuple[AnswerRecord, bool]:
    return get_spool(settings).save(record, domains)


def open_conversation(
    settings: Settings, conversation_id: str | None, owner: str, first_question: str = ""
) -> tuple[str, list[AnswerRecord]]:
    """The owner's conversation and its turns so far, or a new one.

    When the database cannot be reached, a new conversation still gets its answer (with a fresh id and no
    history); continuing an existing one cannot be allowed without checking its owner, so that is refused.
    A conversation created here has no turns yet: its history is not read (one round trip less per first question).
    """
    try:
        store = get_store(settings.resolved_database_url)
        if not conversation_id:
            return store.open_conversation(None, owner, first_question), []
        conversation_id = store.open_conversation(conversation_id, owner, first_question)
        return conversation_id, store.history(conversation_id)
    except UnknownConversation:
        raise
    except Exception as exc:  # any storage failure: a new conversation still gets its answer
        metrics.HISTORY_FAILURES.inc()
        log.error("conversation store unavailable", exc_info=True)
        if conversation_id:
            raise ConversationUnavailable("the conversation store is unavailable; try again shortly") from exc
        return uuid.uuid4().hex, []


class ConversationUnavailable(RuntimeError):
    """An existing conversation cannot be continued while its owner cannot be checked."""

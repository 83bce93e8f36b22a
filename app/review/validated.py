"""Validated answers served back: the latest validated or corrected verdicts, matched against a new question.

An answer is served only if the question is the same (`app.review.matching`) and every passage it cites is
unchanged (content hash), still in the index, in force and not expired; otherwise it is marked stale on the spot and
the normal answer is given. Each serving is logged against the validated answer and its verdict version.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass

import numpy as np
from sqlalchemy import and_, insert, select
from sqlalchemy.engine import Engine

from app.index.embeddings import get_embeddings
from app.records.tables import answers, reviews, validated_servings, verdicts
from app.retrieve.index_reader import LoadedIndex
from app.review.matching import same_question
from app.review.passages import chunk_by_id
from app.review.queue import aware, now
from app.schemas.answers import Citation
from app.schemas.citations import validity_label
from app.settings import Settings
from app.text import detect_language

SERVED_STATUSES = ("validated", "corrected")


@dataclass
class Validated:
    answer_id: str
    version: int
    status: str
    verified_at: dt.datetime
    standalone_query: str
    language: str
    text: str
    mode: str
    citations: list[Citation]
    cited_hashes: dict[str, str]
    cited_texts: dict[str, str]
    note: str | None
    author: str


@dataclass
class Match:
    validated: Validated
    similarity: float
    citations: list[Citation]  # live: validity as of today

    @property
    def label(self) -> str:
        return f"Réponse vérifiée par un conseiller le {self.validated.verified_at:%d/%m/%Y}"


def validated_answers(engine: Engine, statuses: tuple[str, ...] = SERVED_STATUSES) -> list[Validated]:
    """The latest verdict of every answer whose review status is in `statuses`."""
    query = (
        select(
            reviews.c.answer_id,
            reviews.c.version,
            reviews.c.status,
            verdicts.c.created_at,
            verdicts.c.body,
            verdicts.c.author,
            answers.c.standalone_query,
            answers.c.record,
        )
        .join(verdicts, and_(verdicts.c.answer_id == reviews.c.answer_id, verdicts.c.version == reviews.c.version))
        .join(answers, answers.c.answer_id == reviews.c.answer_id)
        .where(reviews.c.status.in_(statuses))
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    result = []
    for row in rows:
        body, record = json.loads(row["body"]), json.loads(row["record"])
        corrected = bool(body.get("corrected_answer"))
        result.append(
            Validated(
                answer_id=row["answer_id"],
                version=row["version"],
                status=row["status"],
                verified_at=aware(row["created_at"]),
                standalone_query=row["standalone_query"],
                language=detect_language(row["standalone_query"]),
                text=body["corrected_answer"] if corrected else record["answer"],
                mode=record["mode"],
                citations=[Citation(**c) for c in body.get("corrected_citations", [])],
                cited_hashes=body.get("cited_hashes", {}),
                cited_texts=body.get("cited_texts", {}),
                note=body.get("note"),
                author=row["author"],
            )
        )
    return result


def freshness_problem(index: LoadedIndex, validated: Validated, today: dt.date | None = None) -> str | None:
    """Why the validated answer can no longer be served (a cited passage changed, disappeared or expired), or None."""
    today = today or dt.date.today()
    for chunk_id, content_hash in validated.cited_hashes.items():
        chunk = chunk_by_id(index, chunk_id)
        if chunk is None:
            return f"le passage cité {chunk_id} n'existe plus"
        if chunk.content_hash != content_hash:
            return f"le passage cité {chunk_id} a changé"
        if not chunk.in_force:
            return f"le passage cité {chunk_id} n'est plus en vigueur"
        if chunk.valid_until is not None and chunk.valid_until < today:
            return f"le passage cité {chunk_id} a expiré le {chunk.valid_until:%d/%m/%Y}"
    return None


_vectors: dict[tuple[str, int, str], np.ndarray] = {}
_lock = threading.Lock()


def _vector(settings: Settings, index: LoadedIndex, key: tuple[str, int], text: str) -> np.ndarray:
    cache_key = (*key, index.embedder_name)
    with _lock:
        cached = _vectors.get(cache_key)
    if cached is None:
        cached = np.asarray(get_embeddings(index.embedder_name, settings).embed_query(text), dtype=np.float32)
        with _lock:
            _vectors[cache_key] = cached
    return cached


def find_validated(settings: Settings, engine: Engine, index: LoadedIndex, query: str, language: str) -> Match | None:
    candidates = validated_answers(engine)
    if not candidates:
        return None
    vector = np.asarray(get_embeddings(index.embedder_name, settings).embed_query(query), dtype=np.float32)
    best: tuple[float, Validated] | None = None
    for candidate in candidates:
        candidate_vector = _vector(
            settings, index, (candidate.answer_id, candidate.version), candidate.standalone_query
        )
        similarity = same_question(
            query,
            language,
            vector,
            candidate.standalone_query,
            candidate.language,
            candidate_vector,
            settings.validated_min_similarity,
        )
        if similarity is not None and (best is None or similarity > best[0]):
            best = (similarity, candidate)
    if best is None:
        return None
    similarity, validated = best
    from app.review.staleness import check_one

    if check_one(settings, engine, index, validated) is not None:
        return None  # just went stale: marked, back in the queue, not served
    citations = []
    for citation in validated.citations:
        chunk = chunk_by_id(index, citation.chunk_id)
        citations.append(
            citation.model_copy(update={"validity": validity_label(chunk, language=language)}) if chunk else citation
        )
    return Match(validated, round(similarity, 4), citations)


def log_serving(engine: Engine, match: Match, served_answer_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(validated_servings).values(
                validated_answer_id=match.validated.answer_id,
                version=match.validated.version,
                served_answer_id=served_answer_id,
                served_at=now(),
                similarity=match.similarity,
            )
        )


def servings(engine: Engine, validated_answer_id: str) -> list[dict]:
    with engine.connect() as conn:
        rows = (
            conn.execute(
                select(validated_servings)
                .where(validated_servings.c.validated_answer_id == validated_answer_id)
                .order_by(validated_servings.c.id)
            )
            .mappings()
            .all()
        )
    return [dict(r) for r in rows]


def validated_list(engine: Engine) -> list[dict]:
    """Validated, corrected and stale answers for the advisers' list, with how often each was served."""
    from sqlalchemy import func

    with engine.connect() as conn:
        counts: dict[str, int] = dict(
            conn.execute(
                select(validated_servings.c.validated_answer_id, func.count()).group_by(
                    validated_servings.c.validated_answer_id
                )
            ).all()
        )
    return [
        {
            "answer_id": v.answer_id,
            "version": v.version,
            "status": v.status,
            "verified_at": v.verified_at,
            "author": v.author,
            "question": v.standalone_query,
            "text": v.text,
            "served": counts.get(v.answer_id, 0),
        }
        for v in sorted(
            validated_answers(engine, SERVED_STATUSES + ("stale",)), key=lambda v: v.verified_at, reverse=True
        )
    ]

"""`navigator corpus check`: is every document valid, sourced, current, answer-first, and is every domain covered?

Errors (the command fails): invalid front matter, duplicate ids, broken internal links, documents without an
official reference, `##` sections that break the answer-first rule, `verified_on` older than the allowed age (only
when checking as of today). Warnings: `valid_until` in the past (expired calls or transition periods must be
updated or kept on purpose, and are labelled as such in answers), and every `to_verify` item a sheet declares.

`stale_on(date)` is the planning view (`corpus check --as-of DATE`): what will be expired or due for review then.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from app.corpus.answer_first import answer_first_problems
from app.corpus.loader import CorpusError, SourceDocument, iter_corpus_files, load_document

# Minimum number of written documents per area (the knowledge-base issue's floor). A shortfall is an error when
# coverage is enforced (settings.corpus_enforce_minimums), a warning otherwise.
MINIMUMS = {"rgpd+cnil+hds": 35, "mdr+ai-act": 40, "has": 25, "art51": 12, "france2030": 30, "gnius": 20}
# How often a sheet must be checked again against its sources: funding moves fast (calls, amounts), law slowly.
REVIEW_DAYS_FUNDING = 90
REVIEW_DAYS_DEFAULT = 365
AREAS = {
    "rgpd": "rgpd+cnil+hds",
    "cnil": "rgpd+cnil+hds",
    "hds": "rgpd+cnil+hds",
    "mdr": "mdr+ai-act",
    "ai-act": "mdr+ai-act",
    "has": "has",
    "art51": "art51",
    "france2030": "france2030",
    "gnius": "gnius",
}
LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s]+)\)")


class Finding(BaseModel):
    level: str  # "error" or "warning"
    path: str
    message: str


class StaleItem(BaseModel):
    """A sheet that is expired or due for review on a given date: what to plan, not a failure."""

    path: str
    doc_id: str
    domain: str
    reason: str  # "expired" or "review due"
    since: dt.date  # valid_until, or the day the review fell due


class CheckReport(BaseModel):
    documents: int
    findings: list[Finding]
    by_domain: dict[str, int]
    by_area: dict[str, int]
    minimums: dict[str, int]
    as_of: dt.date
    stale: list[StaleItem] = []

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]


def review_days(doc: SourceDocument) -> int:
    """Review period of a sheet: 90 days for funding (domain france2030 or kind funding), 365 for the rest."""
    return REVIEW_DAYS_FUNDING if doc.meta.domain == "france2030" or doc.meta.kind == "funding" else REVIEW_DAYS_DEFAULT


def stale_on(docs: list[SourceDocument], day: dt.date) -> list[StaleItem]:
    """Sheets expired on `day` (valid_until before it) or whose last check is older than their review period."""
    items = []
    for doc in docs:
        meta = doc.meta
        if meta.valid_until and meta.valid_until < day:
            items.append(
                StaleItem(
                    path=str(doc.path), doc_id=meta.id, domain=meta.domain, reason="expired", since=meta.valid_until
                )
            )
        due = meta.verified_on + dt.timedelta(days=review_days(doc))
        if due < day:
            items.append(
                StaleItem(path=str(doc.path), doc_id=meta.id, domain=meta.domain, reason="review due", since=due)
            )
    return sorted(items, key=lambda item: (item.since, item.doc_id))


def check_corpus(
    root: Path,
    max_age_days: int = 365,
    today: dt.date | None = None,
    minimums: dict[str, int] | None = None,
    as_of: dt.date | None = None,
    enforce_minimums: bool = True,
) -> CheckReport:
    """Check every sheet under `root`. With `as_of`, ageing is reported in `stale` for that date, never as errors."""
    today = today or dt.date.today()
    findings: list[Finding] = []
    docs: list[SourceDocument] = []
    seen: dict[str, Path] = {}
    for path in iter_corpus_files(root):
        try:
            doc = load_document(path)
        except CorpusError as exc:
            findings.append(Finding(level="error", path=str(path), message=str(exc).split(": ", 1)[-1]))
            continue
        if doc.meta.id in seen:
            findings.append(
                Finding(
                    level="error", path=str(path), message=f"id '{doc.meta.id}' already used by {seen[doc.meta.id]}"
                )
            )
            continue
        if path.stem != doc.meta.id:
            findings.append(
                Finding(level="error", path=str(path), message=f"file name should be {doc.meta.id}{path.suffix}")
            )
        seen[doc.meta.id] = path
        docs.append(doc)

    ids = set(seen)
    for doc in docs:
        where = str(doc.path)
        for problem in answer_first_problems(doc.body, doc.meta.language):
            findings.append(
                Finding(
                    level="error", path=where, message=f"answer-first: section « {problem.section} »: {problem.message}"
                )
            )
        for item in doc.meta.to_verify:
            findings.append(Finding(level="warning", path=where, message=f"to verify: {item}"))
        age = (today - doc.meta.verified_on).days
        if as_of is None and age > max_age_days:
            findings.append(
                Finding(
                    level="error",
                    path=where,
                    message=f"verified_on {doc.meta.verified_on} is {age} days old (max {max_age_days}): check the sources again",
                )
            )
        if doc.meta.verified_on > today:
            findings.append(
                Finding(level="error", path=where, message=f"verified_on {doc.meta.verified_on} is in the future")
            )
        if as_of is None and doc.meta.valid_until and doc.meta.valid_until < today:
            findings.append(
                Finding(
                    level="warning",
                    path=where,
                    message=f"expired: valid_until {doc.meta.valid_until} is past (answers label it as such)",
                )
            )
        for target in LINK.findall(doc.body):
            linked = (doc.path.parent / target.split("#")[0]).resolve()
            if target.startswith("doc:"):
                if target[4:] not in ids:
                    findings.append(
                        Finding(level="error", path=where, message=f"link to unknown document '{target[4:]}'")
                    )
            elif not linked.exists():
                findings.append(Finding(level="error", path=where, message=f"broken internal link '{target}'"))

    by_domain = Counter(doc.meta.domain for doc in docs)
    by_area = Counter(AREAS[d] for d in (doc.meta.domain for doc in docs))
    wanted = minimums if minimums is not None else MINIMUMS
    for area, minimum in wanted.items():
        if by_area.get(area, 0) < minimum:
            findings.append(
                Finding(
                    level="error" if enforce_minimums else "warning",
                    path=str(root),
                    message=f"coverage: {area} has {by_area.get(area, 0)} documents, at least {minimum} expected",
                )
            )
    day = as_of or today
    return CheckReport(
        documents=len(docs),
        findings=findings,
        by_domain=dict(sorted(by_domain.items())),
        by_area=dict(by_area),
        minimums=wanted,
        as_of=day,
        stale=stale_on(docs, day),
    )

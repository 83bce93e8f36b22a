"""`navigator corpus check`: is every document valid, sourced, current, and is every domain covered?

Errors (the command fails): invalid front matter, duplicate ids, broken internal links, documents without an
official reference, `verified_on` older than the allowed age. Warnings: `valid_until` in the past (expired calls
or transition periods must be updated or kept on purpose, and are labelled as such in answers).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from app.corpus.loader import CorpusError, SourceDocument, iter_corpus_files, load_markdown

# Minimum number of written documents per area (the knowledge-base issue's floor).
MINIMUMS = {"rgpd+cnil+hds": 18, "mdr+ai-act": 18, "has": 12, "art51": 8, "france2030": 12, "gnius": 10}
AREAS = {"rgpd": "rgpd+cnil+hds", "cnil": "rgpd+cnil+hds", "hds": "rgpd+cnil+hds", "mdr": "mdr+ai-act",
         "ai-act": "mdr+ai-act", "has": "has", "art51": "art51", "france2030": "france2030", "gnius": "gnius"}
LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s]+)\)")


class Finding(BaseModel):
    level: str  # "error" or "warning"
    path: str
    message: str


class CheckReport(BaseModel):
    documents: int
    findings: list[Finding]
    by_domain: dict[str, int]
    by_area: dict[str, int]
    minimums: dict[str, int]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]


def check_corpus(root: Path, max_age_days: int = 365, today: dt.date | None = None, minimums: dict[str, int] | None = None) -> CheckReport:
    today = today or dt.date.today()
    findings: list[Finding] = []
    docs: list[SourceDocument] = []
    seen: dict[str, Path] = {}
    for path in iter_corpus_files(root):
        try:
            doc = load_markdown(path)
        except CorpusError as exc:
            findings.append(Finding(level="error", path=str(path), message=str(exc).split(": ", 1)[-1]))
            continue
        if doc.meta.id in seen:
            findings.append(Finding(level="error", path=str(path), message=f"id '{doc.meta.id}' already used by {seen[doc.meta.id]}"))
            continue
        if path.stem != doc.meta.id:
            findings.append(Finding(level="error", path=str(path), message=f"file name should be {doc.meta.id}.md"))
        seen[doc.meta.id] = path
        docs.append(doc)

    ids = set(seen)
    for doc in docs:
        where = str(doc.path)
        age = (today - doc.meta.verified_on).days
        if age > max_age_days:
            findings.append(Finding(level="error", path=where, message=f"verified_on {doc.meta.verified_on} is {age} days old (max {max_age_days}): check the sources again"))
        if doc.meta.verified_on > today:
            findings.append(Finding(level="error", path=where, message=f"verified_on {doc.meta.verified_on} is in the future"))
        if doc.meta.valid_until and doc.meta.valid_until < today:
            findings.append(Finding(level="warning", path=where, message=f"expired: valid_until {doc.meta.valid_until} is past (answers label it as such)"))
        for target in LINK.findall(doc.body):
            linked = (doc.path.parent / target.split("#")[0]).resolve()
            if target.startswith("doc:"):
                if target[4:] not in ids:
                    findings.append(Finding(level="error", path=where, message=f"link to unknown document '{target[4:]}'"))
            elif not linked.exists():
                findings.append(Finding(level="error", path=where, message=f"broken internal link '{target}'"))

    by_domain = Counter(doc.meta.domain for doc in docs)
    by_area = Counter(AREAS[d] for d in (doc.meta.domain for doc in docs))
    wanted = minimums if minimums is not None else MINIMUMS
    for area, minimum in wanted.items():
        if by_area.get(area, 0) < minimum:
            findings.append(Finding(level="error", path=str(root), message=f"coverage: {area} has {by_area.get(area, 0)} documents, at least {minimum} expected"))
    return CheckReport(documents=len(docs), findings=findings, by_domain=dict(sorted(by_domain.items())),
                       by_area=dict(by_area), minimums=wanted)

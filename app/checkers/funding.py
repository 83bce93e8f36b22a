"""The funding navigator: filter the funding records and check each programme's conditions against the profile.

Records are data (`corpus/funding/*.yaml`, validated by `app.corpus.funding`), so the checks that can be mechanical
are: TRL range, region, company size against « PME » wording, and the call's status on a given day. Free-text
eligibility conditions cannot be decided by a program: they are listed as « à vérifier » with the record's
section as source, never silently counted as met.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.corpus.funding import CallStatus, FundingKind, FundingRecord, load_funding_record
from app.corpus.loader import CorpusError

log = logging.getLogger("navigator.checkers")

SECTION_ELIGIBILITY = "beneficiaires-et-conditions-d-eligibilite"
SECTION_CALENDAR = "calendrier-et-statut"
SECTION_AMOUNT = "montant-et-taux"

# Profile fields the navigator reads (besides checker answers), with their types.
FUNDING_FIELDS = {"trl": int, "region": str, "company_size": str}
COMPANY_SIZES = {"micro", "small", "medium", "large"}


class BadFundingQuery(ValueError):
    """An impossible filter (TRL out of 1-9, negative amount, negative horizon)."""


class FundingQuery(BaseModel):
    kind: FundingKind | None = None
    funder: str | None = None
    region: str | None = None
    trl: int | None = Field(default=None)
    amount_min: float | None = None
    status: CallStatus | None = None
    open_now: bool = False
    closing_within_days: int | None = None
    today: dt.date = Field(default_factory=dt.date.today)

    def check(self) -> FundingQuery:
        """Refuse an impossible range with a clear message (called before any filtering)."""
        if self.trl is not None and not 1 <= self.trl <= 9:
            raise BadFundingQuery(f"trl must be between 1 and 9, got {self.trl}")
        if self.amount_min is not None and self.amount_min < 0:
            raise BadFundingQuery(f"amount_min cannot be negative, got {self.amount_min:g}")
        if self.closing_within_days is not None and self.closing_within_days < 0:
            raise BadFundingQuery(f"closing_within_days cannot be negative, got {self.closing_within_days}")
        return self


class Check(BaseModel):
    condition: str
    status: Literal["met", "not_met", "missing", "to_verify"]
    detail: str = ""
    source: str  # doc_id:section-slug of the rendered record


class ProgrammeMatch(BaseModel):
    id: str
    title: str
    funder: str
    kind: str
    region: str | None
    trl_min: int | None
    trl_max: int | None
    amount_max: float | None
    status_today: str
    next_close: dt.date | None
    url: str
    eligibility: Literal["eligible", "not_eligible", "missing_facts"]
    missing: list[str]
    checks: list[Check]


def load_records(funding_dir: Path) -> list[FundingRecord]:
    """The funding records the navigator matches; one that cannot be read is skipped, as ingestion skips it (it made
    every funding search fail)."""
    records = []
    for path in sorted(funding_dir.glob("*.yaml")):
        try:
            records.append(load_funding_record(path))
        except CorpusError as exc:
            log.warning("funding record not read: %s", exc)
    return records


@lru_cache(maxsize=2)
def cached_records(funding_dir: Path) -> tuple[FundingRecord, ...]:
    return tuple(load_records(funding_dir))


def next_close(record: FundingRecord, today: dt.date) -> dt.date | None:
    closes = sorted(w.closes for w in record.windows if w.closes and w.closes >= today and w.contains(today))
    return closes[0] if closes else None


def _matches(record: FundingRecord, q: FundingQuery) -> bool:
    status = record.status_on(q.today)
    if q.kind and record.kind != q.kind:
        return False
    if q.funder and q.funder.lower() not in record.funder.lower():
        return False
    if q.region and record.region and record.region.lower() != q.region.lower():
        return False
    if q.trl is not None and (
        (record.trl_min and q.trl < record.trl_min) or (record.trl_max and q.trl > record.trl_max)
    ):
        return False
    if q.amount_min is not None and record.amount_max is not None and record.amount_max < q.amount_min:
        return False
    if q.status and status != q.status:
        return False
    if q.open_now and status != CallStatus.open:
        return False
    if q.closing_within_days is not None:
        close = next_close(record, q.today)
        if close is None or (close - q.today).days > q.closing_within_days:
            return False
    return True


def check_record(record: FundingRecord, profile: dict[str, Any], today: dt.date) -> ProgrammeMatch:
    """Mechanical checks against the profile, then every free-text condition as « à vérifier »."""
    src = f"{record.id}:{SECTION_ELIGIBILITY}"
    checks: list[Check] = []
    trl = profile.get("trl")
    if record.trl_min is not None or record.trl_max is not None:
        span = f"TRL {record.trl_min or 1} à {record.trl_max or 9}"
        if not isinstance(trl, int):
            checks.append(Check(condition=span, status="missing", detail="TRL du projet inconnu", source=src))
        else:
            ok = (record.trl_min or 1) <= trl <= (record.trl_max or 9)
            checks.append(
                Check(condition=span, status="met" if ok else "not_met", detail=f"TRL du projet : {trl}", source=src)
            )
    region = profile.get("region")
    if record.region:
        if not isinstance(region, str) or region == "unknown":
            checks.append(
                Check(condition=f"Territoire : {record.region}", status="missing", detail="région inconnue", source=src)
            )
        else:
            ok = region.lower() == record.region.lower()
            checks.append(
                Check(
                    condition=f"Territoire : {record.region}",
                    status="met" if ok else "not_met",
                    detail=f"région du projet : {region}",
                    source=src,
                )
            )
    if any("PME" in b or "PME" in c for b in record.beneficiaries for c in record.eligibility):
        size = profile.get("company_size")
        if size not in COMPANY_SIZES:
            checks.append(
                Check(
                    condition="PME au sens européen",
                    status="missing",
                    detail="taille de l'entreprise inconnue",
                    source=src,
                )
            )
        else:
            checks.append(
                Check(
                    condition="PME au sens européen",
                    status="not_met" if size == "large" else "met",
                    detail=f"taille : {size}",
                    source=src,
                )
            )
    status = record.status_on(today)
    checks.append(
        Check(
            condition="Appel ouvert aujourd'hui",
            status="met" if status == CallStatus.open else "not_met",
            detail=f"statut au {today.isoformat()} : {status.value}",
            source=f"{record.id}:{SECTION_CALENDAR}",
        )
    )
    checks += [Check(condition=c, status="to_verify", source=src) for c in record.eligibility]
    decisive = [c for c in checks if c.condition != "Appel ouvert aujourd'hui"]
    verdict: Literal["eligible", "not_eligible", "missing_facts"]
    if any(c.status == "not_met" for c in decisive):
        verdict = "not_eligible"
    elif any(c.status == "missing" for c in decisive):
        verdict = "missing_facts"
    else:
        verdict = "eligible"
    return ProgrammeMatch(
        id=record.id,
        title=record.title,
        funder=record.funder,
        kind=record.kind.value,
        region=record.region,
        trl_min=record.trl_min,
        trl_max=record.trl_max,
        amount_max=record.amount_max,
        status_today=status.value,
        next_close=next_close(record, today),
        url=str(record.url),
        eligibility=verdict,
        missing=[c.detail for c in checks if c.status == "missing"],
        checks=checks,
    )


def navigate(
    records: list[FundingRecord] | tuple[FundingRecord, ...], query: FundingQuery, profile: dict[str, Any] | None = None
) -> list[ProgrammeMatch]:
    """Programmes matching the filters, each checked against the profile; soonest closing first."""
    query.check()
    profile = dict(profile or {})
    if query.trl is not None:
        profile.setdefault("trl", query.trl)
    if query.region:
        profile.setdefault("region", query.region)
    found = [check_record(r, profile, query.today) for r in records if _matches(r, query)]
    order = {"eligible": 0, "missing_facts": 1, "not_eligible": 2}
    return sorted(found, key=lambda m: (order[m.eligibility], m.next_close or dt.date.max, m.title))

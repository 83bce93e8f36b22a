"""EU calls from the Funding & Tenders portal's public search API (SEDIA), mapped to funding records for review.

The portal's own search page calls `POST https://api.tech.ec.europa.eu/search-api/prod/rest/search` with the
public key `SEDIA`, the free text in the `text` parameter and a multipart body whose parts (`query`, `languages`,
`sort`) are JSON documents. The answer is `{"totalResults", "pageNumber", "pageSize", "results": [...]}`; each
result carries its data in `metadata`, where every value is a list, and the budget in `metadata.budgetOverview`, a
JSON string to decode a second time (`budgetTopicActionMap` → actions with `minContribution`, `maxContribution`,
`expectedGrants`, `budgetYearMap`). Status codes: 31094501 forthcoming, 31094502 open, 31094503 closed.

Records are written to a review folder, never straight into the corpus: the API says nothing about who may apply
in plain words, nor about funding rates, so a person checks each topic page before copying a record to
`corpus/funding/`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from app.corpus.funding import CallStatus, FundingRecord, dump_record

SEARCH_URL = "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
PUBLIC_API_KEY = "SEDIA"
TOPIC_PAGE = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/{}"
STATUS_CODES = {"31094501": CallStatus.forthcoming, "31094502": CallStatus.open, "31094503": CallStatus.closed}
CODES_BY_STATUS = {status: code for code, status in STATUS_CODES.items()}
# Result types of the portal: 1 = call for proposals topic, 8 = cascade funding (calls by EU-funded projects).
# Tenders (type 2) are public procurement, not funding, and are left out.
GRANT_TYPES = ["1", "8"]
PROGRAMMES = {  # identifier prefix → programme, longest prefix first
    "HORIZON-EIC": "Horizon Europe — Conseil européen de l'innovation (EIC)",
    "HORIZON-JU-IHI": "Horizon Europe — Innovative Health Initiative (IHI)",
    "HORIZON-HLTH": "Horizon Europe — Cluster 1 Santé",
    "HORIZON": "Horizon Europe",
    "EU4H": "EU4Health",
    "DIGITAL": "Programme pour une Europe numérique (Digital Europe)",
    "SMP": "Programme pour le marché unique",
}


class EUFundingError(RuntimeError):
    """The search could not be run or its answer could not be read."""


class EUSyncReport(BaseModel):
    query: str
    found: int
    written: list[str]
    skipped: list[str]  # results that could not be mapped, with the reason
    out_dir: str


def _first(metadata: dict[str, Any], key: str) -> Any:
    value = metadata.get(key)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _date(value: Any) -> dt.date | None:
    """Portal dates look like `2025-04-16T00:00:00.000+0000`; only the day matters here."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def budget_actions(metadata: dict[str, Any]) -> list[dict[str, Any]]:
    """The topic's actions from `budgetOverview` (double-encoded JSON); empty when absent or unreadable."""
    raw = _first(metadata, "budgetOverview")
    if not raw:
        return []
    try:
        blob = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return []
    actions: list[dict[str, Any]] = []
    for entries in (blob.get("budgetTopicActionMap") or {}).values():
        actions.extend(e for e in entries or [] if isinstance(e, dict))
    return actions


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def record_id(identifier: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", identifier.lower()).strip("-")
    return f"eu-{slug}"[:120].rstrip("-")


def programme_of(identifier: str) -> str:
    upper = identifier.upper()
    for prefix in sorted(PROGRAMMES, key=len, reverse=True):
        if upper.startswith(prefix):
            return PROGRAMMES[prefix]
    return identifier.split("-")[0]


def map_result(result: dict[str, Any], today: dt.date) -> FundingRecord:
    """One search result → a funding record (raises ValueError/ValidationError when it cannot be mapped)."""
    metadata = result.get("metadata") or {}
    identifier = _first(metadata, "identifier") or _first(metadata, "callIdentifier") or result.get("reference")
    if not identifier:
        raise ValueError("no topic identifier")
    status_code = str(_first(metadata, "status") or "")
    if status_code not in STATUS_CODES:
        raise ValueError(f"{identifier}: unknown status code {status_code!r}")
    title = " ".join(str(_first(metadata, "title") or result.get("title") or identifier).split())
    actions = budget_actions(metadata)
    action = actions[0] if actions else {}
    opens = _date(_first(metadata, "startDate"))
    deadlines = sorted({d for d in (_date(v) for v in metadata.get("deadlineDate") or []) if d})
    model = _first(metadata, "deadlineModel") or action.get("deadlineModel")
    windows = [
        {
            "opens": opens if opens and opens <= closes else None,
            "closes": closes,
            "label": f"étape {i}" if model == "two-stage" and len(deadlines) > 1 else model,
        }
        for i, closes in enumerate(deadlines, start=1)
    ] or ([{"opens": opens}] if opens else [])
    budget = sum(v for v in (_number(x) for x in (action.get("budgetYearMap") or {}).values()) if v)
    expected = _number(action.get("expectedGrants"))
    action_type = _first(metadata, "typesOfAction") or action.get("action", "").split(" - ")[-1] or None
    notes = [
        f"Appel {_first(metadata, 'callIdentifier')} : {' '.join(str(_first(metadata, 'callTitle') or '').split())}."
        if _first(metadata, "callIdentifier")
        else ""
    ]
    if budget:
        notes.append(
            f"Budget indicatif du topic : {budget:,.0f} €".replace(",", " ")
            + (f" pour environ {expected:.0f} projets." if expected else ".")
        )
    summary = " ".join(str(result.get("summary") or "").split())
    if summary:
        notes.append(f"Résumé du portail (en anglais) : {summary[:400]}")
    return FundingRecord.model_validate(
        {
            "id": record_id(str(identifier)),
            "title": f"{title} ({identifier})"[:160],
            "funder": "Commission européenne",
            "programme": programme_of(str(identifier)),
            "kind": "subsidy",
            "beneficiaries": ["entités éligibles selon les conditions du topic (à qualifier à la relecture)"],
            "amount_min": _number(action.get("minContribution")),
            "amount_max": _number(action.get("maxContribution")),
            "windows": windows,
            "status": STATUS_CODES[status_code].value,
            "eligibility": [
                f"Type d'action : {action_type}" if action_type else "Type d'action : voir la page du topic",
                "Conditions générales et spécifiques : voir la page du topic sur le portail Funding & Tenders",
            ],
            "url": TOPIC_PAGE.format(str(identifier).lower()),
            "verified_on": today,
            "notes": " ".join(n for n in notes if n),
            "tags": ["Commission européenne", "Funding & Tenders", str(identifier)],
            "to_verify": [
                "Bénéficiaires, taux de financement et conditions : relire la page du topic avant publication"
            ],
        }
    )


def search(
    client: httpx.Client,
    text: str,
    statuses: tuple[CallStatus, ...] = (CallStatus.forthcoming, CallStatus.open),
    page_size: int = 50,
    max_pages: int = 4,
    url: str = SEARCH_URL,
    api_key: str = PUBLIC_API_KEY,
) -> list[dict[str, Any]]:
    """All results for `text` among calls with the given statuses (a few pages at most)."""
    query = {
        "bool": {
            "must": [{"terms": {"type": GRANT_TYPES}}, {"terms": {"status": [CODES_BY_STATUS[s] for s in statuses]}}]
        }
    }
    files = {
        "query": (None, json.dumps(query), "application/json"),
        "languages": (None, json.dumps(["en"]), "application/json"),
        "sort": (None, json.dumps({"field": "sortStatus", "order": "ASC"}), "application/json"),
    }
    results: list[dict[str, Any]] = []
    for page in range(1, max_pages + 1):
        params: dict[str, str | int] = {"apiKey": api_key, "text": text, "pageSize": page_size, "pageNumber": page}
        try:
            response = client.post(url, params=params, files=files)
            response.raise_for_status()
            data = response.json()
        except httpx.HTTPError as exc:
            raise EUFundingError(f"Funding & Tenders search failed: {exc}") from exc
        except ValueError as exc:
            raise EUFundingError("Funding & Tenders search returned something other than JSON") from exc
        batch = data.get("results") or []
        results.extend(batch)
        if not batch or page * page_size >= int(data.get("totalResults") or 0):
            break
    return results


def sync(
    client: httpx.Client, text: str, out_dir: Path, today: dt.date | None = None, **search_options
) -> EUSyncReport:
    """Search, map and write one YAML record per topic into `out_dir` (replaced as a whole), for review."""
    today = today or dt.date.today()
    records: dict[str, FundingRecord] = {}
    skipped: list[str] = []
    results = search(client, text, **search_options)
    for result in results:
        try:
            record = map_result(result, today)
        except (ValueError, ValidationError) as exc:
            skipped.append(f"{result.get('reference', '?')}: {str(exc).splitlines()[0]}")
            continue
        records.setdefault(record.id, record)  # the API returns one result per language: keep the first
    staging = out_dir.with_name(out_dir.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for record_id_, record in records.items():
        (staging / f"{record_id_}.yaml").write_text(dump_record(record), encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.replace(out_dir)
    return EUSyncReport(query=text, found=len(results), written=sorted(records), skipped=skipped, out_dir=str(out_dir))

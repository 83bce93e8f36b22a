"""Funding programmes and calls as data: one YAML record per file in `corpus/funding/`, rendered as a sheet.

Founders ask "how much, for whom, until when": a typed record answers that without prose drift, and the same
record is rendered into an answer-first Markdown sheet (domain france2030, kind funding) so chat answers can cite
it like any other document. The declared `status` is what the official page said on `verified_on`; `status_on`
recomputes it for another day from the published windows, because a call's state changes with time, not with
edits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import Enum
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator

from app.corpus.loader import CorpusError, SourceDocument, read_text_file
from app.corpus.schema import ID_PATTERN, DocumentMeta, Reference


class FundingKind(str, Enum):
    subsidy = "subsidy"
    repayable_advance = "repayable_advance"
    loan = "loan"
    equity = "equity"
    prize = "prize"
    tax_credit = "tax_credit"
    # paid by the health insurance for the patients of a study (the forfait innovation): not money paid to the company
    coverage = "coverage"


class CallStatus(str, Enum):
    forthcoming = "forthcoming"
    open = "open"
    closed = "closed"
    recurring = "recurring"  # a programme that comes back, whose next date is not published


KIND_LABELS = {
    FundingKind.subsidy: "subvention",
    FundingKind.repayable_advance: "avance remboursable",
    FundingKind.loan: "prêt",
    FundingKind.equity: "investissement en fonds propres",
    FundingKind.prize: "prix ou concours",
    FundingKind.tax_credit: "avantage fiscal ou social",
    FundingKind.coverage: "prise en charge par l'Assurance maladie",
}
STATUS_LABELS = {
    CallStatus.forthcoming: "annoncé mais pas encore ouvert",
    CallStatus.open: "ouvert",
    CallStatus.closed: "clos",
    CallStatus.recurring: "récurrent, sans prochaine date publiée",
}
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


class Window(BaseModel):
    """One submission window; several cut-offs of the same call are several windows."""

    model_config = ConfigDict(extra="forbid")

    opens: dt.date | None = None
    closes: dt.date | None = None  # None: no closing date published (rolling submissions)
    label: str | None = Field(default=None, max_length=80)

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.opens is None and self.closes is None:
            raise ValueError("a window needs at least 'opens' or 'closes'")
        if self.opens and self.closes and self.closes < self.opens:
            raise ValueError(f"closes ({self.closes}) is before opens ({self.opens})")
        return self

    def contains(self, day: dt.date) -> bool:
        return (self.opens is None or self.opens <= day) and (self.closes is None or day <= self.closes)


class FundingRecord(BaseModel):
    """A funding programme or call as published by its funder; amounts in euros, rates as fractions."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3, max_length=160)
    funder: str = Field(min_length=2)
    programme: str = Field(min_length=2)
    kind: FundingKind
    beneficiaries: list[str] = Field(min_length=1)
    trl_min: int | None = Field(default=None, ge=1, le=9)
    trl_max: int | None = Field(default=None, ge=1, le=9)
    amount_min: float | None = Field(default=None, ge=0)
    amount_max: float | None = Field(default=None, ge=0)
    aid_rate: float | None = Field(default=None, gt=0, le=1)
    windows: list[Window] = Field(default_factory=list)
    status: CallStatus
    eligibility: list[str] = Field(min_length=1)
    region: str | None = None
    url: HttpUrl
    verified_on: dt.date
    notes: str = ""
    references: list[Reference] = Field(default_factory=list)  # further official sources (law, work programme)
    tags: list[str] = Field(default_factory=list)
    to_verify: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> FundingRecord:
        if self.trl_min is not None and self.trl_max is not None and self.trl_min > self.trl_max:
            raise ValueError(f"trl_min ({self.trl_min}) is greater than trl_max ({self.trl_max})")
        if self.amount_min is not None and self.amount_max is not None and self.amount_min > self.amount_max:
            raise ValueError(f"amount_min ({self.amount_min:g}) is greater than amount_max ({self.amount_max:g})")
        for condition in self.eligibility:
            if len(condition) > 240:
                raise ValueError(f"eligibility conditions are short strings (≤ 240 characters): {condition[:40]!r}…")
        if self.status == CallStatus.closed and not any(w.closes for w in self.windows):
            raise ValueError("a closed call keeps its past dates: add a window with 'closes'")
        return self

    def status_on(self, day: dt.date) -> CallStatus:
        """State of the call on `day`, from its windows; without windows, the declared status stands.

        After the last published window, a recurring programme stays `recurring` (a next edition is expected but
        not dated) and anything else is `closed`.
        """
        if not self.windows:
            return self.status
        if any(w.contains(day) for w in self.windows):
            return CallStatus.open
        if any(w.opens and w.opens > day for w in self.windows):
            return CallStatus.forthcoming
        return CallStatus.recurring if self.status == CallStatus.recurring else CallStatus.closed

    @property
    def last_close(self) -> dt.date | None:
        """Last published closing date, or None when a window is open-ended or none is dated."""
        if not self.windows or any(w.closes is None for w in self.windows):
            return None
        return max(w.closes for w in self.windows if w.closes)


# --- reading -----------------------------------------------------------------------------------------------------


def load_funding_record(path: Path) -> FundingRecord:
    """Read and validate one record; errors name the file and the first failing field."""
    try:
        data = yaml.safe_load(read_text_file(path))
    except yaml.YAMLError as exc:
        raise CorpusError(path, f"funding record is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise CorpusError(path, "funding record must be a mapping of fields")
    try:
        record = FundingRecord.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise CorpusError(path, f"field '{field}': {first['msg']}{more}") from exc
    return record


# --- rendering ---------------------------------------------------------------------------------------------------


def date_fr(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def euros(amount: float) -> str:
    whole = f"{round(amount):,}".replace(",", " ")
    return f"{whole} €"


def percent(rate: float) -> str:
    value = rate * 100
    return f"{value:.0f} %" if abs(value - round(value)) < 1e-9 else f"{value:.1f} %".replace(".", ",")


def _window_text(window: Window) -> str:
    label = f" ({window.label})" if window.label else ""
    if window.opens and window.closes:
        return f"du {date_fr(window.opens)} au {date_fr(window.closes)}{label}"
    if window.closes:
        return f"clôture le {date_fr(window.closes)}{label}"
    if window.opens:
        return f"à partir du {date_fr(window.opens)}, sans date de clôture publiée{label}"
    return f"dates non publiées{label}"


# What a record without a confirmed amount says in its place (the answers quote it only when an amount is asked).
UNCONFIRMED_AMOUNT = "n'a pas de montant confirmé par une source officielle"


def _amount_sentence(r: FundingRecord, name: str) -> str:
    kind = KIND_LABELS[r.kind]
    rate = f", dans la limite de {percent(r.aid_rate)} des dépenses éligibles" if r.aid_rate else ""
    if r.amount_min is not None and r.amount_max is not None:
        return f"{name} finance entre {euros(r.amount_min)} et {euros(r.amount_max)} par projet ({kind}){rate}."
    if r.amount_max is not None:
        return f"{name} finance jusqu'à {euros(r.amount_max)} par projet ({kind}){rate}."
    if r.amount_min is not None:
        return f"{name} finance à partir de {euros(r.amount_min)} par projet ({kind}){rate}."
    if r.aid_rate:
        return (
            f"{name} ({kind}) couvre au plus {percent(r.aid_rate)} des dépenses éligibles ; aucun plafond en euros "
            f"n'est confirmé par une source officielle."
        )
    return (
        f"{name} ({kind}) {UNCONFIRMED_AMOUNT} au {date_fr(r.verified_on)} : "
        f"ne retenez aucun chiffre sans l'avoir vérifié auprès du financeur."
    )


# What opens a record's sentence on its calendar (the answers quote it only when a date or the call's status is asked).
CALENDAR_STATUS = "date de vérification de la fiche"


def _calendar_sentence(r: FundingRecord, name: str) -> str:
    when = f"Au {date_fr(r.verified_on)}, {CALENDAR_STATUS}"
    name = name[0].lower() + name[1:]
    if r.windows:
        count = len(r.windows)
        plural = "s" if count > 1 else ""
        closes = [w.closes for w in r.windows if w.closes]
        if r.last_close:
            verb = "était fixée" if r.last_close < r.verified_on else "est fixée"
            last = f"la dernière clôture publiée {verb} au {date_fr(r.last_close)}"
        elif closes:
            last = "une fenêtre reste sans date de clôture publiée"
        else:
            last = "sans date de clôture publiée"
        return (
            f"{when}, {name} est {STATUS_LABELS[r.status]} ; {count} fenêtre{plural} de dépôt publiée{plural}, {last}."
        )
    if r.status == CallStatus.open:
        return f"{when}, {name} est ouvert en continu : les demandes se déposent au fil de l'eau, sans date limite publiée."
    if r.status == CallStatus.recurring:
        return f"{when}, {name} revient par éditions successives mais sa prochaine date de dépôt n'est pas publiée."
    return f"{when}, {name} est {STATUS_LABELS[r.status]} et aucune date de dépôt n'est publiée."


def _eligibility_sentence(r: FundingRecord, name: str) -> str:
    trl = ""
    if r.trl_min is not None or r.trl_max is not None:
        trl = f" ; maturité visée : TRL {r.trl_min or 1} à {r.trl_max or 9}"
    region = f" ; territoire : {r.region}" if r.region else ""
    count = len(r.eligibility)
    conditions = "condition d'éligibilité" if count == 1 else "conditions d'éligibilité"
    # The conditions are announced by a lead-in ending with a colon, so that an answer quotes them after it (app.lists):
    # « …la fiche retient 3 conditions d'éligibilité listées ci-dessous. » was quoted alone, announcing a list the
    # answer did not give.
    lead_in = f" {'La condition retenue est' if count == 1 else 'Les conditions retenues sont'} :" if count else ""
    return f"{name} s'adresse à : {', '.join(r.beneficiaries)}{trl}{region} ; la fiche retient {count} {conditions}.{lead_in}"


TEMPLATE = """\
# {{ r.title }} : montant, bénéficiaires et calendrier

{{ r.title }} ({{ kind }}) : financeur, {{ r.funder }} ; programme, {{ r.programme }}{% if r.region %} ; territoire, \
{{ r.region }}{% endif %}. Cette fiche est générée à partir d'une fiche de données \
vérifiée le {{ verified }} ; ce qui n'a pas pu être confirmé par une source officielle est signalé en fin de fiche.

## Montant et taux

{{ amount_sentence }}

## Bénéficiaires et conditions d'éligibilité

{{ eligibility_sentence }}
{% for condition in r.eligibility %}
- {{ condition }}
{%- endfor %}

## Calendrier et statut

{{ calendar_sentence }}
{% for window in r.windows %}
- {{ window_text(window) }}
{%- endfor %}
{% if r.status.value == "recurring" %}
Consultez la page officielle avant de préparer un dossier : tant qu'une nouvelle date n'y figure pas, aucune échéance \
n'est garantie.
{% endif %}

## Source officielle et points d'attention

La source officielle du dispositif « {{ r.title }} » ({{ r.funder }}) est la page ci-dessous ; la fiche de données \
a été vérifiée le {{ verified }}. Adresse : {{ r.url }}
{% if r.notes %}
{{ r.notes | trim }}
{% endif %}
{%- if r.to_verify %}
Points non confirmés par une source officielle :
{% for item in r.to_verify %}
- {{ item }}
{%- endfor %}
{% endif %}
"""

_ENV = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
_TEMPLATE = _ENV.from_string(TEMPLATE)
# Part of a record's fingerprint: changing the rendering (this module: its template and the sentences it composes)
# re-renders every record at the next ingestion.
RENDER_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def render_body(record: FundingRecord) -> str:
    """The sheet body: every `##` section opens with one self-contained, sourced sentence (answer-first)."""
    name = f"Le dispositif « {record.title} » ({record.funder})"
    text = _TEMPLATE.render(
        r=record,
        kind=KIND_LABELS[record.kind],
        verified=date_fr(record.verified_on),
        amount_sentence=_amount_sentence(record, name),
        eligibility_sentence=_eligibility_sentence(record, name),
        calendar_sentence=_calendar_sentence(record, name),
        window_text=_window_text,
    )
    return re.sub(r"\n{3,}", "\n\n", text).rstrip() + "\n"


def render_meta(record: FundingRecord) -> DocumentMeta:
    """Front matter of the rendered sheet; `valid_until` is the last closing date of a dated, non-recurring call."""
    opens = [w.opens for w in record.windows if w.opens]
    last_close = record.last_close if record.status != CallStatus.recurring else None
    references = [{"label": f"{record.funder} — {record.title} (page officielle)", "url": str(record.url)}]
    references += [ref.model_dump(mode="json", exclude_none=True) for ref in record.references]
    tags = [
        record.funder,
        record.programme,
        KIND_LABELS[record.kind],
        *([record.region] if record.region else []),
        *record.tags,
    ]
    return DocumentMeta.model_validate(
        {
            "id": record.id,
            "title": record.title,
            "domain": "france2030",
            "kind": "funding",
            "publisher": f"Navigateur e-santé, d'après la page officielle de {record.funder}",
            "language": "fr",
            "references": references,
            "published": min(opens) if opens else record.verified_on,
            "verified_on": record.verified_on,
            "valid_from": min(opens) if opens else None,
            "valid_until": last_close,
            "tags": list(dict.fromkeys(tags)),
            "to_verify": record.to_verify,
        }
    )


def load_funding_document(path: Path) -> SourceDocument:
    """A record as a corpus document, ready to be checked, chunked and cited like a written sheet."""
    record = load_funding_record(path)
    try:
        meta = render_meta(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise CorpusError(path, f"field '{'.'.join(map(str, first['loc']))}': {first['msg']}") from exc
    return SourceDocument(meta=meta, body=render_body(record), path=path)


def dump_record(record: FundingRecord) -> str:
    """YAML text of a record, in field order, for connectors that write records for review."""
    data = record.model_dump(mode="json", exclude_defaults=True)
    data.setdefault("windows", [])
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)

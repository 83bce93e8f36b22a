"""Front matter of a corpus document, validated so a bad sheet is named, not silently indexed."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator


class Domain(str, Enum):
    rgpd = "rgpd"
    mdr = "mdr"
    has = "has"
    art51 = "art51"
    france2030 = "france2030"
    gnius = "gnius"
    hds = "hds"
    ai_act = "ai-act"
    cnil = "cnil"


class Kind(str, Enum):
    law = "law"
    guidance = "guidance"
    funding = "funding"
    fiche = "fiche"


ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,118}[a-z0-9]$"
# CELEX:32016R0679, ELI:http..., LEGIARTI000006740876, LEGITEXT..., JORFTEXT..., or free official ids (MDCG 2019-11).
IDENTIFIER_PATTERN = re.compile(
    r"^(CELEX:\d{5}[A-Z]\d{4}|ELI:\S+|LEGI(ARTI|TEXT)\d{12}|JORFTEXT\d{12}|[A-Z][\w .:/-]{1,80})$"
)


class Reference(BaseModel):
    """An official source: the link founders and advisers can open, and its official identifier if any."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=3)
    url: HttpUrl
    identifier: str | None = None

    @field_validator("identifier")
    @classmethod
    def _identifier_shape(cls, value: str | None) -> str | None:
        if value is not None and not IDENTIFIER_PATTERN.match(value):
            raise ValueError(f"not an official identifier (CELEX:…, ELI:…, LEGIARTI…): {value!r}")
        return value


class DocumentMeta(BaseModel):
    """What every document declares: identity, scope, provenance and the dates that make it current or stale."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=3, max_length=200)
    domain: Domain
    kind: Kind
    publisher: str = Field(min_length=2)
    language: str = Field(pattern=r"^(fr|en)$")
    references: list[Reference] = Field(min_length=1)
    published: dt.date
    verified_on: dt.date
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    tags: list[str] = Field(default_factory=list)
    # Set by connectors for official text (e.g. Légifrance): VIGUEUR, ABROGE, VIGUEUR_DIFF…
    status: str | None = None
    # Facts the author could not confirm from an official source; `corpus check` lists them as warnings.
    to_verify: list[str] = Field(default_factory=list)

    @field_validator("to_verify")
    @classmethod
    def _no_blank_items(cls, value: list[str]) -> list[str]:
        if any(not item.strip() for item in value):
            raise ValueError("empty item in to_verify")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> DocumentMeta:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

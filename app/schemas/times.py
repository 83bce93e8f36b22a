"""Datetimes as the API shows them: always with their zone (RFC 3339 `date-time`).

SQLite gives back naive datetimes for `DateTime(timezone=True)` columns; everything we store is UTC, so a naive value
read back is UTC."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator


def as_utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


UtcDatetime = Annotated[dt.datetime, AfterValidator(as_utc)]

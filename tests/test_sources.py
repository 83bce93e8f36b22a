"""How a cited source's validity is put into words (`app.schemas.citations.validity_label`), on a fixed day."""

from __future__ import annotations

import datetime as dt

import pytest

from app.schemas.chunks import Chunk
from app.schemas.citations import is_editorial, validity_label

TODAY = dt.date(2026, 11, 30)


def chunk(**fields) -> Chunk:
    base = dict(
        chunk_id="d:1",
        doc_id="d",
        title="t",
        section="s",
        domain="art51",
        kind="law",
        language="fr",
        text="x",
        references=[],
        content_hash="h",
    )
    return Chunk(**{**base, **fields})


@pytest.mark.parametrize(
    "fields, french, english",
    [
        ({}, "en vigueur", "in force"),
        ({"status": "ABROGE"}, "texte non en vigueur (ABROGE)", "not in force (ABROGE)"),
        (
            {"status": "VIGUEUR", "valid_until": dt.date(2027, 1, 31)},
            "en vigueur jusqu'au 31/01/2027",
            "in force until 31/01/2027",
        ),
        ({"valid_until": TODAY}, "en vigueur jusqu'au 30/11/2026", "in force until 30/11/2026"),  # last day still valid
        (
            {"valid_until": dt.date(2026, 11, 29)},
            "valable jusqu'au 29/11/2026 (échu)",
            "valid until 29/11/2026 (expired)",
        ),
        ({"kind": "funding", "valid_until": dt.date(2024, 12, 31)}, "appel clos le 31/12/2024", "closed on 31/12/2024"),
        ({"valid_from": dt.date(2026, 12, 1)}, "applicable à partir du 01/12/2026", "applies from 01/12/2026"),
        ({"valid_from": TODAY}, "en vigueur", "in force"),  # applies from today: in force
    ],
)
def test_validity_in_words(fields, french, english):
    assert validity_label(chunk(**fields), TODAY) == french
    assert validity_label(chunk(**fields), TODAY, "en") == english


def test_a_repealed_text_is_said_so_before_its_dates():
    repealed = chunk(status="ABROGE", valid_until=dt.date(2009, 1, 1))
    assert validity_label(repealed, TODAY) == "texte non en vigueur (ABROGE)"


def test_our_own_sheets_are_editorial():
    assert is_editorial(chunk(publisher="Navigateur e-santé (fiche)"))
    assert not is_editorial(chunk(publisher="Légifrance", kind="fiche"))
    assert is_editorial(chunk(kind="guidance")) and not is_editorial(chunk(kind="law"))  # older indexes: by kind

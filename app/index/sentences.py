"""The sentences of every chunk and their vectors, computed at ingestion and stored with the index generation.

The extractive composer scores the sentences of the best passages against the question by e5 similarity.
Embedding those sentences while answering cost hundreds of milliseconds on a question whose passages had not been
seen; here they are split with the project's one splitter (`app.text.split_sentences`, as the composer splits)
and embedded as e5 passages (`embed_documents`, as the scorer did) once, at ingestion. At answer time only the
question is embedded.

Two files in the generation, both covered by its manifest's checksums (so a damaged one fails the integrity check
like any other file of the generation) and swapped with it:

- `sentences.json`: the splitter's fingerprint, the distinct sentence texts in row order, and each chunk's
  sentences as row numbers (so the composer need not split a stored passage again); the texts also hold each list
  item quoted after its lead-in (`app.lists`), which the composer scores as it does a sentence, and each sentence
  and item read under its sheet's title (`read_in_sheet`), which the composer scores too;
- `sentence_vectors.npy`: one float32 row per sentence.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app import lists
from app.index.embeddings import EmbeddingCache
from app.lists import list_items
from app.schemas.chunks import Chunk
from app.text import split_sentences, splitter_fingerprint

TEXTS_FILE = "sentences.json"
VECTORS_FILE = "sentence_vectors.npy"


def read_in_sheet(sheet: str, sentence: str) -> str:
    """A sentence as also read in meaning under its sheet's title: a sheet names its subject once, in its title, and
    its sentences go on about it (« L'exonération porte sur les cotisations patronales… » of the JEI sheet)."""
    return f"{sheet} : {sentence}" if sheet else sentence


def splitter_id() -> str:
    """Fingerprint of the sentence splitter, of the list-item reader (`app.lists`) and of the reading under a sheet's
    title, whose texts the table also stores: stored splits are used only while all are the same, and an ingestion
    with a different one is not « up to date »."""
    readers = f"{inspect.getsource(lists)}\n{inspect.getsource(read_in_sheet)}"
    return hashlib.sha256(f"{splitter_fingerprint()}\n{readers}".encode()).hexdigest()[:16]


def chunk_sentences(chunk: Chunk) -> list[str]:
    """A chunk's sentences exactly as the extractive composer sees them (same splitter, same default language)."""
    return split_sentences(chunk.text)


@dataclass
class SentenceTable:
    """Distinct sentences (and list item quotes) in row order, and each chunk's sentences as rows."""

    texts: list[str]
    rows: dict[str, list[int]]  # chunk_id -> rows of its sentences, in reading order

    @classmethod
    def build(cls, chunks: list[Chunk], reuse: dict[str, list[str]] | None = None) -> SentenceTable:
        """Split every chunk; `reuse` gives the sentences of chunks whose text is unchanged since the previous
        generation (by chunk id), which are not split again."""
        row_of: dict[str, int] = {}
        rows: dict[str, list[int]] = {}
        for chunk in chunks:
            sentences = (reuse or {}).get(chunk.chunk_id)
            if sentences is None:
                sentences = chunk_sentences(chunk)
            rows[chunk.chunk_id] = [row_of.setdefault(s, len(row_of)) for s in sentences]
            # the composer also scores each list item after its lead-in (`app.lists`), and each sentence and item
            # under its sheet's title: stored, not part of the rows
            quotes = [item.quote for items in list_items(sentences).values() for item in items]
            for text in [*quotes, *(read_in_sheet(chunk.sheet, t) for t in [*sentences, *quotes])]:
                row_of.setdefault(text, len(row_of))
        return cls(list(row_of), rows)


@dataclass
class SentenceStore:
    """Loaded sentence vectors of one generation: a dictionary lookup per sentence."""

    splitter: str
    texts: list[str]
    rows: dict[str, list[int]]
    vectors: np.ndarray  # float32, one row per text
    _row: dict[str, int]

    def vector(self, sentence: str) -> np.ndarray | None:
        row = self._row.get(sentence)
        return None if row is None else self.vectors[row]

    def sentences_of(self, chunk_id: str) -> list[str] | None:
        rows = self.rows.get(chunk_id)
        return None if rows is None else [self.texts[r] for r in rows]

    @property
    def nbytes(self) -> int:
        """Memory held by the vectors (the texts are a few hundred kB more)."""
        return int(self.vectors.nbytes)


def write_sentences(gen_dir: Path, table: SentenceTable, vectors: np.ndarray, splitter: str, dimension: int) -> None:
    vectors = np.asarray(vectors, dtype=np.float32) if table.texts else np.zeros((0, dimension), dtype=np.float32)
    if vectors.shape != (len(table.texts), dimension):
        raise ValueError(
            f"sentence vectors of shape {vectors.shape} for {len(table.texts)} sentences of dimension {dimension}"
        )
    (gen_dir / TEXTS_FILE).write_text(
        json.dumps({"splitter": splitter, "texts": table.texts, "rows": table.rows}, ensure_ascii=False),
        encoding="utf-8",
    )
    np.save(gen_dir / VECTORS_FILE, vectors)


def has_sentences(gen_dir: Path) -> bool:
    return (gen_dir / TEXTS_FILE).is_file()


def read_sentences(gen_dir: Path, dimension: int) -> SentenceStore:
    """The generation's sentence vectors; ValueError when the two files do not agree (the manifest's checksums are
    verified before, by `app.index.integrity`)."""
    data = json.loads((gen_dir / TEXTS_FILE).read_text(encoding="utf-8"))
    vectors = np.load(gen_dir / VECTORS_FILE, allow_pickle=False)
    texts: list[str] = data["texts"]
    if vectors.dtype != np.float32 or vectors.shape != (len(texts), dimension):
        raise ValueError(
            f"sentence vectors have shape {vectors.shape} ({vectors.dtype}), "
            f"expected ({len(texts)}, {dimension}) float32"
        )
    rows: dict[str, list[int]] = data["rows"]
    if any(r < 0 or r >= len(texts) for chunk_rows in rows.values() for r in chunk_rows):
        raise ValueError("sentence table points outside its sentences")
    return SentenceStore(data["splitter"], texts, rows, vectors, {t: i for i, t in enumerate(texts)})


def seed_hashes(chunks: list[Chunk], store: SentenceStore) -> list[str]:
    """Embedding-cache keys of everything a generation embeds: its chunks, then its sentences (the seed holds both)."""
    return [c.content_hash for c in chunks] + [EmbeddingCache.text_hash(t) for t in store.texts]

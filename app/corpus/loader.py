"""Read corpus files: split YAML front matter from the body and validate it against `DocumentMeta`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from app.corpus.schema import DocumentMeta

FRONT_MATTER_FENCE = "---"


class CorpusError(ValueError):
    """A document that cannot be indexed; the message names the file and, when known, the field."""

    def __init__(self, path: Path | str, message: str):
        self.path = str(path)
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True)
class SourceDocument:
    meta: DocumentMeta
    body: str
    path: Path


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter YAML or None, body). Front matter must open on the first line."""
    if not text.startswith(FRONT_MATTER_FENCE):
        return None, text
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == FRONT_MATTER_FENCE:
            return "".join(lines[1:i]), "".join(lines[i + 1 :])
    raise ValueError("front matter opened with '---' but never closed")


def parse_meta(raw: str, path: Path | str) -> DocumentMeta:
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise CorpusError(path, f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise CorpusError(path, "front matter must be a mapping of fields")
    try:
        return DocumentMeta.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "front matter"
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise CorpusError(path, f"field '{field}': {first['msg']}{more}") from exc


def read_text_file(path: Path) -> str:
    """Read UTF-8 text, refusing binary content disguised under a text extension."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise CorpusError(path, "binary content in a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, f"not UTF-8 text (byte {exc.start})") from exc


def load_markdown(path: Path) -> SourceDocument:
    """Load a corpus Markdown file; its front matter is mandatory."""
    text = read_text_file(path)
    try:
        raw, body = split_front_matter(text)
    except ValueError as exc:
        raise CorpusError(path, str(exc)) from exc
    if raw is None:
        raise CorpusError(path, "missing YAML front matter (a '---' block with id, title, domain…)")
    meta = parse_meta(raw, path)
    if not body.strip():
        raise CorpusError(path, "document has no body text")
    return SourceDocument(meta=meta, body=body, path=path)


FUNDING_DIR = "funding"


def is_funding_record(path: Path) -> bool:
    """A structured funding record (`corpus/funding/<id>.yaml`), rendered into a sheet by `app.corpus.funding`."""
    return path.suffix.lower() in {".yaml", ".yml"} and path.parent.name == FUNDING_DIR


def load_document(path: Path) -> SourceDocument:
    """Any corpus document: a Markdown sheet, or a funding record rendered as one."""
    if is_funding_record(path):
        from app.corpus.funding import load_funding_document  # imports this module: load it lazily

        return load_funding_document(path)
    return load_markdown(path)


def iter_corpus_files(root: Path) -> list[Path]:
    """Documents of the written corpus: Markdown sheets (README files describe the corpus, they are not part of it)
    and funding records."""
    sheets = [p for p in root.rglob("*.md") if p.name.lower() != "readme.md"]
    records = [p for p in root.rglob("*") if p.is_file() and is_funding_record(p)]
    return sorted(sheets + records)


def main(argv: list[str] | None = None) -> int:
    """`python -m app.corpus.loader DIR...`: validate documents, print one line per problem."""
    import sys

    roots = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or [Path("corpus")]
    ok = bad = 0
    seen: dict[str, Path] = {}
    for root in roots:
        for path in iter_corpus_files(root) if root.is_dir() else [root]:
            try:
                doc = load_document(path)
            except CorpusError as exc:
                print(f"ERROR {exc}")
                bad += 1
                continue
            if doc.meta.id in seen:
                print(f"ERROR {path}: field 'id': duplicate of {seen[doc.meta.id]}")
                bad += 1
                continue
            seen[doc.meta.id] = path
            ok += 1
    print(f"{ok} valid, {bad} invalid")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())

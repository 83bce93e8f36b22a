"""Official articles of the Code de la sécurité sociale, from the npm package `@socialgouv/legi-data`.

The package carries the consolidated code (Légifrance LEGI database, Licence Ouverte) as a tree of sections and
articles, each with its LEGIARTI id, état (VIGUEUR, ABROGE, ABROGE_DIFF…) and version dates. We turn each
configured article into a Markdown document whose citation shows article number, LEGIARTI id, état and version
date, cut at its roman-numeral paragraphs (I, II…), with the Légifrance link.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml
from pydantic import BaseModel

FAR_FUTURE_YEAR = 2900
ROMAN_PARAGRAPH = re.compile(r"^(?P<num>[IVX]{1,5})\s*(?:\.|\.-|-|–|—)\s*[-–—]?\s*(?P<rest>.*)$", re.S)


class SyncError(RuntimeError):
    """The sync could not run (npm missing, package unreadable, article not found…)."""


class Group(BaseModel):
    topic: str
    domain: str
    articles: list[str] = []
    ranges: list[tuple[str, str]] = []


class SourceSpec(BaseModel):
    package: str
    code: str
    code_title: str


class SyncConfig(BaseModel):
    source: SourceSpec
    groups: list[Group]


@dataclass
class Article:
    num: str
    legiarti: str
    etat: str
    date_debut: dt.date
    date_fin: dt.date | None
    html: str
    path: list[str]
    nota: str


def load_config(path: Path) -> SyncConfig:
    try:
        return SyncConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise SyncError(f"{path}: cannot read the list of articles to sync ({exc.strerror})") from exc
    except ValueError as exc:
        raise SyncError(f"{path}: invalid list of articles to sync ({exc})") from exc


def _date(ms: int | None) -> dt.date | None:
    if ms is None:
        return None
    day = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).date()
    return None if day.year >= FAR_FUTURE_YEAR else day


def read_code(path: Path) -> list[Article]:
    """All articles of a code file, in the code's order, with their section path."""
    try:
        tree = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SyncError(f"{path}: not a readable legi-data code file ({exc})") from exc
    articles: list[Article] = []

    def walk(node: dict, trail: list[str]) -> None:
        data = node.get("data", {})
        if node.get("type") == "article":
            articles.append(
                Article(
                    num=data["num"],
                    legiarti=data["id"],
                    etat=data.get("etat", ""),
                    date_debut=_date(data.get("dateDebut")) or dt.date(1900, 1, 1),
                    date_fin=_date(data.get("dateFin")),
                    html=data.get("texteHtml") or data.get("texte") or "",
                    path=trail,
                    nota=data.get("nota") or "",
                )
            )
            return
        here = trail + [data["title"]] if node.get("type") == "section" and data.get("title") else trail
        for child in node.get("children") or []:
            walk(child, here)

    walk(tree, [])
    return articles


def select(articles: list[Article], group: Group) -> list[Article]:
    by_num = {a.num: i for i, a in enumerate(articles)}
    chosen: list[Article] = []
    for num in group.articles:
        if num not in by_num:
            raise SyncError(f"article {num} not found in the code")
        chosen.append(articles[by_num[num]])
    for first, last in group.ranges:
        if first not in by_num or last not in by_num:
            raise SyncError(f"range {first}..{last}: article not found in the code")
        chosen.extend(articles[by_num[first] : by_num[last] + 1])
    return chosen


def effective_status(article: Article, today: dt.date) -> str:
    """État on `today`: a version whose end date has passed is no longer in force, whatever the snapshot said."""
    if article.date_fin and article.date_fin <= today:
        return "ABROGE"
    if article.date_debut > today:
        return "VIGUEUR_DIFF"
    if article.etat in {"VIGUEUR", "ABROGE_DIFF"}:
        return "VIGUEUR"
    return article.etat or "INCONNU"


class _Paragraphs(HTMLParser):
    """Légifrance HTML to plain paragraphs (<p> and <br> become breaks, links keep their text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"p", "br", "div", "li", "tr"}:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)

    def paragraphs(self) -> list[str]:
        lines = "".join(self.parts).split("\n")
        return [" ".join(line.split()) for line in lines if line.strip()]


def html_paragraphs(html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html)
    return parser.paragraphs()


def slug(num: str) -> str:
    return "css-" + num.lower().replace(".", "-")


def article_url(legiarti: str) -> str:
    return f"https://www.legifrance.gouv.fr/codes/article_lc/{legiarti}"


def render_article(article: Article, group: Group, spec: SourceSpec, today: dt.date) -> str:
    status = effective_status(article, today)
    version = article.date_debut.strftime("%d/%m/%Y")
    heading = f"CSS art. {article.num} ({article.legiarti}, {status}, version du {version})"
    meta = {
        "id": slug(article.num),
        "title": f"{spec.code_title}, article {article.num}",
        "domain": group.domain,
        "kind": "law",
        "publisher": "Légifrance (DILA), base LEGI — Licence Ouverte",
        "language": "fr",
        "references": [
            {
                "label": f"{spec.code_title}, article {article.num} — {article.legiarti} ({status}, version en vigueur depuis le {version})",
                "url": article_url(article.legiarti),
                "identifier": article.legiarti,
            }
        ],
        "published": article.date_debut.isoformat(),
        "verified_on": today.isoformat(),
        "valid_from": article.date_debut.isoformat(),
        "status": status,
        "tags": [group.topic],
    }
    if article.date_fin:
        meta["valid_until"] = article.date_fin.isoformat()
    lines = [
        f"# {heading}",
        "",
        f"{spec.code_title}, article {article.num}. Emplacement : {' > '.join(article.path[-3:])}.",
    ]
    if article.etat != status:
        lines.append(
            f"État dans la base au moment de l'export : {article.etat} ; état au {today.strftime('%d/%m/%Y')} : {status}."
        )
    for paragraph in html_paragraphs(article.html):
        match = ROMAN_PARAGRAPH.match(paragraph)
        if match:
            lines += ["", f"## {match.group('num')}", "", match.group("rest")]
        else:
            lines += ["", paragraph]
    if article.nota:
        lines += ["", "## Nota", "", " ".join(article.nota.split())]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + "\n".join(lines) + "\n"


def fetch_code_file(spec: SourceSpec, cache_dir: Path) -> Path:
    """Get the code's JSON from the npm package (`npm pack`), cached by package version."""
    npm = shutil.which("npm")
    if npm is None:
        raise SyncError("npm is not installed: cannot fetch the official Légifrance articles (install Node.js/npm)")
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(
            [npm, "pack", spec.package, "--json", "--pack-destination", str(cache_dir)],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        tarball = cache_dir / json.loads(result.stdout)[0]["filename"].replace("@", "").replace("/", "-")
    except (subprocess.SubprocessError, ValueError, KeyError, IndexError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise SyncError(
            f"npm pack {spec.package} failed: {detail.strip().splitlines()[-1] if detail.strip() else exc}"
        ) from exc
    target = cache_dir / f"{tarball.stem}-{spec.code}.json"
    if not target.exists():
        member = f"package/data/{spec.code}.json"
        with tarfile.open(tarball) as archive:
            extracted = archive.extractfile(member)
            if extracted is None:
                raise SyncError(f"{tarball.name} has no {member}")
            tmp = target.with_suffix(".part")
            tmp.write_bytes(extracted.read())
            tmp.replace(target)
    return target


class SyncReport(BaseModel):
    articles: int
    written: list[str]
    not_in_force: list[str]
    source: str


def sync(config_path: Path, out_dir: Path, code_file: Path, today: dt.date | None = None) -> SyncReport:
    """Write one document per configured article into `out_dir`, replacing the previous sync atomically."""
    today = today or dt.date.today()
    config = load_config(config_path)
    articles = read_code(code_file)
    rendered: dict[str, str] = {}
    not_in_force = []
    for group in config.groups:
        for article in select(articles, group):
            rendered[slug(article.num)] = render_article(article, group, config.source, today)
            if effective_status(article, today) != "VIGUEUR":
                not_in_force.append(article.num)
    staging = out_dir.with_name(out_dir.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for doc_id, text in rendered.items():
        (staging / f"{doc_id}.md").write_text(text, encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.replace(out_dir)
    return SyncReport(
        articles=len(rendered), written=sorted(rendered), not_in_force=not_in_force, source=code_file.name
    )

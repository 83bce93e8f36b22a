"""`navigator`: the command line. Thin: every command calls the same services the API uses.

Exit codes: 0 ok, 1 failure during work, 2 unusable input, 3 index not ready or busy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from app.commands.output import fail
from app.settings import SearchMode, Settings, get_settings, shipped_path

if TYPE_CHECKING:  # the pipeline is imported only when a command needs it (it takes seconds)
    from app.ingest.pipeline import Progress

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Navigateur e-santé: cited answers on French digital-health regulation and funding.",
)
console = Console(stderr=True, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

EXIT_BAD_INPUT = 2
EXIT_NOT_READY = 3


class RichIngestProgress:
    """Progress bars on a terminal; silent when output is piped (CI logs stay readable). Has the pipeline's
    `Progress` hooks (not a subclass, so that `navigator --help` does not import the pipeline)."""

    def __init__(self) -> None:
        self.enabled = console.is_terminal
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None

    def phase(self, name: str, total: int) -> None:
        if not self.enabled or total == 0:
            return
        self._bar = RichProgress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
        )
        self._bar.start()
        self._task = self._bar.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, n)

    def done(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def run_ingest(settings: Settings, paths: list[Path] | None, rebuild: bool, quiet: bool = False):
    from app.index.generations import IndexNotReady
    from app.ingest.pipeline import IngestBusy, ingest

    try:
        report = ingest(settings, paths, rebuild=rebuild, progress=cast("Progress", RichIngestProgress()))
    except IngestBusy as exc:
        fail(str(exc), EXIT_NOT_READY)
    except IndexNotReady as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except OSError as exc:  # full or read-only disk: the half-written generation is already removed
        from app.safe_text import describe

        fail(f"ingestion failed ({describe(exc)}); the index in use is unchanged", 1)
    for problem in report.previous_problems:
        console.print(f"[yellow]repaired:[/] {escape(problem)} — rebuilt from the sources", highlight=False)
    if report.swept and not quiet:
        console.print(f"removed {len(report.swept)} leftover or old generation(s)", highlight=False)
    for error in report.errors:
        console.print(f"[yellow]skipped:[/] {escape(error.message)}", highlight=False)
    for doc_id in report.kept_previous:
        console.print(f"[yellow]kept previous version of[/] {escape(doc_id)}", highlight=False)
    if not quiet:
        state = "index already up to date" if report.up_to_date else f"generation {report.generation}"
        console.print(
            f"{state}: {report.documents} documents ({report.documents_parsed} parsed), {report.chunks} chunks — "
            f"{report.added} added, {report.updated} updated, {report.removed} removed, {report.unchanged} unchanged; "
            f"{report.embedded} embedded; {report.sentences} sentence vectors ({report.sentences_embedded} embedded); "
            f"{len(report.errors)} errors; {report.seconds:.1f} s",
            highlight=False,
        )
    return report


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the corpus and synced sources)")
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Ignore the current index and rebuild it whole")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
):
    """Parse, chunk and index documents (incremental; the previous index stays in use until the new one is ready)."""
    for path in paths or []:
        if not path.exists():
            fail(f"{path}: no such file or folder", EXIT_BAD_INPUT)
    report = run_ingest(get_settings(), paths or None, rebuild, quiet=json_out)
    if not report.up_to_date:
        from sqlalchemy.exc import SQLAlchemyError

        from app.commands.review import recheck

        try:
            stale = recheck(get_settings())  # validated answers citing a changed passage stop being served
        except (SQLAlchemyError, OSError) as exc:  # the index is built; a records database problem must not hide that
            console.print(f"[yellow]could not re-check validated answers:[/] {type(exc).__name__}", highlight=False)
            stale = {}
        if stale and not json_out:
            console.print(
                f"[yellow]{len(stale)} validated answers went stale[/] (back in the advisers' queue)", highlight=False
            )
    if json_out:
        out.print(report.model_dump_json(indent=2))
    if report.errors:
        raise typer.Exit(1)


def _filters(domain: list[str] | None, kind: list[str] | None, valid_on: str | None, include_repealed: bool):
    from app.schemas.search import SearchFilters

    day = None
    if valid_on:
        try:
            day = dt.date.fromisoformat(valid_on)
        except ValueError:
            fail(f"--valid-on expects a date YYYY-MM-DD, got '{valid_on}'", EXIT_BAD_INPUT)
    return SearchFilters(domains=domain or [], kinds=kind or [], on_date=day, include_repealed=include_repealed)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="The question or keywords")],
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="Number of results")] = 5,
    domain: Annotated[list[str] | None, typer.Option("--domain", help="Keep only this domain (repeatable)")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Keep only this kind (repeatable)")] = None,
    mode: Annotated[SearchMode, typer.Option("--mode", help="Retrieval mode")] = SearchMode.hybrid,
    valid_on: Annotated[
        str | None, typer.Option("--valid-on", help="Keep passages valid on this date (YYYY-MM-DD)")
    ] = None,
    include_repealed: Annotated[
        bool, typer.Option("--include-repealed", help="Also search official articles not in force")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON contract")] = False,
):
    """Search the index and print the best passages."""
    from app.answer.question import BadQuestion, check_question
    from app.index.generations import IndexNotReady
    from app.retrieve.search import BadSearchRequest
    from app.retrieve.search import search as run_search

    settings = get_settings()
    filters = _filters(domain, kind, valid_on, include_repealed)
    try:
        checked = check_question(query, settings)
        response = run_search(settings, checked.text, k, mode, filters)
    except (BadQuestion, BadSearchRequest) as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except IndexNotReady as exc:
        fail(str(exc), EXIT_NOT_READY)
    for notice in checked.notices:
        console.print(f"[yellow]note:[/] {escape(notice)}", highlight=False)
    if json_out:
        out.print(response.model_dump_json(indent=2))
        return
    if not response.results:
        out.print("No passage matches (check the filters).")
    for hit in response.results:
        validity = f" [{hit.valid_from or '…'} → {hit.valid_until or '…'}]" if hit.valid_from or hit.valid_until else ""
        out.print(
            f"[bold]{hit.rank}. {escape(hit.section)}[/bold]  ({hit.domain}/{hit.kind}, score {hit.score:.4f}){validity}"
        )
        out.print(f"   {hit.references[0].url if hit.references else ''}")
        out.print(f"   {hit.text[:400]}{'…' if len(hit.text) > 400 else ''}\n")
    console.print(
        f"{len(response.results)} results in {response.took_ms:.0f} ms ({response.mode.value})", highlight=False
    )


def _print_answer(answer, streamed: bool = False) -> None:
    for notice in answer.notices:
        console.print(f"[yellow]note:[/] {escape(notice)}", highlight=False)
    if streamed:
        out.print("\n" + "─" * 40 + " réponse vérifiée :")
    out.print(answer.answer)
    if answer.mode == "generative" and not answer.refused:
        out.print(f"\n(généré par {answer.model}; citations vérifiées)")
    for check in answer.answer_checks:
        if check.issue:
            out.print(f"[yellow]⚠ {escape(check.issue)}:[/] {escape(check.sentence)}")
    if answer.citations:
        out.print("\nSources :")
        for c in answer.citations:
            flag = "" if c.supported in (None, True) else "  ⚠ ne confirme pas la phrase qui la cite"
            out.print(f"\\[{c.n}] {escape(c.section)}\n    {escape(c.url)} — {c.validity}{flag}")


def _answer(settings, question: str, filters, conversation_id: str | None, stream: bool):
    """Run one answer, printing tokens as they come when streaming; returns the final Answer."""
    from app.answer.service import stream_answer

    for event in stream_answer(settings, question, filters, conversation_id):
        if event.type == "token" and stream:
            out.print(event.text, end="")
        elif event.type == "final":
            return event.answer
    raise RuntimeError("no final answer")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="A founder's question, in French or English")],
    domain: Annotated[list[str] | None, typer.Option("--domain", help="Keep only this domain (repeatable)")] = None,
    conversation: Annotated[str | None, typer.Option("--conversation", help="Continue this conversation id")] = None,
    stream: Annotated[bool, typer.Option("--stream", help="Print the model's tokens as they come")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON contract (with the answer record)")] = False,
):
    """Answer a question with cited sources (generated by Mistral if configured, else extractive)."""
    from app.answer.question import BadQuestion
    from app.generate.conversation import BadConversation
    from app.index.generations import IndexNotReady
    from app.records.store import UnknownConversation
    from app.retrieve.search import BadSearchRequest

    settings = get_settings()
    try:
        answer = _answer(settings, question, _filters(domain, None, None, False), conversation, stream and not json_out)
    except (BadQuestion, BadSearchRequest, BadConversation, UnknownConversation) as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except IndexNotReady as exc:
        fail(str(exc), EXIT_NOT_READY)
    if json_out:
        out.print(answer.model_dump_json(indent=2))
    else:
        _print_answer(answer, streamed=stream and answer.mode == "generative" and not answer.refused)
        console.print(f"conversation: {answer.conversation_id}", highlight=False)


@app.command()
def chat():
    """Interactive terminal chat (type a question, empty line or Ctrl-D to quit)."""
    from app.answer.question import BadQuestion
    from app.index.generations import IndexNotReady

    settings = get_settings()
    mode = (
        f"génération par {settings.mistral_model}"
        if settings.generation_configured
        else "mode extractif (aucun modèle configuré)"
    )
    console.print(f"Navigateur e-santé — {mode}. Posez votre question (ligne vide pour quitter).")
    conversation_id = None
    while True:
        try:
            question = input("\n> ")
        except (EOFError, KeyboardInterrupt):
            break
        if not question.strip():
            break
        try:
            answer = _answer(settings, question, None, conversation_id, stream=True)
            _print_answer(answer, streamed=answer.mode == "generative" and not answer.refused)
            conversation_id = answer.conversation_id
        except BadQuestion as exc:
            console.print(f"[red]{escape(str(exc))}[/]")
        except IndexNotReady as exc:
            fail(str(exc), EXIT_NOT_READY)


# Native thread pools that read their size from the environment when they load (in each worker process).
THREAD_POOL_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def worker_thread_env(threads: int | None) -> dict[str, str]:
    """Size every native thread pool of a worker like its embedding runtime, unless the operator already chose.

    NumPy's OpenBLAS otherwise starts one thread per core in every worker, and its idle threads spin: with two
    workers on two cores, that is twice as many busy threads as cores for the small products a request makes."""
    if threads is None:
        return {}
    return {name: str(threads) for name in THREAD_POOL_ENV if not os.environ.get(name)}


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
    workers: Annotated[int | None, typer.Option(help="Stateless API worker processes")] = None,
):
    """Serve the web app and the HTTP API (FastAPI + uvicorn)."""
    import uvicorn

    from app.logs import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level)
    host, port, workers = host or settings.host, port or settings.port, workers or settings.workers
    # Workers are separate processes: they read the same settings from the environment.
    os.environ.update({"NAVIGATOR_HOST": host, "NAVIGATOR_PORT": str(port)})
    run_files = contextlib.ExitStack()
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        # One directory per server run, so /metrics from any worker adds up every worker's counts; removed when the
        # server stops, or every run would leave one behind.
        metrics_dir = run_files.enter_context(tempfile.TemporaryDirectory(prefix="navigator-metrics-"))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    if workers > 1 and settings.embed_threads is None:
        # Each worker embeds its queries with its own share of the cores instead of all of them competing.
        os.environ["NAVIGATOR_EMBED_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
    os.environ.update(worker_thread_env(int(os.environ.get("NAVIGATOR_EMBED_THREADS") or 0) or None))
    console.print(
        f"Navigateur e-santé on http://{host}:{port}/ (API docs: /docs) — {workers} worker(s)", highlight=False
    )
    # Forwarded headers are handled inside the app, for the proxies listed in NAVIGATOR_TRUSTED_PROXIES only;
    # uvicorn's own handling would trust X-Forwarded-For from any local peer.
    with run_files:
        uvicorn.run(
            "app.api.main:app_factory",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            # Logging is ours (app/logs.py: JSON lines with the request id, one access line per request without the
            # query string): uvicorn's loggers propagate to it, its own access log is off.
            log_config=None,
            log_level=settings.log_level.lower(),
            access_log=False,
            proxy_headers=False,
            forwarded_allow_ips="",
            server_header=False,
        )


@app.command()
def up(
    host: Annotated[str | None, typer.Option(help="Interface to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Prepare the index, then stop")] = False,
):
    """The main job: sync official texts if possible, build the index if needed, then serve the web app."""
    import shutil

    settings = get_settings()
    synced = settings.sources_dir / "legifrance"
    if synced.exists():
        console.print(
            f"Official Légifrance articles already synced in {synced} (refresh: navigator corpus sync legifrance)"
        )
    elif shutil.which("npm") is None:
        console.print(
            "[yellow]npm not found: official Légifrance articles are not synced; answers use the written corpus only.[/]"
        )
    else:
        try:
            run_legifrance_sync(settings, ingest_after=False)
        except typer.Exit:
            console.print("[yellow]Légifrance sync failed (see above): continuing with the written corpus.[/]")
    run_ingest(settings, None, rebuild=False)
    if no_serve:
        return
    serve(host=host, port=port, workers=None)


corpus_app = typer.Typer(no_args_is_help=True, help="The knowledge base: checks and official-text connectors.")
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("check")
def corpus_check(
    max_age_days: Annotated[int, typer.Option(help="Oldest acceptable verified_on, in days")] = 365,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="Plan reviews: list what is expired or due for review on this date (YYYY-MM-DD); ageing is then not an error",
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
):
    """Validate every written document and print the coverage per domain."""
    from rich.table import Table

    from app.corpus.check import check_corpus

    settings = get_settings()
    report = check_corpus(
        settings.corpus_dir,
        max_age_days=max_age_days,
        as_of=as_of.date() if as_of else None,
        enforce_minimums=settings.corpus_enforce_minimums,
    )
    if json_out:
        out.print_json(report.model_dump_json())
    else:
        for finding in report.findings:
            colour = "red" if finding.level == "error" else "yellow"
            out.print(
                f"[{colour}]{finding.level}[/] {escape(str(finding.path))}: {escape(finding.message)}", highlight=False
            )
        if as_of:
            stale = Table(title=f"Stale on {report.as_of}: {len(report.stale)} items")
            for column in ("since", "reason", "domain", "document"):
                stale.add_column(column)
            for item in report.stale:
                stale.add_row(str(item.since), item.reason, item.domain, item.doc_id)
            out.print(stale)
        table = Table(title=f"Corpus: {report.documents} documents")
        table.add_column("domain")
        table.add_column("documents", justify="right")
        for domain, count in report.by_domain.items():
            table.add_row(domain, str(count))
        out.print(table)
        areas = ", ".join(f"{a} {report.by_area.get(a, 0)}/{m}" for a, m in report.minimums.items())
        out.print(f"minimums: {areas}")
        out.print(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    from app.checkers.commands import rule_file_problem

    problem = rule_file_problem(settings.corpus_dir)  # a checker citing a section the corpus no longer has
    if problem:
        out.print(f"[red]error[/] {escape(str(problem))}", highlight=False)
    if report.errors or problem:
        raise typer.Exit(1)


@corpus_app.command("seed")
def corpus_seed():
    """Save the vectors of the current index beside the corpus (chunks and their sentences), so a fresh machine
    builds it without re-embedding."""
    from app.index.embeddings import EmbeddingCache, write_seed
    from app.index.sentences import seed_hashes
    from app.retrieve.index_reader import get_index

    settings = get_settings()
    index = get_index(settings)
    if index.sentences is None:
        fail("the current index has no sentence vectors (built by an older version): run `navigator ingest` first", 3)
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite")
    try:
        hashes = seed_hashes(index.chunks, index.sentences)
        vectors = cache.get_many(index.manifest.embedder, hashes)
    finally:
        cache.close()
    missing = len(set(hashes) - set(vectors))
    if missing:
        fail(f"{missing} chunk or sentence vectors are not in the embedding cache: run `navigator ingest` first", 3)
    path = write_seed(settings.corpus_dir / "embeddings", index.manifest.embedder, vectors)
    console.print(
        f"{len(vectors)} vectors ({len(index.chunks)} chunks, {len(index.sentences.texts)} sentences) "
        f"written to {path.name}"
    )


def run_legifrance_sync(settings: Settings, code_file: Path | None = None, ingest_after: bool = True):
    from app.corpus.legifrance import SyncError, fetch_code_file, load_config, sync

    config_path = settings.legifrance_config
    try:
        if code_file is None:
            console.print("Fetching the official Code de la sécurité sociale (npm package @socialgouv/legi-data)…")
            code_file = fetch_code_file(load_config(config_path).source, settings.cache_dir / "npm")
        report = sync(config_path, settings.sources_dir / "legifrance", code_file)
    except SyncError as exc:
        fail(str(exc), 1)
    console.print(
        f"Légifrance: {report.articles} articles written ({len(report.not_in_force)} not in force: {', '.join(report.not_in_force) or 'none'})",
        highlight=False,
    )
    if ingest_after:
        run_ingest(settings, [settings.sources_dir / "legifrance"], rebuild=False)
    return report


def run_eu_funding_sync(settings: Settings, query: str):
    """EU calls matching `query` → YAML funding records in the review folder (not indexed, not published)."""
    import httpx

    from app.corpus.eu_funding import EUFundingError, sync

    out_dir = settings.review_dir / "eu-funding"
    try:
        with httpx.Client(timeout=settings.eu_funding_timeout_s) as client:
            report = sync(
                client, query, out_dir, url=settings.eu_funding_search_url, api_key=settings.eu_funding_api_key
            )
    except EUFundingError as exc:
        fail(str(exc), 1)
    for reason in report.skipped:
        console.print(f"[yellow]skipped:[/] {escape(reason)}", highlight=False)
    console.print(
        f"EU Funding & Tenders: {report.found} results, {len(report.written)} records written to {out_dir} for "
        "review (check each topic page, then copy the record to corpus/funding/)",
        highlight=False,
    )
    return report


@corpus_app.command("sync")
def corpus_sync(
    source: Annotated[str, typer.Argument(help="Connector to run: legifrance, eu-funding")],
    code_file: Annotated[
        Path | None, typer.Option("--code-file", help="Use this legi-data code JSON instead of npm")
    ] = None,
    no_ingest: Annotated[bool, typer.Option("--no-ingest", help="Write the documents, do not index them")] = False,
    query: Annotated[
        str, typer.Option("--query", help="eu-funding: free-text search of open and forthcoming calls")
    ] = "digital health",
):
    """Sync official texts (Légifrance articles, indexed) or EU calls (written as funding records for review)."""
    if source == "eu-funding":
        if not query.strip():
            fail("--query must not be empty", EXIT_BAD_INPUT)
        run_eu_funding_sync(get_settings(), query)
        return
    if source != "legifrance":
        fail(f"unknown source '{source}' (known: legifrance, eu-funding)", EXIT_BAD_INPUT)
    if code_file is not None and not code_file.exists():
        fail(f"{code_file}: no such file", EXIT_BAD_INPUT)
    run_legifrance_sync(get_settings(), code_file, ingest_after=not no_ingest)


from app.commands import records as records_commands  # noqa: E402
from app.commands import review as review_commands  # noqa: E402
from app.commands import users as users_commands  # noqa: E402

app.add_typer(records_commands.app, name="records")
app.add_typer(review_commands.app, name="review")
app.add_typer(users_commands.app, name="users")

eval_app = typer.Typer(no_args_is_help=True, help="Maintainers' evaluation on the gold set.")
app.add_typer(eval_app, name="eval")
DEFAULT_GOLD = shipped_path("gold", "eval/gold")


class GoldSplit(str, Enum):
    all = "all"
    tune = "tune"
    test = "test"


SPLIT_OPTION = typer.Option("--split", help="Gold half: test (held out, gated), tune (calibration) or all")
GOLD_OPTION = typer.Option(
    help="Gold set: a JSONL file, or a folder (its *.jsonl and additions/*.jsonl)",
    show_default="eval/gold",  # the checkout's, or the installed package's copy: never a machine path in the help
)


def _gold(path: Path, split: GoldSplit = GoldSplit.all):
    from app.evaluation.gold import GoldError, load_gold

    try:
        return load_gold(path, split.value)
    except (GoldError, OSError) as exc:
        fail(str(exc), EXIT_BAD_INPUT)


@eval_app.command("retrieval")
def eval_retrieval(
    config: Annotated[
        list[str] | None, typer.Option("--config", help="Built-in configuration: hybrid, bm25, dense (repeatable)")
    ] = None,
    configs: Annotated[list[Path] | None, typer.Option("--configs", help="YAML file of configurations")] = None,
    gold: Annotated[Path, GOLD_OPTION] = DEFAULT_GOLD,
    split: Annotated[GoldSplit, SPLIT_OPTION] = GoldSplit.all,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Write results.json and report.html here")] = None,
    compare_to: Annotated[Path | None, typer.Option("--compare", help="Previous results.json: show deltas")] = None,
):
    """Recall@k, MRR@10, nDCG@10 per domain and overall, for one or several configurations."""

    from rich.table import Table

    from app.evaluation.report import retrieval_report
    from app.evaluation.retrieval import compare, load_configs, run_retrieval, write_results
    from app.index.generations import IndexNotReady

    settings = get_settings()
    try:
        chosen = load_configs(config or [], configs or [])
        results = run_retrieval(settings, _gold(gold, split), chosen, RichIngestProgress())
    except ValueError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except IndexNotReady as exc:
        fail(str(exc), EXIT_NOT_READY)
    deltas = compare(results, json.loads(compare_to.read_text())) if compare_to else None
    table = Table(title=f"Retrieval on {results['questions']} questions (split: {split.value})")
    for column in ("configuration", "recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "ndcg@10", "p95 ms"):
        table.add_column(column, justify="right", no_wrap=True, min_width=len(column))
    for name, data in results["configurations"].items():
        o = data["overall"]
        cells = [
            f"{o[m]:.3f}" + (f" ({deltas[name]['overall'][m]:+.3f})" if deltas and name in deltas else "")
            for m in ("recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "ndcg@10")
        ]
        table.add_row(name, *cells, f"{data['latency_ms']['p95']:.0f}")
    out.print(table, width=max(out.width, 150))
    for name, data in results["configurations"].items():
        worst = sorted(data["per_domain"].items(), key=lambda kv: kv[1]["recall@5"])
        out.print(
            f"{name}: recall@5 per domain "
            + ", ".join(f"{d} {m['recall@5']:.2f}" for d, m in worst)
            + f"; {len(data['failures'])} questions with no relevant passage in the top 5"
        )
        for group in ("per_split", "per_language", "per_kind"):
            out.print(
                f"{name}: {group.removeprefix('per_')} "
                + ", ".join(
                    f"{g} hit@5 {m['hit@5']:.2f} recall@5 {m['recall@5']:.2f} (n={m['questions']})"
                    for g, m in data[group].items()
                )
            )
    if results.get("skipped"):
        out.print(f"skipped {len(results['skipped']['ids'])} questions: {results['skipped']['why']}")
    if out_dir:
        write_results(out_dir, results | ({"compared_to": str(compare_to), "deltas": deltas} if deltas else {}))
        report = retrieval_report(results, out_dir, deltas)
        console.print(f"wrote {out_dir / 'results.json'} and {report}", highlight=False)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1 else f"{value:.0f}"
    return "–" if value is None else str(value)


@eval_app.command("answers")
def eval_answers(
    gold: Annotated[Path, GOLD_OPTION] = DEFAULT_GOLD,
    split: Annotated[GoldSplit, SPLIT_OPTION] = GoldSplit.all,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Write results.json and report.html here")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N questions")] = None,
):
    """Key facts, hit@5, citations, refusals, latency per split, domain, language and hard kind: extractive always,
    generative when a model is set."""

    from rich.table import Table

    from app.evaluation.answers import run_answers
    from app.evaluation.report import ANSWER_COLUMNS, ANSWER_SHORT, answers_report

    settings = get_settings()
    items = _gold(gold, split)[:limit] if limit else _gold(gold, split)
    modes = ["extractive"] + (["generative"] if settings.generation_configured else [])
    results = run_answers(settings, items, modes, RichIngestProgress())
    for mode, data in results["modes"].items():
        o = data["overall"]
        out.print(
            f"{mode} (split: {split.value}): key facts {o['key_fact_recall']} (answered only {o['key_fact_recall_answered']}, "
            f"in the opening statement {o['key_fact_recall_opening']}), "
            f"hit@5 {o['hit@5']}, citation precision {o['citation_precision']}, recall {o['citation_recall']}, "
            f"valid citations {o['valid_citation_rate']}, answers with a bad citation {o['bad_citation_answer_rate']}, "
            f"refusal accuracy {o['refusal_accuracy']}, false refusals {o['false_refusal_rate']} ({o['answered']} answered, "
            f"median {o['answer_words_p50']} words), "
            f"p50 {o['p50_ms']} ms, p95 {o['p95_ms']} ms"
        )
        table = Table(title=f"{mode}: answers per group (facts: key-fact recall, a refusal scoring 0)")
        table.add_column("group", no_wrap=True, min_width=24)
        for column in ANSWER_COLUMNS:
            table.add_column(
                ANSWER_SHORT[column], justify="right", no_wrap=True, min_width=max(5, len(ANSWER_SHORT[column]))
            )
        for group in ("per_split", "per_domain", "per_language", "per_kind"):
            for name, m in data[group].items():
                table.add_row(f"{group.removeprefix('per_')}:{name}", *[_cell(m.get(c)) for c in ANSWER_COLUMNS])
        out.print(table, width=max(out.width, 180))
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
        console.print(f"wrote {out_dir / 'results.json'} and {answers_report(results, out_dir)}", highlight=False)


@eval_app.command("export-beir")
def eval_export_beir(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for corpus.jsonl, queries.jsonl, qrels/test.tsv")],
    gold: Annotated[Path, GOLD_OPTION] = DEFAULT_GOLD,
    split: Annotated[GoldSplit, SPLIT_OPTION] = GoldSplit.all,
):
    """Export the gold set and the corpus in BEIR format."""
    from app.evaluation.beir import export_beir

    counts = export_beir(get_settings(), _gold(gold, split), out_dir)
    console.print(f"BEIR export in {out_dir}: {counts}", highlight=False)


from app.checkers.commands import register as _register_checkers  # noqa: E402

_register_checkers(app)


def main() -> None:
    from pydantic import ValidationError

    from app.logs import configure_cli_logging

    try:
        level = get_settings().log_level
    except ValidationError:  # reported by the command that reads the settings; --help still works
        level = "WARNING"
    configure_cli_logging(level)
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted: the index in use is unchanged")
        sys.exit(130)


if __name__ == "__main__":
    main()

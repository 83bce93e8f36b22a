"""The chat's hook: a question about the founder's own product offers the matching checker with prefilled fields."""

import pytest

from app.checkers.engine import check_answer
from app.checkers.model import load_all
from app.checkers.suggest import suggest_checkers


@pytest.mark.parametrize(
    "question, checker, prefill",
    [
        (
            "Mon appli de télésurveillance est-elle un dispositif médical ?",
            "md-qualification",
            {"is_software": True, "medical_purpose": True},
        ),
        (
            "Notre IA de tri des patients aux urgences est-elle à haut risque selon l'AI Act ?",
            "ai-act",
            {"uses_ai": True, "emergency_triage": True},
        ),
        (
            "Mon logiciel stocke des données de santé : faut-il un hébergeur HDS ?",
            "hds",
            {"processes_health_data": True},
        ),
        ("Quelle classe pour mon logiciel d'aide au diagnostic ?", "mdr-class", {"decision_info": True}),
        ("Puis-je obtenir la PECAN pour mon appli ?", "reimbursement", {}),
    ],
)
def test_own_product_questions_offer_the_checker(question, checker, prefill):
    suggestions = suggest_checkers(question)
    assert suggestions and suggestions[0].checker == checker
    assert suggestions[0].prefill == prefill


def test_general_questions_offer_nothing():
    assert suggest_checkers("Qu'est-ce que la règle 11 du MDR ?") == []


def test_prefilled_values_fit_their_questions():
    for rules in load_all().values():
        questions = {q.id: q for q in rules.questions}
        for p in rules.suggest.prefill if rules.suggest else []:
            assert check_answer(questions[p.field], p.value) == p.value

"""The polite hand-off when the corpus cannot answer: what the assistant covers and whom to ask instead."""

from __future__ import annotations

REFUSAL = {
    "fr": (
        "Je ne trouve pas dans ma base documentaire de passage qui réponde à cette question, je préfère donc ne pas "
        "répondre plutôt que de risquer une information inexacte. Le Navigateur e-santé couvre la réglementation et "
        "le financement du numérique en santé : RGPD et données de santé, hébergement HDS, marquage CE des dispositifs "
        "médicaux (MDR), évaluation et remboursement par la HAS, Article 51, France 2030 et les guichets d'appui. "
        "Pour un accompagnement personnalisé, contactez le guichet G_NIUS de l'Agence du numérique en santé "
        "(https://gnius.esante.gouv.fr), l'équipe e-santé de votre agence régionale de santé (ARS), ou la CNIL pour "
        "une question de données personnelles (https://www.cnil.fr). Pour une question médicale personnelle, "
        "adressez-vous à un professionnel de santé."
    ),
    "en": (
        "I could not find a passage in my sources that answers this question, so I would rather not answer than risk "
        "a wrong one. Navigateur e-santé covers the regulation and funding of digital health in France: GDPR and "
        "health data, HDS hosting, CE marking of medical devices (MDR), HAS evaluation and reimbursement, Article 51, "
        "France 2030 and support desks. For personalised help, contact the G_NIUS desk of the French digital health "
        "agency (https://gnius.esante.gouv.fr), the e-health team of your regional health agency (ARS), or the CNIL "
        "for personal-data questions (https://www.cnil.fr). For a personal medical question, see a health professional."
    ),
}


def refusal_text(language: str) -> str:
    return REFUSAL.get(language, REFUSAL["fr"])

"""The polite hand-offs: when the corpus cannot answer (what the assistant covers, whom to ask instead), when
the question asks for personal medical advice (a health professional, the emergency numbers and the suicide prevention
line), when a question belongs to a neighbouring field (which field, and whom to ask instead), when a message only
describes the founder's situation (noted for what follows), and when it only thanks."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from app.schemas.answers import Referral

REFERRALS = Path(__file__).with_name("referrals.yaml")
# The referral of a message whose meaning is another field's when no rule of `neighbours.py` says which.
ANOTHER_FIELD = "another_field"

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


MEDICAL = {
    "fr": (
        "Je ne peux pas répondre à une question médicale (dose, diagnostic, traitement, symptômes, résultats "
        "d'examen) : seul un professionnel de santé qui connaît la personne concernée peut le faire. Demandez à votre "
        "médecin ou à votre pharmacien ; en cas d'urgence, appelez le 15 (SAMU) ou le 112 ; face à des idées "
        "suicidaires, pour vous ou pour un proche, le 3114 (numéro national de prévention du suicide, gratuit, "
        "24 h/24). Pour une information de santé publique fiable : https://www.sante.fr. Le Navigateur e-santé "
        "répond aux questions de réglementation et de financement du numérique en santé."
    ),
    "en": (
        "I cannot answer a medical question (a dose, a diagnosis, a treatment, symptoms, test results): only a health "
        "professional who knows the person concerned can. Ask your doctor or pharmacist; in an emergency in France, "
        "call 15 (SAMU) or 112; for suicidal thoughts, yours or someone else's, call 3114 (the national suicide "
        "prevention line, free, 24/7). Reliable public health information (in French): https://www.sante.fr. "
        "Navigateur e-santé answers questions on the regulation and funding of digital health."
    ),
}
# A request for help with an attack, a fraud or hiding what must be declared (harmful.py) is not a question the sources
# failed to answer: « I could not find a passage » would be untrue and invites rewording it until something matches.
# It is said plainly, with the lawful question next to it and whom to turn to.
HARM = {
    "fr": (
        "Je ne peux pas aider à cela : la demande vise à s'introduire dans un système, à tromper une autorité ou un "
        "financeur, ou à cacher ce qui doit être déclaré. Si vous cherchez à respecter une obligation (déclarer un "
        "incident ou une violation de données, justifier des dépenses, obtenir un certificat), posez la question "
        "ainsi : j'y réponds avec les textes. Pour un accompagnement, le guichet G_NIUS de l'Agence du numérique en "
        "santé (https://gnius.esante.gouv.fr) ; pour une violation de données, la CNIL (https://www.cnil.fr) ; pour un "
        "incident de sécurité dans une structure de santé, le CERT Santé de l'ANS (https://cyberveille.esante.gouv.fr)."
    ),
    "en": (
        "I cannot help with this: the request is about getting into a system, misleading an authority or a funder, or "
        "hiding what must be reported. If you want to meet an obligation (report an incident or a data breach, "
        "justify expenses, obtain a certificate), ask that: I answer it from the texts. For support, the G_NIUS desk "
        "of the French digital health agency (https://gnius.esante.gouv.fr); for a data breach, the CNIL "
        "(https://www.cnil.fr); for a security incident in a health organisation, the ANS's CERT Santé "
        "(https://cyberveille.esante.gouv.fr)."
    ),
}
# An attempt to change the assistant's rules (« ignore tes instructions », "pretend the MDR doesn't exist", injection.py)
# is not a question the sources failed to answer either: it is told that the rules stay, and what can be asked.
INJECTION = {
    "fr": (
        "Je ne change pas mes consignes : je réponds aux questions de réglementation et de financement du numérique "
        "en santé (RGPD et données de santé, hébergement HDS, marquage CE des dispositifs médicaux, HAS et "
        "remboursement, Article 51, France 2030), à partir de sources citées. Posez-moi une question sur ces sujets ; "
        "pour un accompagnement personnalisé, le guichet G_NIUS de l'Agence du numérique en santé est gratuit "
        "(https://gnius.esante.gouv.fr)."
    ),
    "en": (
        "I do not change my rules: I answer questions on the regulation and funding of digital health in France (GDPR "
        "and health data, HDS hosting, CE marking of medical devices, HAS and reimbursement, Article 51, France 2030), "
        "from cited sources. Ask me about those; for personalised help, the G_NIUS desk of the French digital health "
        "agency is free (https://gnius.esante.gouv.fr)."
    ),
}
# A message that describes the founder's situation and asks nothing (« On développe une appli de suivi du diabète
# pour les pharmacies. ») is not turned down: it becomes the subject of the questions that follow.
CONTEXT = {
    "fr": (
        "C'est noté : je tiendrai compte de ce que vous décrivez pour les questions suivantes de cette conversation. "
        "Que voulez-vous savoir ? Par exemple : s'agit-il d'un dispositif médical, et de quelle classe ; faut-il un "
        "hébergeur certifié HDS ; quelles formalités CNIL ; quelle voie de remboursement ou quel financement viser."
    ),
    "en": (
        "Noted: I will take what you describe into account for the next questions of this conversation. What would "
        "you like to know? For example: is it a medical device, and which class; is an HDS-certified host required; "
        "which CNIL formalities apply; which reimbursement route or funding to aim for."
    ),
}
# « Merci beaucoup ! », « Thanks, that helps. »: a founder who thanks is not asking anything to turn down.
ACKNOWLEDGEMENT = {
    "fr": (
        "Avec plaisir. Posez une autre question quand vous voulez ; pour un accompagnement personnalisé, le guichet "
        "G_NIUS de l'Agence du numérique en santé est gratuit (https://gnius.esante.gouv.fr)."
    ),
    "en": (
        "You're welcome. Ask another question whenever you like; for personalised help, the G_NIUS desk of the French "
        "digital health agency is free (https://gnius.esante.gouv.fr)."
    ),
}
# « Bonjour ! », « Hello, can you help me? »: a founder who greets is told what can be asked, not turned down.
GREETING = {
    "fr": (
        "Bonjour ! Je réponds aux questions de réglementation et de financement du numérique en santé, en citant mes "
        "sources : RGPD et données de santé, hébergement HDS, dispositifs médicaux (MDR), évaluation HAS et "
        "remboursement, expérimentations article 51, financements France 2030. Quelle est votre question ? Par "
        "exemple : mon appli est-elle un dispositif médical, et de quelle classe ?"
    ),
    "en": (
        "Hello! I answer questions on the regulation and funding of digital health in France, citing my sources: GDPR "
        "and health data, HDS hosting, medical devices (MDR), HAS assessment and reimbursement, Article 51 experiments, "
        "France 2030 funding. What would you like to know? For example: is my app a medical device, and which class?"
    ),
}
REFUSALS = {
    "out_of_scope": REFUSAL,
    "medical_advice": MEDICAL,
    "harm": HARM,
    "injection": INJECTION,
    "context": CONTEXT,
    "acknowledgement": ACKNOWLEDGEMENT,
    "greeting": GREETING,
}


def refusal_text(language: str, reason: str = "out_of_scope") -> str:
    texts = REFUSALS[reason]
    return texts.get(language, texts["fr"])


@lru_cache(maxsize=1)
def _referrals() -> dict[str, dict]:
    return yaml.safe_load(REFERRALS.read_text(encoding="utf-8")) or {}


def referral(field: str | None, language: str) -> Referral | None:
    """Whom to ask for a question of the neighbouring `field` (a key of `referrals.yaml`), in the question's language."""
    if field is None or (entry := _referrals().get(field)) is None:
        return None
    words = entry.get(language) or entry["fr"]
    return Referral(
        field=field, name=words["field"], who=words.get("who"), url=entry.get("url"), ours=words.get("ours")
    )


# The neighbouring field's hand-off: the field named, whom to ask, what of it is ours, then what the assistant covers.
_FIELD_REFUSAL = {
    "fr": (
        "Cette question porte sur {name}, en dehors du périmètre du Navigateur e-santé : je préfère ne pas y répondre "
        "plutôt que de risquer une information inexacte.",
        "Qui peut vous aider : {who}.",
        "Le Navigateur e-santé couvre la réglementation et le financement du numérique en santé (RGPD et données de "
        "santé, hébergement HDS, marquage CE des dispositifs médicaux, HAS et remboursement, Article 51, France 2030) ; "
        "sur ces sujets, le guichet G_NIUS de l'Agence du numérique en santé vous accompagne gratuitement "
        "(https://gnius.esante.gouv.fr).",
    ),
    "en": (
        "This question is about {name}, which is outside what Navigateur e-santé covers: I would rather not answer "
        "than risk a wrong one.",
        "Who can help: {who}.",
        "Navigateur e-santé covers the regulation and funding of digital health in France (GDPR and health data, HDS "
        "hosting, CE marking of medical devices, HAS and reimbursement, Article 51, France 2030); on those subjects, "
        "the G_NIUS desk of the French digital health agency helps for free (https://gnius.esante.gouv.fr).",
    ),
}


def referral_text(language: str, to: Referral) -> str:
    opening, helper, scope = _FIELD_REFUSAL.get(language, _FIELD_REFUSAL["fr"])
    parts = [opening.format(name=to.name)]
    if to.who:
        parts.append(helper.format(who=f"{to.who} ({to.url})" if to.url else to.who))
    if to.ours:
        parts.append(to.ours)
    return " ".join([*parts, scope])

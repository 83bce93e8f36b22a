"""Check a founder's question before any work: unusable input gets a clear error, odd input a notice."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from app.safe_text import has_lone_surrogate
from app.settings import Settings
from app.text import detect_language, fold, spelled_out, split_sentences


class BadQuestion(ValueError):
    """The question cannot be used at all (empty, absurdly long)."""


@dataclass
class CheckedQuestion:
    original: str
    text: str  # what retrieval sees
    language: str  # "fr" or "en": the language of the reply
    notices: list[str] = field(default_factory=list)


def latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("LATIN" in unicodedata.name(c, "") for c in letters) / len(letters)


def check_question(raw: str | None, settings: Settings) -> CheckedQuestion:
    if raw and has_lone_surrogate(raw):
        # Invalid UTF-8 on a terminal, or a lone "\ud800" in JSON: nothing downstream could encode it.
        raise BadQuestion("the question contains invalid characters (not valid UTF-8 text)")
    text = " ".join((raw or "").split())
    if not text:
        raise BadQuestion("the question is empty")
    if len(text) > settings.hard_max_question_chars:
        raise BadQuestion(
            f"the question is too long ({len(text)} characters, limit {settings.hard_max_question_chars})"
        )
    if not any(c.isalnum() for c in text):
        raise BadQuestion("the question has no words")
    text = spelled_out(text)
    language = detect_language(text)
    notices: list[str] = []
    if len(text) > settings.max_question_chars:
        notices.append(
            f"Question tronquée à {settings.max_question_chars} caractères sur {len(text)} pour la recherche."
            if language == "fr"
            else f"Question cut to its first {settings.max_question_chars} of {len(text)} characters for the search."
        )
        text = text[: settings.max_question_chars]
    if latin_share(text) < 0.5:
        notices.append(
            "La question n'est pas écrite en alphabet latin : la base documentaire est en français, "
            "les résultats peuvent être moins pertinents. Reformulez en français ou en anglais si possible."
        )
        language = "fr"
    return CheckedQuestion(original=raw or "", text=text, language=language, notices=notices)


# A founder often opens by describing their situation (« On développe une appli de suivi du diabète pour les
# pharmacies. », « We're a French medtech with 20 employees. ») before asking anything. Such a message asks nothing:
# it is context to keep for the next questions, not a question to answer with whatever passage shares its words.
# Question words: a message opening on one asks something, and so does one typed without a full stop that holds one.
_QUESTION_WORDS = r"quel|quelle|quels|quelles|quand|qui|what|how|which|who|when|why"
_ASKING = re.compile(
    r"\?|^(?:" + _QUESTION_WORDS + r"|qu|ou|est-ce|faut-il|peut-on|doit-on"
    r"|dois-je|puis-je|where|can|could|do|does|did|is|are|should|must|will|would)\b"
    r"|\b(?:combien|cb|koi|quoi|pourquoi|comment|savoir|expliqu\w*|dites|dis-moi|aidez|aide-moi|help|tell|explain"
    r"|wonder\w*|know|besoin d'aide|need help)\b"
    # a question asked without its form (« on se demande si…», « on ne sait pas si… », « je cherche les aides… »)
    r"|\b(?:demande|demandons|sait pas|savons pas|sais pas|hesit\w*|cherch\w*|recherch\w*|renseign\w*|looking for"
    r"|not sure|unsure|interested in)\b"
    # a request in the imperative (« Recommend me a novel. », « Donne-moi une recette. »)
    r"|^(?:recommend|give|write|find|list|show|suggest|summari[sz]e|translate|compare|describe|please|donne|donnez"
    r"|ecris|ecrivez|trouve|trouvez|liste|listez|montre|montrez|propose|proposez|recommande|recommandez|suggere"
    r"|resume|resumez|traduis|traduisez|decris|decrivez|cite|citez|indique|indiquez|precise|precisez|fais|faites"
    r"|merci de)\b"
)
# Typed without a final full stop, a message tells a situation only when it opens on its teller (« on a eu une fuite
# de données hier soir, un bucket S3 mal configuré ») and has none of the words a question or a wish typed without its
# form keeps (« on peut heberger sur aws ou faut hds », « on doit faire une aipd ou pas », « on voudrait un rendez-vous
# précoce avec la HAS »).
_TELLER = re.compile(r"^(?:on|nous|notre|nos|je|j'|we|we're|our|i|i'm|my|mon|ma|mes)\b")
_ASKING_UNFORMED = re.compile(
    r"\b(?:ou pas|ou non|or not|faut|faudrait|doit|doivent|dois|devons|peut|peux|pouvons|legal|legit|c ok|is it ok"
    r"|veut|voudrait|voudrions|voulons|souhait\w*|aimerait|aimerions|want|would like|wish"
    # a question word inside the message (« notre IA lit des radios, c'est quelle classe MDR »)
    r"|" + _QUESTION_WORDS + r")\b"
)
MIN_STATEMENT_WORDS = 5  # « pecan delai », « c koi hds »: keywords ask, however short
# A situation told in a sentence or two. A founder who writes a whole paragraph is asking something in it.
MAX_STATEMENT_WORDS = 30


def asks_something(text: str) -> bool:
    """A question mark, or a question or request word (« comment », « savoir », « je cherche », « explain »)."""
    return bool(_ASKING.search(fold(text).strip()))


def describes_without_asking(text: str) -> bool:
    """A declarative message of a few words that asks nothing: no question mark, no question or request word."""
    folded = fold(text).strip()
    words = len(folded.split())
    if not MIN_STATEMENT_WORDS <= words <= MAX_STATEMENT_WORDS or asks_something(text):
        return False
    told = folded[-1:].isalnum() and bool(_TELLER.match(folded)) and not _ASKING_UNFORMED.search(folded)
    return folded[-1:] in ".!" or told


_SCENE = re.compile(r"\s?:\s")


def asked_clause(question: str) -> str:
    """What a question asks after setting the scene before a colon; empty when it has no such clause."""
    parts = _SCENE.split(question)
    return parts[-1] if len(parts) > 1 and len(parts[-1].split()) >= 2 else ""


# A change of subject inside a sentence (« On a eu la certification HDS 🎉 Sinon rien à voir, mon fils a de la fièvre,
# c'est grave ? », "btw, ...", « avant de parler LPPR, … »): what follows it is what is asked, whatever came before.
_ASIDE = re.compile(
    r"(?:\b(?:sinon|autre chose),? rien [aà] voir\b|\b(?<!a )(?<!ont )(?<!ait )rien [aà] voir(?: mais)?(?=,)"
    r"|\bsans rapport(?=,)|\b(?:au passage|petite parenth[eè]se|question perso|by the way|btw"
    r"|(?:on an )?unrelated(?: note| question)?|on another note|off topic)\b"
    # a subject put off until later (« Avant de parler LPPR, dis-moi si mon apnée du sommeil justifie une PPC »)
    r"|\b(?:avant (?:de parler|d'en venir a|d'en venir à|d'aborder|qu'on parle)|before (?:we )?(?:talk(?:ing)? about"
    r"|get(?:ting)? (?:in)?to|discuss(?:ing)?))\b[^,?]{0,60},)[\s,:;.!-]*",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)  # read for each message by the medical rule (message and query) and the learned check
def what_is_asked(text: str) -> str:
    """The question a message ends on, without the scene it sets first; empty when that is the whole message.

    A founder often writes a paragraph of regulatory context and asks something else at the end (« Our device is
    class IIa and the MIR is half written. Before I finish it: what fluid rate should the ER team use? »). The context's
    words (a class, a regulator) must not vouch for what is asked: the scope checks read this part on its own too."""
    sentences = split_sentences(text, detect_language(text))
    asking = [sentence for sentence in sentences if "?" in sentence]
    last = asking[-1] if asking else (sentences[-1] if sentences else "")
    asked = (asked_clause(last) or last).strip()
    aside = _ASIDE.split(asked)
    if len(aside) > 1 and len(aside[-1].split()) >= 2:
        asked = aside[-1].strip()
    return "" if asked == text.strip() else asked

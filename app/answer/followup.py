"""Is a new question a follow-up of the conversation, and what standalone query does it become?

With a model, the `condense` prompt rewrites a follow-up from the conversation so far; without one, the follow-up
is searched together with the subject (not the question) of the last self-contained question and of the previous
follow-up.

A follow-up may borrow the conversation's subject, never its answerability: the decision is explicit, and a
self-contained question is searched and judged on its own, whatever came before. A question is a follow-up when

- it opens with a connector that only makes sense after something (« et… », « mais… », « and… », « what about… »);
- it opens with « pour le… / for the… » and is short, with no question of its own after a comma (« Pour une
  application de télésurveillance, faut-il un marquage CE ? » names its subject and asks its own question);
- it stands for something said before (« ça », « cette classe », « elle », « it ») and has almost no words of its
  own;
- it is elliptic: at most one word of its own, or only words that ask for an attribute of something unnamed
  (« Combien de temps ? », « Quelle est la durée maximale ? »);

and it is never a follow-up when it names its own subject with a proper noun or an acronym (« Qu'est-ce que
PECAN ? ») without opening with a connector.

The query a follow-up becomes is bounded: the last self-contained question, the previous follow-up and this one —
never the ever-growing glue of every earlier turn.

A correction of the last question (« sorry, I meant the CNIL, not the ANSM ») is neither a follow-up nor
self-contained: it is that question asked again with one subject changed (`Correction.of`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage

from app.answer.harmful import asks_for_harm
from app.answer.injection import is_injection
from app.answer.medical import names_a_field_subject, names_a_rule
from app.answer.question import asks_something
from app.answer.relevance import asks_a_circumstance, place_names
from app.generate.llm import GenerationFailed
from app.generate.prompts import load_prompt
from app.schemas.answers import AnswerRecord
from app.settings import Settings
from app.text import detect_language, english_function_words, fold, names_a_reference, own_words, tokenize

MAX_STANDALONE_CHARS = 600
MAX_CONDENSE_TURNS = 6  # the model rewrites from the recent turns only: a long conversation stays a short prompt
# Words of its own beyond which an anaphoric question is taken as self-contained (« Mon appli mesure la glycémie,
# est-ce une donnée de santé ? » has a pronoun but names its subject).
MAX_OWN_WORDS_WITH_ANAPHORA = 3
MAX_OWN_WORDS_ELLIPTIC = 1
MAX_SUBJECT_WORDS_SHORT = 2

# Not « sinon »: opening a message, it turns to something else (« Sinon, tu sais comment déclarer ma voiture aux
# impôts ? »).
_CONNECTOR = re.compile(
    r"^(et|mais|alors|aussi|puis|ou bien|idem|meme question|pareil|dans ce cas|quid|and|but|also|or|what about"
    r"|how about|same (question|for)|then|in that case"
    # « If so, which class? », « Si oui, qui paie ? »: only an answer just given makes it a question
    r"|if so|if yes|if not|si oui|si non|si c'est le cas|le cas echeant)\b"
)
# « Pour la classe III ? » continues; « Pour une application de télésurveillance, faut-il … ? » does not.
_WEAK_CONNECTOR = re.compile(r"^(pour|concernant|s'agissant|quant|for|regarding|about)\b")
# « Il faut… », « il y a… »: an impersonal « il » stands for nothing said before.
_IMPERSONAL = (
    r"faut|y|existe|s'agit|suffit|reste|convient|importe|vaut|est (?:possible|obligatoire|necessaire|interdit)"
)
# Object pronouns (« on peut le faire ? », « qui s'en occupe ? ») are in _TIED below, which is tried first.
_ANAPHORA = re.compile(
    r"\b(ca|cela|ceci|celui-ci|celle-ci|ceux-ci|celles-ci|celui-la|celle-la|le meme|la meme|les memes|ce cas|ce delai|cette classe"
    r"|cette regle|cette obligation|ce dispositif|cette procedure|ce texte|cet article|ce produit|cette aide|cet appel|ces conditions"
    rf"|pareil|la meme chose|elle|elles|ils|il(?! (?:{_IMPERSONAL}))"
    r"|c'est(?! quoi)|^c (?!(?:koi|quoi|kwa)\b)|ce sont|en beneficier|y a-t-il droit|y avoir droit|l'en"  # « c cumulable ? »
    r"|it|this|that|these|those|them|they|its|the same)\b"
)
# Words that ask for an attribute of something (its duration, validity, cost, deadline, conditions) without naming it:
# « Elle dure combien de temps ? », « Quel est le montant maximum ? ». Folded words, with plural/feminine endings.
_ATTRIBUTE = re.compile(
    r"^(?:(?:dur|duree|temps|delai|cout|coute|prix|tarif|montant|maximum|maximal|minimum|minimal|plafond|combien"
    r"|condition|critere|etape|exception|sanction|obligatoire|necessaire|possible|exigence|document|piece|procedure"
    r"|demarche|formalite|avantage|limite|risque|alternative|suite|apres|avant|ensuite|cas|exemple|detail|autre"
    r"|pareil|meme|toujours|vraiment|exactement|jusqu|long|last|cost|price|amount|deadline|time|requirement|step"
    r"|penalty|penalties|mandatory|required|much|many|apply|eligible|next|after|before|else|other|example|also|same|take"
    r"|vaut|valent|valable|valide|validite|valid|validity|end|fin|gratuit|payant|free|cher"
    # how much, roughly, at most, and whether it is worth it: « roughly how much? », « is there a cap? », « what
    # safeguards do we need? », « is it realistic? », « et si c'est moins de 40k ? » (an amount is no subject
    # either; a bare number is: « article 51 »)
    r"|roughly|approximately|environ|cap|ceiling|safeguard|garantie|realistic|realiste|feasible|faisable|moins|less"
    # how big, and whether it fits: « how big can the fine get? », « would i-Demo fit us? »
    r"|big|bigger|biggest|huge|fit"
    # from when, and until when: « and from when? », « à partir de quand ? » (a date is no subject either)
    r"|from|since|until|when|depuis|quand|date"
    r"|\d+(?:[.,]\d+)?(?:k|keur|meur|eur|euros?))"
    r"(?:e|s|es|ee|ees|ale|aux|ales)?|dure|durent|coutent)$"
)
# Auxiliaries and pronouns that carry no subject (the shared stop lists miss some English ones).
_EMPTY = frozenset(
    [
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "need",
        "needs",
        "i",
        "we",
        "you",
        "me",
        "us",
        # possessives name whose, not what (« who in the company should do it? our dev lead? »)
        "our",
        "my",
        "your",
        "their",
        "it's",
        "est-ce",
        "faut",
        "doit",
        "peut",
        "va",
        "sont",
        "est",
        "ont",
        "a",
        "t-il",
        "t-elle",
        "y",
        "en",
        "on",
        "vous",
        "nous",
        "quoi",
        # who does it, not what (« Qui s'en occupe ? »)
        "occupe",
        "occupent",
        "occuper",
        # adverbs that only qualify (« Et si elle donne seulement des conseils ? »; « juste » is a filler for every
        # question, app/text.py)
        "seulement",
        "simplement",
        "qqch",  # « ça change qqch ? » (« quelque chose » is a function word, app/text.py)
        # fillers that link to what was said (« Et la classe MDR alors ? »)
        "alors",
        "donc",
        # verbs and adverbs that ask who or how, not about what (« who decides whether we get it? », « who runs the
        # calls? », « quel montant on peut espérer en général ? »)
        "decide",
        "decides",
        "decided",
        "run",
        "runs",
        "handle",
        "handles",
        "whether",
        # « Can a foreign company take part? »: taking part is what is asked, not what about
        "part",
        "participate",
        "participer",
        "usually",
        "typically",
        "actually",
        "really",
        "esperer",
        "general",
        # « et l'avis de la HAS arrive en combien de temps ? »: when it comes is asked, not what
        "arrive",
        "arrivent",
        # English verbs that carry no subject (« How much can we get? », « what happens at the end? »)
        "get",
        "gets",
        "got",
        "happen",
        "happens",
        "happened",
        # English verbs of how it is done, to the subject just named (« how do we pick one? », « who will enforce it in
        # France? », « how do we query it technically? », « ok, what comes after that? », « and if it's only used by
        # dermatologists? »): French ones are the sheets' words (« choisir », « contrôler »), English ones are not, so
        # they read as a new subject the passages lack. « one » is the pronoun (« which one? »).
        "pick",
        "choose",
        "select",
        "enforce",
        "enforces",
        "enforced",
        "query",
        "come",
        "comes",
        "used",
        "using",
        "technically",
        "practically",
        "concretely",
        "one",
        # « whats the deadline for that », typed without the apostrophe; « qui finance quoi là-dedans ? »: « in it »
        "whats",
        "hows",
        "whos",
        "wheres",
        "la-dedans",
        "la-dessus",
        # what they want, where it lands, when it kicks in, how long till then (« what documents do they want? », « what
        # class would that land in? », « when does that kick in? », « roughly how long till we can launch? »), and
        # « faire » said by us (« c'est nous qui faisons ça ou l'ON ? »)
        "want",
        "wants",
        "land",
        "lands",
        "kick",
        "kicks",
        "till",
        "roughly",
        "faisons",
        "faisent",
        # going live, what counts, what to put first (« does a UI redesign count? », « what should we put on the
        # roadmap first? »)
        "go",
        "goes",
        "going",
        "count",
        "counts",
        "put",
        # which case it falls under, bought straight away (« pour l'article 9 on rentre dans quelle exception ? »,
        # « can they just buy directly from us? »)
        "rentre",
        "rentrer",
        "rentrons",
        "directly",
    ]
)
# A question about what a new circumstance changes to the answer just given (« On est une SAS de 3 personnes, ça
# change quelque chose ? », « What if we only store data in Germany? ») follows it even when it names things.
_CHANGES_THE_ANSWER = re.compile(
    r"\b(?:ca|cela|ceci) (?:change|changerait|modifie|modifierait)\b"
    r"|\bchange(?:-t-il|-t-elle|rait)? (?:quelque chose|qqch|quoi|la donne|rien)\b"
    r"|\b(?:does|would|will) (?:that|this|it) change\b|\bwhat if\b|\b(?:still|also) appl(?:y|ies)\b"
    r"|\btoujours (?:valable|applicable|vrai)\b|^dans (?:notre|mon|ce|leur) cas\b|^in (?:our|my|that) case\b"
)
# A proper noun or an acronym after the first word names the question's own subject (« PECAN », « Bourse French
# Tech », « CNIL »); roman numerals do not (« et pour la classe III ? »).
_NAMED = re.compile(r"(?<=[\s'’(«])(?!(?:I|II|III|IV|IIa|IIb)\b)[A-Z][\w-]*")


# An acknowledgement before the question (« Ok, et ensuite ? », « D'accord, qui paie ? », « Thanks! And for class
# III? ») says the founder read the answer and goes on: it is neither the question's subject nor its own words.
_ACKNOWLEDGED = (
    r"ok(?:ay)?|d['’]accord|dac|entendu|compris|merci(?: beaucoup| bien)?|super|parfait|top|g[ée]nial"
    r"|tr[èe]s bien|bien|bon|ah|oh|ha|hm+|ben|bah|ouais|oui|alright|right|thanks|thank you|great|got it|i see|cool"
    r"|sure|nice|understood|perfect|sounds (?:good|great|fine)|makes sense|that makes sense|ca marche|nickel"
    r"|thx|thks|tks|ty|merci bcp|ouch|oops|a[iï]e"
)
# …several in a row too (« ok merci, et le montant maximum ? », « Great thanks! »).
_ACKNOWLEDGEMENT = re.compile(
    rf"^\s*(?:(?:{_ACKNOWLEDGED})(?:\s*[,.!;:…—–]+\s*|\s+(?=(?:et|mais|alors|and|but|so|then|{_ACKNOWLEDGED})\b)))+",
    re.IGNORECASE,
)


# A message that only thanks: « Merci pour les infos sur le HDS. », or thanks and a few words that add nothing
# (« Thanks, that helps a lot. »), asking nothing (« Merci de me donner les délais. » is a request, `asks_something`).
# « Merci. Mon fils a de la fièvre. » goes on about something else: it is not a thank-you.
_THANKS = re.compile(r"^(?:merci|thanks|thank you)\b")
MAX_THANKS_WORDS = 10
MAX_WORDS_AFTER_THANKS = 4


def only_acknowledges(question: str) -> bool:
    """« Merci beaucoup ! », « Ok, parfait. », « Super, merci pour les infos ! »: nothing to search for."""
    rest = _ACKNOWLEDGEMENT.sub("", question.rstrip(" !.…") + ".").strip(" !.…,;:")  # « ok » ends the message
    if not rest:
        return True
    if len(question.split()) > MAX_THANKS_WORDS or asks_something(question):
        return False
    return bool(_THANKS.match(fold(rest).strip())) or (
        bool(_THANKS.match(fold(question).strip())) and len(rest.split()) <= MAX_WORDS_AFTER_THANKS
    )


# A greeting (« Bonjour, », « Hello there! ») opens a message without being any of what it asks.
_GREETED = r"(?:re-?)?bonjour|bonsoir|salut|coucou|hello|hi|hey|good (?:morning|afternoon|evening)|bjr|bsr|slt|yo"
_GREETING = (
    rf"(?:{_GREETED})(?: (?:[aà] tous|[aà] vous|tout le monde|les amis|la team|l['’][ée]quipe|everyone|all|there|team"
    r"|madame|monsieur))?"
)
# A question asked again in other words (« non pardon, je voulais dire : on est une micro-entreprise, on a le droit
# d'externaliser ce rôle ? »): the opening says it is asked again, not what is asked. Searched with it, the question
# was refused; « je voulais dire la classe IIb » names its new subject and is a correction (`correction_in`).
_RESTATED = (
    r"(?:(?:non|no|pardon|sorry|oops|oups|d[ée]sol[ée]e?|my bad)\b[\s,.!;—–-]*)*"
    r"(?:je voulais dire|je reformule|autrement dit|en d['’]autres termes|ce que je veux dire(?: c['’]est)?"
    r"|ma question (?:est|[ée]tait|c['’]est)|i meant|i mean|let me rephrase|to rephrase|in other words"
    r"|what i mean is|my question is)(?=\s*[:,])"
)
_OPENED = re.compile(
    rf"^\s*(?:(?:{_GREETING})(?:\s*[,.!;:…—–]+\s*|\s+)|(?:{_ACKNOWLEDGED}|{_RESTATED})"
    rf"(?:\s*[,.!;:…—–]+\s*|\s+(?=(?:et|mais|alors|and|but|so|then|{_ACKNOWLEDGED}|{_GREETED})\b)))+",
    re.IGNORECASE,
)
# What a greeting may go on with and still ask nothing yet: the conversation itself (« vous êtes là ? », « j'ai
# plusieurs questions sur notre projet, je peux commencer ? », « thanks in advance for your help »), folded.
_ABOUT_ASKING = frozenset(
    {
        "aide", "aider", "help", "question", "questions", "poser", "pose", "demander", "ask", "asking", "commencer",
        "start", "begin", "dispo", "disponible", "available", "espere", "hope", "allez", "vas", "va", "bien", "well",
        "good", "doing", "plusieurs", "quelques", "few", "several", "something", "chose", "projet", "project",
        "startup", "start-up", "regulatory", "reglementaire", "reglementaires", "merci", "thanks", "thank", "avance",
        "advance", "peux", "pouvez", "pourriez", "got", "need", "besoin", "petite", "petites", "rapide", "quick",
        "aurais", "voudrais", "souhaiterais", "like", "want", "veux", "sujet", "topic",
    }
)  # fmt: skip
MAX_GREETING_WORDS = 20
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9_]+\b")


# The two openings read on their own: a message that opens with a greeting, and an opening that restates.
_GREETS = re.compile(rf"^\s*(?:{_GREETING})\b", re.IGNORECASE)
_RESTATES = re.compile(_RESTATED, re.IGNORECASE)


def without_opening(question: str) -> str:
    """The question without the « Ok, » or « Merci ! », the greeting or the « je voulais dire : » it opens with (the
    question itself when it is nothing else)."""
    return _OPENED.sub("", question).strip() or question


def without_restatement(question: str) -> str:
    """The question without the opening that says it is asked again (« non pardon, je voulais dire : »), whose words
    were searched with it and refused it; a greeting or thanks alone stays (searched without « slt », « slt on doit
    etre hds si on stock juste des rdv medicaux ?? » fell under the relevance gate's threshold of meaning)."""
    opening = _OPENED.match(question)
    if opening and _RESTATES.search(opening.group()):
        return question[opening.end() :].strip() or question
    return question


def only_greets(question: str) -> bool:
    """« Bonjour ! », « Hello, can you help me? », « Salut, j'ai une question »: a greeting, nothing to search for yet.
    What follows the greeting names nothing but the conversation itself (`_ABOUT_ASKING`); « Bonjour, j'ai une
    question sur le HDS » names its subject."""
    if not _GREETS.match(fold(question)):
        return False
    rest = _OPENED.sub("", question + ".")
    if len(rest.split()) > MAX_GREETING_WORDS or _ACRONYM.search(rest):  # an acronym names a subject (« the HAS »)
        return False
    # « Bonjour, j'ai une question sur la HAS » names the HAS, no English « has »
    english = _english_function_words_of(rest)
    return all(word in _ABOUT_ASKING or word in english for word in own_words(rest))


def _english_function_words_of(text: str) -> frozenset[str]:
    """spaCy's English stop words when `text` is English; none for a French one, where « has » is the HAS."""
    return english_function_words() if detect_language(text) == "en" else frozenset()


def _folded(question: str) -> str:
    return fold(question).strip(" ?!.…")


def subject_words(question: str) -> list[str]:
    """The question's own words that name something (auxiliaries and attribute words such as « durée » removed).

    A follow-up with none of them (« Elle dure combien de temps ? ») has nothing of its own to check: it is judged
    on the conversation's subject. One with some (« et pour la météo ? ») must find them in the passages.
    """
    # « how long do we have? » names nothing; in a French question « has » is the HAS
    english = _english_function_words_of(question)
    return [
        w
        for w in own_words(without_opening(question))
        if w not in _EMPTY and w not in english and not _ATTRIBUTE.match(w)
    ]


# « Ok, et ensuite ? », « Et après ? », « What else? »: the founder read the answer and asks for what comes next, so
# the quotes already given are not an answer.
_MORE = re.compile(
    r"^(?:et |and |so )?(?:ensuite|apres|puis|la suite|quoi d'autre|autre chose|d'autres?|what else|and then|then what"
    r"|what next|what's next|next|anything else|what more|more)$"
)


def asks_for_more(question: str) -> bool:
    return bool(_MORE.match(_folded(without_opening(question))))


# « résume en 3 points », "sorry, can you answer in English?", « tu peux dire ça plus simplement ? »: the last answer
# asked for again, in another form or language (folded).
_AGAIN = re.compile(
    r"\b(?:resume(?:-moi|-nous|-le|-la|z)?|resumer|sum(?:marise|marize)?(?: (?:it|this|that))? up|summari[sz]e|tl;?dr"
    r"|in short|en bref|en (?:une|deux|trois|quatre|cinq|\d+) (?:phrases?|points?|lignes?|mots)"
    r"|in (?:one|two|three|four|five|\d+) (?:bullets?|bullet points?|points?|sentences?|lines?|words)"
    r"|(?:answer|reply|respond|say (?:it|that)|explain(?: (?:it|that))?|write (?:it|that)) in (?:english|french)"
    r"|(?:repondre|repondez|repond|reponds|dire|dis|redis|ecrire|ecris|expliquer|explique)(?:-le|-la|-moi|-nous)?"
    r"(?: (?:ca|cela|le|la))? en (?:anglais|francais)|(?:do|write|give|put|say) (?:it|that|this) in (?:english|french)"
    r"|^(?:(?:et|and|ok|now) )?(?:en|in) (?:anglais|english|francais|french)(?: (?:svp|stp|please))?(?=\s*[,.;:!]|$)"
    r"|plus simplement|plus simple|more simply|in simpler (?:terms|words)|simpler|plus court|plus courte|shorter"
    r"|(?:the |a |la |une |en )?(?:short|shorter|quick) version|version (?:courte|rapide|simple)|the gist|l'essentiel"
    r"|reformule(?:r|z)?(?:-le|-la|-moi)?|rephrase (?:it|that|your answer)|say (?:it|that) again"
    # « tu peux répéter ? », not « et si l'incident se répète ? »
    r"|(?:peux-tu|pouvez-vous|tu peux|vous pouvez|can you|could you) (?:me |nous )?(?:le |la |l')?(?:repeter|repeat)"
    r"|^repete(?:r|z)?(?:-le|-la|-moi)?)\b"
)
_LANGUAGE_ASKED = re.compile(r"\b(?:in |en )(english|anglais|french|francais)\b")
MAX_WORDS_ASKING_AGAIN = 2
_FEW_WORDS = re.compile(r"^(?:\S+ ){0,3}$")  # what may come before a request that opens the message (« tu peux »)
_NEW_SENTENCE = re.compile(r"\s*[,;:.!?]")
# What a founder says of the last answer beside asking it again (« j'ai pas tout capté », "I didn't get it")
_ABOUT_THE_ANSWER = frozenset(
    {"peux", "pouvez", "redire", "redis", "capte", "compris", "comprends", "clair", "understand", "understood", "got"}
)


def asks_again(question: str) -> bool:
    """The message asks for the last answer again, in another form or language, and names no rule or subject of the
    field (« Résume-moi en deux phrases pourquoi c'est devenu plus difficile avec le MDR », « explique-moi plus
    simplement la règle 11 » are questions). Opening on the request, it may say why after it ("in English please, my
    CTO is German and doesn't read French", "give me the short version, it's for a board slide"); put elsewhere, it
    may come with little else (« tu peux redire ça plus simplement ? j'ai pas tout capté »)."""
    question = without_opening(question)
    folded = _folded(question)
    asked = _AGAIN.search(folded)
    if not asked or names_a_reference(question) or names_a_rule(question) or names_a_field_subject(question):
        return False
    if _FEW_WORDS.match(folded[: asked.start()]):
        after = folded[asked.end() :]
        named = _named_beside(after)
        if named and _NEW_SENTENCE.match(after):
            # a sentence after the request explains it (« in English please, my CTO is German… »), unless it asks
            # something else (« en bref, quelles aides pour une startup ? »)
            return not asks_something(after.strip(" ,;:.!?"))
        return len(named) <= MAX_WORDS_ASKING_AGAIN  # « sum up what we have to do in 3 bullets »
    return len(_named_beside(_AGAIN.sub(" ", folded))) <= MAX_WORDS_ASKING_AGAIN


def _named_beside(text: str) -> list[str]:
    """The subject words of what a request for the last answer says beside it."""
    return [w for w in subject_words(text) if not asks_a_circumstance(w) and w not in _ABOUT_THE_ANSWER]


def language_asked(question: str) -> str | None:
    """The language a message asks the answer in (« in English », « en français »), if it names one."""
    found = _LANGUAGE_ASKED.search(_folded(question))
    return None if found is None else ("en" if found.group(1) in ("english", "anglais") else "fr")


# « et pour l'hébergement des données ? », « et côté CNIL ? », « what about hosting? »: the same situation, another
# subject of it.
_ANOTHER_SUBJECT = re.compile(r"^(?:(?:et|and|mais|but) )?(?:pour|cote|concernant|sur|what about|how about|for) ")


def turns_to(question: str, previous_questions: Sequence[str] = ()) -> str:
    """What a follow-up such as « et pour l'hébergement des données ? » turns to, to be searched on its own
    (« pour l'hébergement des données ? »); "" for a follow-up of another form, naming nothing (« et pour ça ? »), or
    naming again what the conversation named (« et pour la classe IIb ? » after « Which MDR class…? »: alone, it finds
    any class IIb sentence instead of what makes a monitoring software IIb).

    Its rewritten query is mostly the conversation's subject (telemonitoring), whose passages fill the ranking: the
    hosting rule is found only by the follow-up's own words."""
    question = without_opening(question)
    named = subject_words(question)
    if not _ANOTHER_SUBJECT.match(_folded(question)) or not named:
        return ""
    before = set(tokenize([" ".join(previous_questions)])[0])
    if before & set(tokenize([" ".join(named)])[0]):
        return ""
    return _LEADING_CONJUNCTION.sub("", question)


# A follow-up read alone when the conversation's subject hides its answer: « et la documentation technique, elle doit
# contenir quoi ? » after an Article 51 question was searched as « article 51 candidater la documentation technique… »
# and refused, though alone it finds the annex II rule. At least this many of its subject words the conversation never
# used (« et pour la classe IIb ? », two, is the same question of another class).
MIN_NEW_WORDS_ON_ITS_OWN = 3
_DISLOCATED = re.compile(r", (?:il|elle|ils|elles|it|they)\b")
# « Et est-ce cumulable avec… ? »: is *it*, the aid just named (not « est-ce que… »)
_IS_IT = re.compile(r"\best-ce (?!qu)")


def asks_on_its_own(question: str, previous_questions: Sequence[str] = ()) -> str:
    """The question a follow-up opening on a connector asks by itself, without the connector (« la documentation
    technique, elle doit contenir quoi ? »), when it names a subject the conversation had not (at least
    `MIN_NEW_WORDS_ON_ITS_OWN` words of its own); "" for one that speaks of the conversation's subject (« et si elle…
    », « ça change quoi… », « on peut le faire ? »), or that names little of its own.

    Only a fallback: the service reads it alone when, read with the conversation's subject, it cannot be answered."""
    question = without_opening(question)
    folded = _folded(question)
    if not _CONNECTOR.match(folded) or _CHANGES_THE_ANSWER.search(folded) or _TIED.search(folded):
        return ""
    if _IS_IT.search(folded):
        return ""
    # the pronoun that takes up the subject just named (« la documentation technique, elle… ») is not the
    # conversation's
    if (
        speaks_of_the_subject(question)
        or tells_a_circumstance(question)
        or _ANAPHORA.search(_DISLOCATED.sub(",", folded))
    ):
        return ""
    before = set(tokenize([" ".join(previous_questions)])[0])
    new = [w for w in tokenize([" ".join(subject_words(question))])[0] if w not in before]
    if len(new) < MIN_NEW_WORDS_ON_ITS_OWN:
        return ""
    return _LEADING_CONJUNCTION.sub("", question)


def names_its_subject(question: str) -> bool:
    """A place is where the subject is, not the subject (« Is that accepted in the EU? », app/answer/places.yaml)."""
    text = " " + question.strip()[1:] if question.strip() else ""
    return any(fold(name) not in place_names() for name in _NAMED.findall(text))


def names_a_topic(question: str) -> bool:
    """The question names what the conversation is about: a proper noun, an acronym or a reference (« article 51 »,
    « classe IIb »), not only common words (« Il y a des appels à projets ouverts en ce moment ? »)."""
    return names_its_subject(question) or names_a_reference(question)


# A pronoun that stands for someone or something already named, as the question's subject or object, ties it to the
# conversation whatever else it names: « Ils peuvent nous aider à savoir si on est DM ? », « Il serait dans quelle
# classe ? », « on peut la faire nous-mêmes ou faut passer par un cabinet ? » (« Il faut… » is impersonal).
_AUXILIARIES = "can|could|do|does|did|will|would|should|is|are|was|were|has|have"
_NOT_A_VERB_OF_IT = f"{_AUXILIARIES}|if|that|what|how|why|when|where|make"
_TIED = re.compile(
    rf"^(?:(?:{_AUXILIARIES}) )?(?:ils|elles|they|it)\b"
    rf"|^(?:il|elle) (?!(?:{_IMPERSONAL})\b)"
    r"|\b(?:peut|peuvent|peux|pouvons|doit|doivent|dois|devons|faut|faudra|va|vont|allons) (?:le|la|les|l'|en|y|lui|leur)\b"
    r"|\bs'en\b|\bd'en\b"
    # « lesquelles nous concernent ? », « lequel choisir ? »: which of the things just named
    r"|\b(?:lequel|laquelle|lesquels|lesquelles)\b"
    # « Who pays for the clinical study under it? »
    r"|\b(?:under|for|of|about|with|on|to|from|by|in) (?:it|them)\b"
    # « Do we need CE marking to sell it in France? » after « We're a Belgian startup selling a sleep app. »: the object
    # of a verb (not « is it », « does it », « make it clear »)
    rf"|\b(?!(?:{_NOT_A_VERB_OF_IT})\b)[a-z]+ (?:it|them)\b(?!')"
    # what comes on top of the rule just given, in a short question (« Quelles obligations en plus du MDR ? »)
    r"|\ben plus (?:du|de|des)\b|\bon top of\b|\bin addition to\b"
)
MAX_OWN_WORDS_TIED = 6
# « et si elle propose des exercices pour la dépression diagnostiquée ? », « what if it also sends alerts? »: the
# follow-up's subject is a pronoun for what the conversation named, so its own words tell a circumstance of that
# subject, not another subject.
# The conjunction and the « if » a follow-up may open on (« et si… », « but what if… »), for the two patterns below.
_OPENING = r"^(?:(?:et|mais|and|but|so) )?"
_IF = r"(?:si|meme si|if|what if|even if)"
_OF_THE_SUBJECT = re.compile(
    rf"{_OPENING}(?:{_IF} |(?:meme )?s'(?=ils? ))?"
    rf"(?:(?:ils|elles|they|it)\b|(?:il|elle) (?!(?:{_IMPERSONAL})\b))"
)


def speaks_of_the_subject(question: str) -> bool:
    return bool(_OF_THE_SUBJECT.match(_folded(without_opening(question))))


# « et si c'est juste un dîner à 40 € ? », « what if we only sell to hospitals? »: a circumstance of the subject asked
# about, not a new request (« ok and which bank has the best business account? » is one).
_CIRCUMSTANCE = re.compile(rf"{_OPENING}{_IF}\b")


def tells_a_circumstance(question: str) -> bool:
    return bool(_CIRCUMSTANCE.match(_folded(without_opening(question))))


def is_follow_up(question: str) -> bool:
    question = without_opening(question)
    folded = _folded(question)
    if _CONNECTOR.match(folded) or _CHANGES_THE_ANSWER.search(folded):
        return True
    words = [w for w in own_words(question) if w not in _EMPTY]
    if _TIED.search(folded) and len(words) <= MAX_OWN_WORDS_TIED:
        return True
    if _WEAK_CONNECTOR.match(folded):
        # Short and without a question of its own after a comma: « Pour la classe IIb ? », « For class III? ».
        return "," not in folded and len(words) <= MAX_OWN_WORDS_WITH_ANAPHORA
    if names_its_subject(question):
        return False
    if _ANAPHORA.search(folded) and len(words) <= MAX_OWN_WORDS_WITH_ANAPHORA:
        return True
    if len(words) <= MAX_OWN_WORDS_ELLIPTIC:
        return True
    # Short, naming nothing, and about at most two things (« qui paie concrètement, le patient ? », « Faut une
    # classe minimum de dispositif ? »): a question about the conversation's subject, not a new one.
    return len(words) <= MAX_OWN_WORDS_WITH_ANAPHORA and len(subject_words(question)) <= MAX_SUBJECT_WORDS_SHORT


# The conjunction a follow-up opens on (« Et … », « And … »): glued after the conversation's subject, it would cut
# the query in two for the two-part search (`app.retrieve.parts`), « Article 51 » on one side and « who evaluates the
# pilots? » on the other.
_LEADING_CONJUNCTION = re.compile(r"^\s*(?:et|mais|puis|ou|and|but|or|then)\b[\s,]*", re.IGNORECASE)

_SURFACE_WORD = re.compile(r"[^\W_]+(?:[-'’_][^\W_]+)*")  # « G_NIUS » is one word


# « classe I », « class I »: a one-letter word, yet the class the question is about.
_CLASS = re.compile(r"^class(?:e|es)?$", re.IGNORECASE)
_CLASS_NUMERAL = re.compile(r"^I{1,3}[abmrs]?$")


def subject_phrase(question: str) -> str:
    """The words of `question` that name its subject, as written (« Bourse French Tech » from « C'est quoi la
    Bourse French Tech ? »); the question itself when it names nothing."""
    subject = set(subject_words(question))
    kept = []
    words = _SURFACE_WORD.findall(question)
    for at, word in enumerate(words):
        # « l'hébergement » is « hébergement »; « télé-suivi » stays whole
        bare = re.sub(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", "", word, flags=re.IGNORECASE)
        # an acronym is kept even when it folds to a function word (« CE » in « marquage CE »)
        if (
            any(part in subject for part in own_words(bare))
            or (len(bare) > 1 and bare.isupper() and subject)
            or (at > 0 and _CLASS_NUMERAL.match(bare) and _CLASS.match(words[at - 1]))
        ):
            kept.append(bare)
    return " ".join(kept) or question


def follow_up_query(question: str, previous_questions: Sequence[str]) -> str:
    """The standalone query of a follow-up without a model: its anchor's subject, the previous follow-up's
    subject, and itself.

    `previous_questions` are the conversation's earlier questions, oldest first. Only the *subject* of the earlier
    turns carries over, not what they asked about it: after « Combien de temps pour notifier une violation à la
    CNIL ? », « Et pour prévenir les patients ? » is not a question about a delay, and after « C'est quoi la Bourse
    French Tech ? », « Et c'est combien au maximum ? » is not a request for a definition.
    """
    # « Merci ! » and « Bonjour ! » say nothing
    previous_questions = [q for q in previous_questions if not (only_acknowledges(q) or only_greets(q))]
    if not previous_questions:
        return question
    # The conversation's first question is always self-contained: there was nothing before it to follow.
    anchor_at = next(
        i for i in range(len(previous_questions) - 1, -1, -1) if i == 0 or not is_follow_up(previous_questions[i])
    )
    parts = [subject_phrase(previous_questions[anchor_at])]
    if anchor_at > 0 and not names_a_topic(previous_questions[anchor_at]):
        # « Can a foreign company take part? » after « What's Article 51? » is self-contained in form only: the
        # conversation's topic comes from the last question that named one (or the first question).
        topic_at = next(i for i in range(anchor_at - 1, -1, -1) if i == 0 or names_a_topic(previous_questions[i]))
        parts.insert(0, subject_phrase(previous_questions[topic_at]))
    if anchor_at < len(previous_questions) - 1 and subject_words(previous_questions[-1]):
        parts.append(subject_phrase(previous_questions[-1]))
    own = _LEADING_CONJUNCTION.sub("", without_opening(question))
    return " ".join([*parts, own])[-MAX_STANDALONE_CHARS:].strip()


def standalone_query(
    question: str, history: list[AnswerRecord], model: BaseChatModel | None, settings: Settings, notices: list[str]
) -> str:
    """The query to search for a follow-up (`history` is empty for a self-contained question, searched without the
    « je voulais dire : » it may open with).

    A turn handed off as medical advice, and a request for harm or an injection, lend the follow-up no subject:
    « And what does the notified body check? » after a class question, a request to bypass a portal's two-factor
    login and an overdose hand-off is about the class question's device. A turn refused for the gate's doubt still
    does: the doubt may have been wrong, and « c'est autorisé ou pas ? » after « on veut inviter des médecins à un
    dîner » is how the founder asks again (tune half: key facts lost on 2 such follow-ups otherwise)."""
    history = [turn for turn in history if not _lends_no_subject(turn)]
    if not history:
        return without_restatement(question)
    if model is not None:
        prompt = load_prompt(settings.prompts_dir, "condense")
        try:
            rendered = prompt.render(history=history[-MAX_CONDENSE_TURNS:], question=question)
            rewritten = model.invoke([HumanMessage(rendered)]).content
        except GenerationFailed as exc:
            notices.append(f"Reformulation de la question impossible ({exc}) : recherche avec la question précédente.")
            rewritten = ""
        rewritten = " ".join(str(rewritten).split())[:MAX_STANDALONE_CHARS]
        if rewritten:
            return rewritten
    return follow_up_query(question, [turn.question for turn in history])


def _lends_no_subject(turn: AnswerRecord) -> bool:
    """A medical hand-off, a request for harm or an injection, a question sent to another field's people: what the
    founder asks next is not about it. « et la durée de conservation des données ? » after « ok et pour la compta de la
    boîte, tu me conseilles quel logiciel ? » (refused as accounting's) was searched with « compta boîte conseilles
    logiciel ». A turn refused for the gate's doubt, with no field named, still lends its subject (see
    `standalone_query`)."""
    return (
        turn.refusal_reason in ("medical_advice", "greeting")
        or turn.referral is not None
        or is_injection(turn.question)
        or asks_for_harm(turn.question)
    )


# A correction of the question just asked (« sorry, I meant the CNIL, not the ANSM », « pardon, je voulais parler de
# l'ASA, pas du SA : c'est l'équivalent de l'ASMR ? », « non, je voulais dire la classe IIb »): read alone it asks
# nothing the passages hold (« sorry », « meant »), yet it is the previous question with one subject changed.
_CORRECTING = (
    r"(?:i meant|i mean|i was asking about|i was talking about|je voulais (?:dire|parler)|je parlais|je pensais)"
    r"(?: (?:de la|de l'|du|des|de|d'|a la|au|aux|a|l'|la|le|les|the|about))?"
)
_CORRECTION = re.compile(
    r"^(?:(?:sorry|pardon|oops|non|no|nope|my bad|desole|desolee|erreur|correction|oups)\b[\s,.!;:—–-]*)*"
    rf"{_CORRECTING}[\s']+(?P<new>[^,:;?!—–]+?)"
    r"(?:,?\s+(?:not|pas|et non|plutot que|instead of|rather than)\b(?: (?:de la|de l'|du|des|de|d'|l'|la|le|les|the))?[\s']*"
    r"(?P<old>[^,:;?!—–]+?))?\s*(?:[,:;?!—–.]\s*(?P<rest>.*))?$"
)
_ARTICLE = re.compile(r"^(?:(?:de la|de l'|du|des|de|d'|l'|la|le|les|the|a|an)\b\s*|[ld]')", re.IGNORECASE)


@dataclass(frozen=True)
class Correction:
    """A correction of the question just asked, read once: the new subject, the old one, what is asked after them,
    and « ? » when that is a question (« ok » when it asks without one, "" otherwise), as typed."""

    new: str
    old: str
    rest: str
    asks: str

    def of(self, previous: str) -> str:
        """The question it makes of `previous` (« sorry, I meant the CNIL, not the ANSM » after « Quel est le délai pour
        notifier l'ANSM ? » -> « Quel est le délai pour notifier l'CNIL ? », the named word swapped in place; the
        previous question with the new subject after it when the old one is not named there); "" without a previous
        question. A question asked after the correction (« … pas du SA : c'est l'équivalent de l'ASMR ? ») is asked of
        the new subject: « ASA c'est l'équivalent de l'ASMR ? »."""
        if not previous.strip():
            return ""
        if self.rest and self.asks:
            return f"{self.new} {self.rest} ?" if self.asks == "?" else f"{self.new} {self.rest}"
        named = re.search(rf"(?<!\w){re.escape(self.old)}(?!\w)", previous, flags=re.IGNORECASE) if self.old else None
        if named:
            # « la classe IIb, pas IIa » in « … de classe IIa ? »: what the previous question already says before it stays
            words, before = self.new.split(), fold(previous[: named.start()]).rstrip()
            kept = next((k for k in range(len(words) - 1, 0, -1) if before.endswith(fold(" ".join(words[:k])))), 0)
            return previous[: named.start()] + " ".join(words[kept:]) + previous[named.end() :]
        return f"{previous.strip()} {self.new}"

    @property
    def names(self) -> str:
        """What it names in place of the previous subject, and asks of it (« TVA sur les tote bags qu'on a vendus » in
        « non je parlais de la TVA sur les tote bags qu'on a vendus »). Read alone too: put after the previous
        question, the previous question's words would vouch for it."""
        return " ".join(part for part in (self.new, self.rest) if part)


def correction_in(question: str) -> Correction | None:
    """The correction `question` makes of the question just asked; None when it is none."""
    folded, at = _folded_by_character(question.strip())
    found = _CORRECTION.match(folded)
    if not found:
        return None

    def typed(group: str) -> str:
        """The group's words as typed (accents and capitals kept), without a leading article."""
        start, end = found.span(group)
        if start >= end:  # absent, or empty
            return ""
        return _ARTICLE.sub("", question.strip()[at[start] : at[end - 1] + 1].strip(" ,:;?!—–.")).strip()

    new = typed("new")
    if not new:
        return None
    rest = found.group("rest") or ""
    asks = ("?" if "?" in rest else "ok") if rest and asks_something(rest) else ""
    return Correction(new, typed("old"), typed("rest"), asks)


def _folded_by_character(text: str) -> tuple[str, list[int]]:
    """`text` folded character by character (lower case, no accents, « œ » as « oe »), and for each folded character
    the position of the character it comes from: a match in the folded text is cut from the text as typed."""
    folded: list[str] = []
    at: list[int] = []
    for position, character in enumerate(text):
        for piece in fold(character) or (character if character in "—–" else ""):  # a dash parts a sentence
            folded.append(piece)
            at.append(position)
    return "".join(folded), at

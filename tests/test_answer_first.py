"""Answer first: the extractive answer opens with a rule sentence; precise references, two-part questions and an
over-narrow domain filter still reach the right passages."""

from dataclasses import replace

import pytest

from app.answer import extractive
from app.answer.extractive import (
    MAX_QUOTES_PER_PASSAGE,
    asked_kinds,
    choose,
    extractive_answer,
    gives,
    quotable,
    quoted_in,
)
from app.answer.service import ask
from app.corpus.funding import UNCONFIRMED_AMOUNT
from app.index.sentences import read_in_sheet
from app.retrieve.parts import split_parts
from app.retrieve.references import ReferenceIndex, reference_keys
from app.retrieve.search import ScoredChunk, search_chunks
from app.schemas.search import SearchFilters
from tests.builders import chunk, hit


def _hit(text: str, section: str = "Fiche > Règle", chunk_id: str = "doc:regle") -> ScoredChunk:
    return hit(text, chunk_id, section)


@pytest.mark.parametrize(
    "sentence,ok",
    [
        ("Le responsable notifie la violation à la CNIL dans les 72 heures (article 33 du RGPD).", True),
        ("- Documenter les risques et les mesures prises dans le registre.", False),
        ("1 cite comme exemple un logiciel de tri des patients aux urgences.", False),
        ("et la règle 11 s'applique alors au logiciel de surveillance.", False),
        ("Et la règle 11 s'applique alors au logiciel de surveillance.", False),
        ("Cette fiche présente les obligations du fabricant de logiciel.", False),
        ("Le fabricant établit une documentation technique complète", False),  # cut before its end
        ("Il peut aider une startup à tester son service en vie réelle avec ses futurs utilisateurs.", False),
        ("Ces deux critères sont appréciés pour chaque indication revendiquée.", False),
        # an opening that contrasts with, or follows from, a sentence the reader has not been shown
        ("À l'inverse, la délibération n° 2019-118 dispense les traitements des professionnels en cabinet.", False),
        ("Par conséquent, le fabricant doit désigner un organisme notifié (article 52 du MDR).", False),
        ("Trois questions orientent le choix :\n\n- Est-ce un dispositif médical ?", False),  # a lead-in and its list
        ("On notifie la CNIL dans les 72 heures (article 33 du RGPD).", False),
        # an official text's label and its place in the code, above the article: they state nothing
        ("Code de la sécurité sociale, article R162-97.", False),
        (
            "Emplacement : Section 13 : Activités de télésurveillance médicale > Sous-section 2 : Prise en charge.",
            False,
        ),
        ("Code de la santé publique, article L1111-8 : tout hébergeur de données de santé doit être certifié.", True),
        # a pointer to another sheet states nothing; a rule that mentions a sheet's figures does
        ("Le détail figure dans la fiche PECAN.", False),
        ("Les montants sont traités dans la fiche sur les forfaits.", False),
        ("Le forfait PECAN est détaillé dans la fiche dédiée : 435 € TTC pour les trois premiers mois.", True),
        # a funding sheet's pointer to its official page, and the bare address, give nothing the source card lacks
        (
            "La source officielle du dispositif « Forfait innovation » (HAS) est la page ci-dessous ; la fiche de "
            "données a été vérifiée le 29 novembre 2026.",
            False,
        ),
        ("Adresse : https://www.has-sante.fr/jcms/c_2035788/fr/forfait-innovation.", False),
        ("Le guide de dépôt est publié sur https://www.has-sante.fr/jcms/c_2035788 depuis le 15 avril 2022.", True),
    ],
)
def test_only_self_standing_sentences_are_quotable(sentence, ok):
    assert quotable(sentence) is ok


def test_the_rule_sentence_opens_and_the_introduction_is_not_quoted():
    intro = _hit(
        "Cette fiche présente la notification des violations. La notification à la CNIL est obligatoire dans les 72 heures.",
        section="Fiche",
        chunk_id="doc:intro",
    )
    rule = _hit(
        "Le responsable du traitement notifie la violation à la CNIL dans les 72 heures (article 33 du RGPD). "
        "Au-delà, il explique son retard."
    )
    chosen = choose("Sous quel délai notifier une violation à la CNIL ?", [intro, rule])
    assert chosen[0].text.startswith("Le responsable du traitement notifie")
    assert all(c.hit_rank == 1 for c in chosen), "a sheet's introduction is not quoted when a rule sentence exists"


def test_a_lead_in_run_into_its_list_items_supports_but_never_opens():
    """The chunker runs a list into its lead-in's line (« Exemples : - un rançongiciel … ; - une fuite … »): not one
    sentence a founder reads as the answer, it opened « on s'est fait pirater la base patients, on prévient qui ? »."""
    listed = _hit(
        "Exemples : - un rançongiciel chiffre la base patients : violation à notifier à la CNIL ; - une fuite de "
        "comptes patients : violation à notifier à la CNIL."
    )
    rule = _hit(
        "Le responsable de traitement notifie une violation de données à la CNIL dans les 72 heures.",
        chunk_id="doc:autre",
    )
    chosen = choose("Base patients piratée : violation à notifier à la CNIL ?", [listed, rule])
    assert chosen[0].text.startswith("Le responsable de traitement"), chosen[0].text
    assert any(c.text.startswith("Exemples") for c in chosen[1:]), "the list may still support the answer"


def test_the_rule_opens_rather_than_the_sheets_advice_on_it():
    passage = _hit(
        "Cette section décrit le suivi des projets innovants du fonds. "
        "Premier piège : l'évaluation d'une expérimentation article 51 conditionne sa généralisation. "
        "Toute expérimentation article 51 fait l'objet d'une évaluation qui conditionne sa généralisation."
    )
    chosen = choose("L'évaluation d'une expérimentation article 51 conditionne-t-elle sa généralisation ?", [passage])
    assert chosen[0].text.startswith("Toute expérimentation article 51"), (
        "the same words: the rule opens, not the advice"
    )
    assert any(c.text.startswith("Premier piège") for c in chosen[1:]), "the advice may still support it"


def test_an_exception_to_the_rule_supports_but_does_not_open(project_settings):
    """The Is/Im/Ir exception shares every word of the question, and opened it."""
    answer = ask(project_settings, "Un DM de classe I, il faut un organisme notifié ?")
    opening, rest = answer.answer.split("Ce que disent les sources :")
    assert "« Un dispositif de classe I relève de l'auto-déclaration" in opening, opening
    assert "Exception" not in opening and "« Exception : les dispositifs de classe I stériles (Is)" in rest


@pytest.mark.parametrize(
    ("question", "opens_on"),
    [
        # the scene (telemonitoring, a hospitalisation) outweighed the ask in the question's vector: the vigilance sheet
        # sat at dense rank ~100 until it had a section answering that situation
        (
            "Un utilisateur de notre appli de télésurveillance cardiaque (DM marqué CE) a été hospitalisé parce que "
            "l'alerte n'est pas partie. Qu'est-ce qu'on doit déclarer, à qui et sous quel délai ?",
            "le fabricant déclare l'incident grave à l'ANSM au plus tard 10 jours",
        ),
        ("faut payer combien pour le marquage CE ?", "Le MDR ne fixe aucun prix du marquage CE"),
        # a triage chatbot's scene drew the data-governance and chatbot-transparency sheets first
        (
            "slt on a un chatbot IA qui fait du tri des symptomes pour les urgences, c du haut risque au sens de l'AI Act ?",
            "un outil de tri des patients en urgence l'est aussi au titre de l'annexe III, point 5 d",
        ),
        (
            "on a fini notre expé art 51, du coup on devient remboursés direct ou pas ?",
            "rien ne devient remboursé automatiquement",
        ),
        ("JEI + CIR cumulable ?", "Le statut JEI et le CIR se cumulent"),
    ],
)
def test_a_founder_s_situation_opens_on_the_section_that_answers_it(project_settings, question, opens_on):
    answer = ask(project_settings, question)
    opening = answer.answer.split("Ce que disent les sources :")[0]
    assert not answer.refused and opens_on in opening, opening


def test_a_question_that_sets_the_scene_before_a_colon_is_answered_on_what_follows_it():
    scene = _hit("Un logiciel d'aide au diagnostic est un dispositif médical de classe IIb.", chunk_id="a:1")
    asked = _hit("L'AI Act ajoute des obligations au MDR pour un dispositif à haut risque.", chunk_id="b:1")
    question = (
        "Notre logiciel d'IA d'aide au diagnostic est un DM classe IIb : quelles obligations l'AI Act ajoute-t-il ?"
    )
    assert extractive.asked_clause(question) == "quelles obligations l'AI Act ajoute-t-il ?"
    assert choose(question, [scene, asked])[0].text.startswith("L'AI Act ajoute")
    assert extractive.asked_clause("Quelle classe MDR pour un logiciel d'aide au diagnostic ?") == ""


def test_a_record_s_unconfirmed_amount_answers_only_a_question_on_the_amount():
    """« Le dispositif … n'a pas de montant confirmé … » is its record's first section sentence: it opened « c'est quoi
    le forfait innovation ? » instead of what the scheme pays for."""
    unknown = _hit(
        f"Le dispositif « Forfait innovation » (prise en charge par l'Assurance maladie) {UNCONFIRMED_AMOUNT} au 29"
        " novembre 2026 : ne retenez aucun chiffre sans l'avoir vérifié auprès du financeur.",
        "Forfait innovation > Montant et taux",
        "fund:montant",
    )
    what = _hit(
        "Le forfait innovation finance la prise en charge du produit et une partie des coûts de l'étude, par patient"
        " inclus, pour une durée limitée fixée par arrêté (article L165-1-1).",
        "Forfait innovation > Principe",
        "has:principe",
    )
    opening = choose("C'est quoi le forfait innovation ?", [unknown, what])[0]
    assert opening.text.startswith("Le forfait innovation finance")
    assert UNCONFIRMED_AMOUNT in choose("Le forfait innovation, c'est quel montant ?", [unknown, what])[0].text


def test_a_pronoun_sentence_is_quoted_only_when_nothing_else_can_be():
    assert quotable("Il informe les personnes concernées en cas de risque élevé (article 34).", strict=False)
    only = _hit("Il informe les personnes concernées en cas de risque élevé (article 34 du RGPD).")
    assert choose("Faut-il informer les personnes ?", [only])[0].text.startswith("Il informe")


def test_supporting_quotes_come_best_first_and_at_most_four_from_one_passage():
    assert MAX_QUOTES_PER_PASSAGE == 4
    first = _hit(
        "Le délai pour notifier une violation à la CNIL est de 72 heures (article 33 du RGPD). "
        "Notifier une violation à la CNIL hors délai doit être justifié. "
        "Notifier une violation à la CNIL se fait en ligne, dans le délai. "
        "Le délai pour notifier une violation à la CNIL se compte en heures. "
        "Notifier une violation à la CNIL dans le délai évite une sanction. "
        "Notifier une violation à la CNIL dans le délai se prépare avant.",
        chunk_id="doc:cnil",
    )
    later = [
        _hit(f"Le délai pour notifier court dès sa connaissance (guide {n}).", chunk_id=f"doc{n}:x")
        for n in range(2, 6)
    ]
    chosen = choose("Quel délai pour notifier une violation à la CNIL ?", [first, *later])
    assert chosen[0].hit_rank == 0
    # the best passage's sentences win their ties with the other passages' (which rank lower)...
    assert [c.hit_rank for c in chosen].count(0) == MAX_QUOTES_PER_PASSAGE, [c.quote for c in chosen]
    # ...but a fifth from it would repeat it: the next quote comes from another passage
    assert any(c.hit_rank > 0 for c in chosen), [c.quote for c in chosen]
    assert [c.hit_rank for c in chosen[1:]] == sorted(c.hit_rank for c in chosen[1:])


def test_an_answer_quotes_at_most_six_sentences_after_its_opening_statement():
    hits = [
        _hit(
            f"Le délai pour notifier une violation à la CNIL court dès sa connaissance (guide {n}).", chunk_id=f"d{n}:x"
        )
        for n in range(1, 10)
    ]
    chosen = choose("Quel délai pour notifier une violation à la CNIL ?", hits)
    assert len(chosen) == 1 + 6, [c.quote for c in chosen]


def test_a_supporting_quote_that_adds_no_word_gives_its_line_to_the_next():
    """« Pour les données de santé, le consentement doit en plus être explicite » after quotes that already say all
    of it takes a line the next sentence needs; a different number is something new."""
    rule = _hit("Le délai pour notifier une violation à la CNIL est de 72 heures.", chunk_id="a:x")
    repeated = _hit("Notifier une violation à la CNIL : le délai est de 72 heures.", chunk_id="b:x")
    other_number = _hit("Notifier une violation à la CNIL : le délai est de 24 heures.", chunk_id="c:x")
    guides = [
        _hit(
            f"Le délai pour notifier une violation à la CNIL court dès sa connaissance (guide {n}).", chunk_id=f"g{n}:x"
        )
        for n in range(1, 7)
    ]
    chosen = choose("Quel délai pour notifier une violation à la CNIL ?", [rule, repeated, other_number, *guides])
    quotes = [c.quote for c in chosen]
    assert repeated.chunk.text not in quotes and other_number.chunk.text in quotes, quotes
    assert len(chosen) == 1 + 6 and any("(guide 5)" in q for q in quotes), "the line went to the next sentence"


def test_a_sentence_is_read_under_its_sheet_s_title(monkeypatch):
    """A sheet names its subject in its title, then goes on with details: « Le périmètre couvre toute étude… » answers a
    question on the reference methodology for a retrospective study, in the sheet that names them both."""
    general = _hit(
        "La loi impose une déclaration de conformité à une méthodologie de référence avant toute étude.",
        section="Formalités CNIL > Règle",
        chunk_id="cnil:regle",
    )
    sheet = _hit(
        "Le périmètre couvre toute étude sur des données déjà collectées, sans intervention sur les patients.",
        section="Méthodologie de référence MR-004 : étude rétrospective > Champ",
        chunk_id="mr004:champ",
    )
    question = "Quelle méthodologie de référence pour une étude rétrospective ?"
    assert choose(question, [sheet, general])[0].text.startswith("Le périmètre")
    monkeypatch.setattr(extractive, "SHEET_WORDS", 0.0)  # the sentence's own words only
    assert choose(question, [sheet, general])[0].text.startswith("La loi impose")


def test_a_quote_given_earlier_in_the_conversation_is_not_repeated():
    rule = _hit(
        "Le responsable notifie la violation à la CNIL dans les 72 heures (article 33 du RGPD). "
        "Il informe aussi les personnes concernées en cas de risque élevé (article 34 du RGPD)."
    )
    earlier = "Réponse extractive\n\n« Le responsable notifie la violation à la CNIL dans les 72 heures (article 33 du RGPD). » [1]"
    chosen = choose("Faut-il notifier la CNIL et informer les personnes ?", [rule], exclude=quoted_in([earlier]))
    assert chosen and all("72 heures" not in c.quote for c in chosen), "not even as the lead of a pronoun sentence"


def test_a_pronoun_sentence_is_quoted_with_the_sentence_naming_its_subject():
    rule = _hit(
        "Un logiciel d'aide à la décision diagnostique relève de la classe IIa (règle 11 a). "
        "Il passe en classe IIb si ces décisions peuvent entraîner une intervention chirurgicale."
    )
    chosen = choose("Quelle classe si les décisions peuvent entraîner une intervention chirurgicale ?", [rule])
    assert any(c.quote == rule.chunk.text for c in chosen), [c.quote for c in chosen]
    assert not any(c.quote.startswith("Il passe") for c in chosen)


def test_a_paragraph_opening_on_a_pronoun_is_quoted_after_the_paragraph_before_and_supports_only():
    """« Cette obligation pèse sur le professionnel… » opens a paragraph on the duty stated just before it; the citation
    keeps the paragraph break the answer's line leaves out."""
    rule = _hit(
        "Le professionnel de santé qui utilise un dispositif médical à apprentissage doit informer le patient.\n\n"
        "Cette obligation pèse sur le professionnel qui utilise l'outil, pas directement sur l'éditeur."
    )
    other = _hit("L'éditeur du dispositif médical fournit la notice d'utilisation au professionnel.", chunk_id="doc:b")
    question = "Qui doit informer le patient : le professionnel qui utilise l'outil ou l'éditeur ?"
    chosen = choose(question, [other, rule])
    pair = [c for c in chosen if c.text.startswith("Cette obligation")]
    assert pair and pair[0].quote.startswith("Le professionnel de santé qui utilise"), [c.quote for c in chosen]
    assert "\n" not in pair[0].quote, "one line in the answer"
    text, citations = extractive_answer(question, [other, rule], "fr")
    assert all(c.quote in h.chunk.text for c in citations for h in (other, rule) if h.chunk.chunk_id == c.chunk_id)
    assert "pas directement sur l'éditeur" in text


def test_the_opening_statement_goes_on_with_its_pronoun_sequel_when_that_answers():
    letter = _hit(
        "Avant tout cahier des charges, les équipes article 51 demandent une lettre d'intention : un document court "
        "qui présente le porteur et le projet. Elle s'envoie à l'ARS de la région pour un projet régional."
    )
    chosen = choose("Lettre d'intention article 51 : on l'envoie où pour un projet régional ?", [letter])
    assert chosen[0].opens and chosen[0].quote == letter.chunk.text, [c.quote for c in chosen]
    unrelated = _hit(
        "Avant tout cahier des charges, les équipes article 51 demandent une lettre d'intention : un document court "
        "qui présente le porteur et le projet. Il existe aussi des webinaires de présentation."
    )
    chosen = choose("Que contient une lettre d'intention article 51 ?", [unrelated])
    assert chosen[0].quote.startswith("Avant") and "webinaires" not in chosen[0].quote


def test_a_link_line_glued_to_the_next_paragraph_is_not_quoted():
    funding = _hit(
        "La source officielle est la page ci-dessous. Adresse : https://www.bpifrance.fr/catalogue-offres\n\n"
        "L'aide combine subvention et avance récupérable, jusqu'à 30 000 € par projet."
    )
    text, citations = extractive_answer(
        "L'aide Bpifrance, c'est une subvention ou une avance récupérable ?", [funding], "fr"
    )
    assert "« L'aide combine subvention et avance récupérable" in text and "https://" not in text, text
    assert all(c.quote in funding.chunk.text for c in citations)


@pytest.mark.parametrize("fourth_sheet,opens", [("docII", True), ("other", False)])
def test_the_opening_statement_comes_from_the_first_three_passages_and_their_sheets(fourth_sheet, opens):
    """A lower ranked passage of one of the first three passages' sheets may open (« qui est responsable de traitement
    dans une expérimentation article 51 ? » opens on the porteur's role, fourth); another sheet's only supports: « et
    pour la classe IIb ? » after vital parameters opened on the AI Act's high-risk table, fourth and off the subject."""
    near = [
        _hit(f"Le fabricant met à jour son registre des réclamations (annexe {n}).", chunk_id=f"doc{n}:x")
        for n in ["II", "III", "IV"]
    ]
    fourth = _hit(
        "La documentation technique d'un logiciel décrit ses versions et ses mises à jour.",
        chunk_id=f"{fourth_sheet}:y",
    )
    chosen = choose(
        "Que doit décrire la documentation technique d'un logiciel et de ses mises à jour ?", [*near, fourth]
    )
    assert (chosen[0].hit_rank == 3) is opens, chosen[0].quote
    assert any(c.hit_rank == 3 for c in chosen), "the 4th passage is quoted either way"


def test_a_lower_passage_that_fits_clearly_better_opens_the_whole_question_only():
    """« Qui autorise par arrêté une expérimentation article 51 ? » opened on the end-of-experiment sheet ranked first;
    the principle's sheet, fourth, says who authorises it. A part of a two-part question keeps to the first passages."""
    near = [
        _hit(f"Le rapport final est transmis au comité dans les six mois (annexe {n}).", chunk_id=f"doc{n}:x")
        for n in ["II", "III", "IV"]
    ]
    fourth = _hit("Les ministres autorisent chaque expérimentation par arrêté.", chunk_id="other:y")
    question = "Qui autorise une expérimentation par arrêté ?"
    assert choose(question, [*near, fourth])[0].hit_rank == 3
    two_parts = "Qui autorise une expérimentation par arrêté et que contient le rapport final ?"
    assert len(split_parts(two_parts)) == 2
    assert all(c.hit_rank < 3 for c in choose(two_parts, [*near, fourth]) if c.opens)


def test_a_section_of_a_first_sheet_read_after_the_ranked_passages_opens_when_it_gives_the_duration_asked():
    """« Combien de temps peut durer une expérimentation article 51 ? » opened on the end-of-experiment report's six
    months, the first sheet's; the principle's sheet (second) says five years in a section read after the ranked
    passages."""
    ranked = [
        _hit("Le rapport d'une expérimentation article 51 est transmis six mois après son échéance.", chunk_id="fin:a"),
        _hit("Une expérimentation article 51 déroge aux règles de tarification.", chunk_id="principe:a"),
        _hit("Une expérimentation article 51 associe des professionnels de santé.", chunk_id="autre:a"),
    ]
    section = replace(
        _hit("Une expérimentation article 51 peut durer cinq ans au plus.", chunk_id="principe:b"),
        sibling=True,
    )
    question = "Combien de temps peut durer une expérimentation article 51 ?"
    assert choose(question, [*ranked, section])[0].text.startswith("Une expérimentation article 51 peut durer")
    other_sheet = replace(section, chunk=section.chunk.model_copy(update={"doc_id": "ailleurs"}))
    assert choose(question, [*ranked, other_sheet])[0].hit_rank == 0


def test_a_section_of_the_best_sheet_read_after_the_ranked_passages_does_not_open():
    near = [
        _hit(f"Le fabricant met à jour son registre des réclamations (annexe {n}).", chunk_id=f"doc{n}:x")
        for n in ["II", "III", "IV"]
    ]
    sibling = replace(
        _hit("La documentation technique d'un logiciel décrit ses versions et ses mises à jour.", chunk_id="docII:z"),
        sibling=True,
    )
    chosen = choose(
        "Que doit décrire la documentation technique d'un logiciel et de ses mises à jour ?", [*near, sibling]
    )
    assert chosen[0].hit_rank < 3 and any(c.hit_rank == 3 for c in chosen[1:])


def test_a_supporting_quote_sharing_only_words_with_the_question_is_left_out():
    """Words in common are not enough: a supporting sentence far in meaning from the question (the lowest e5
    similarity among the candidates) is not quoted, so the question's words alone do not drag in another subject."""
    passages = [
        _hit("Le délai pour notifier une violation à la CNIL est de 72 heures (article 33 du RGPD).", chunk_id="a:x"),
        _hit("La notification à la CNIL précise la nature de la violation et ses conséquences.", chunk_id="b:x"),
        _hit("Le délai pour notifier une violation de la charte interne est fixé par le règlement.", chunk_id="c:x"),
        _hit("Un hébergeur certifié garde les dossiers des patients sur le territoire européen.", chunk_id="d:x"),
    ]
    question = "Quel délai pour notifier une violation à la CNIL ?"

    def scorer_with(third: float):
        def scorer(question: str, sentences: list[str]) -> list[float]:
            return [
                0.95 if "72" in s else 0.90 if "nature" in s else 0.05 if "hébergeur" in s else third for s in sentences
            ]

        return scorer

    far = choose(question, passages, scorer=scorer_with(0.15))  # the third shares three words, not the subject
    assert [c.hit_rank for c in far] == [0, 1]
    near = choose(question, passages, scorer=scorer_with(0.85))
    assert 2 in [c.hit_rank for c in near], "the same sentence close in meaning is quoted: the floor keeps it out"


def test_an_answer_repeats_its_sheet_rather_than_open_on_another_subject():
    rule = _hit(
        "Un logiciel de surveillance des paramètres vitaux relève de la classe IIb (règle 11 b).",
        chunk_id="mdr:regle-11",
    )
    other = _hit(
        "Une glycémie mesurée par une application est une donnée de santé (article 4.15).", chunk_id="rgpd:sante"
    )
    earlier = "Réponse extractive\n\n« Un logiciel de surveillance des paramètres vitaux relève de la classe IIb (règle 11 b). » [1]"
    _, citations = extractive_answer(
        "Et pour la surveillance des paramètres vitaux ?", [rule, other], "fr", exclude=quoted_in([earlier])
    )
    assert citations and citations[0].doc_id == "mdr"
    # « Ok, et ensuite ? » asks for what comes next: another sheet rather than the rule again
    _, citations = extractive_answer(
        "Surveillance des paramètres vitaux, ensuite ?",
        [rule, other],
        "fr",
        exclude=quoted_in([earlier]),
        next_step=True,
    )
    assert [c.doc_id for c in citations] == ["rgpd"]


@pytest.mark.parametrize(
    "text,key",
    [
        ("Que dit l'article 10 §16 du MDR ?", "art:10§16"),
        ("article 10, paragraphe 16", "art:10§16"),
        ("la règle 11 c)", "rule:11c"),
        ("Rule 11(a)", "rule:11a"),
        ("l'article L. 162-1-23 du CSS", "code:L162-1-23"),
        ("L162-1-23", "code:L162-1-23"),
        ("annexe VIII", "annex:VIII"),
        ("MDCG 2019-11 rév. 1", "mdcg:2019-11"),
    ],
)
def test_reference_keys(text, key):
    assert key in reference_keys(text)


def test_a_precise_reference_points_to_the_section_that_carries_it():
    refs = ReferenceIndex.build(
        ["MDR > Article 10 §9 : système qualité", "MDR > Article 10 §16 : couverture financière", "MDR > Article 11"],
        ["Le système de gestion de la qualité…", "Le fabricant dispose d'une couverture financière…", "Le mandataire…"],
    )
    assert refs.matches("Que demande l'article 10 §16 ?") == [1]
    assert refs.matches("article 10 §9") == [0]
    assert refs.matches("Quelle aide pour mon projet ?") == []


def test_a_precise_reference_goes_first_in_search(built_settings):
    hits = search_chunks(built_settings, "Que prévoit l'article 9 §2 h du RGPD ?")
    assert hits[0].chunk.chunk_id.startswith("test-rgpd-sante:")
    assert "9" in hits[0].chunk.section


@pytest.mark.parametrize(
    "question,parts",
    [
        (
            "Quelle classe MDR et quel remboursement pour mon appli ?",
            ["Quelle classe MDR", "quel remboursement pour mon appli"],
        ),
        (
            "Quels délais pour notifier la CNIL et l'ANSM ?",
            ["Quels délais pour notifier la CNIL", "Quels délais pour notifier l'ANSM"],
        ),
        # the side that is only a name brings its own small words (« notifier la l'ANSM » before)
        ("On déclare à l'ANSM et à la CNIL ?", ["On déclare à l'ANSM", "On déclare à la CNIL"]),
        ("délais CNIL et ANSM ?", ["délais CNIL", "délais ANSM"]),
        ("Sécurité et confidentialité des données", ["Sécurité et confidentialité des données"]),
        (
            "Quelles exceptions permettent de traiter des données de santé ?",
            ["Quelles exceptions permettent de traiter des données de santé ?"],
        ),
        # two questions in one message are two parts, whatever their « et »
        (
            "Bpifrance peut-il financer notre marquage CE ? Et France 2030 a-t-il un appel dédié aux DMN ?",
            ["Bpifrance peut-il financer notre marquage CE", "Et France 2030 a-t-il un appel dédié aux DMN"],
        ),
        (
            "Il faut passer par la CNIL et par l'ANSM ? Combien de temps met chacun pour répondre ?",
            ["Il faut passer par la CNIL et par l'ANSM", "Combien de temps met chacun pour répondre"],
        ),
        ("C'est quoi la PECAN ? Merci !", ["C'est quoi la PECAN ? Merci !"]),  # a thank-you is not a question
        # the scene is not cut at its « et »: only the sentence that asks is
        (
            "Notre IA lit des radios thoraciques et signale les nodules au radiologue. Quelle classe MDR ?",
            ["Notre IA lit des radios thoraciques et signale les nodules au radiologue. Quelle classe MDR ?"],
        ),
        # ...and a part of it that names no topic keeps the scene in front of it
        (
            "On a généré des données synthétiques. On sort du RGPD et on peut les partager librement ?",
            ["On sort du RGPD", "On a généré des données synthétiques. on peut les partager librement"],
        ),
        (
            "Notre IA priorise les examens d'imagerie. Elle tombe sous l'AI Act et le MDR en même temps ?",
            ["Elle tombe sous l'AI Act", "le MDR en même temps"],
        ),
        (
            "On veut tester un parcours post-AVC. L'Article 51 convient-il et qui finance les forfaits ?",
            ["L'Article 51 convient-il", "On veut tester un parcours post-AVC. qui finance les forfaits"],
        ),
        # a preposition is no subject: the part takes the rest of the other side (« sous quel délai » alone found the
        # 10 days of a clinical investigation's validation)
        (
            "On s'est fait pirater la base patients cette nuit, on prévient qui et sous quel délai ?",
            [
                "On s'est fait pirater la base patients cette nuit, on prévient qui",
                "On s'est fait pirater la base patients cette nuit, on sous quel délai",
            ],
        ),
        # a side that takes up the other's subject by a pronoun, naming little else, asks one more thing of it:
        # « comment y candidater » searched alone found the Mon espace santé catalogue
        ("C'est quoi l'article 51 et comment y candidater ?", ["C'est quoi l'article 51 et comment y candidater ?"]),
        (
            "Who runs the EIC Accelerator and when does it close?",
            ["Who runs the EIC Accelerator and when does it close?"],
        ),
        # a company officer's title names no topic: the part keeps the scene (alone, « can the CTO take the role »
        # found an Article 51 committee's role)
        (
            "We process patient records at scale. Do we need a DPO, and can the CTO take the role?",
            [
                "Do we need a DPO,",
                "We process patient records at scale. can the CTO take the role",
            ],
        ),
    ],
)
def test_two_part_questions_are_split(question, parts):
    assert split_parts(question) == parts


def test_il_y_en_a_does_not_take_up_the_other_sides_subject():
    assert len(split_parts("Un organisme notifié, ça prend combien de temps et y en a combien en France ?")) == 2


def test_a_two_domain_question_retrieves_both_domains(built_settings):
    hits = search_chunks(
        built_settings,
        "Quelle classe MDR pour un logiciel de surveillance et quelles exceptions de l'article 9 pour les données de santé ?",
    )
    assert {"test-mdr-regle-11", "test-rgpd-sante"} <= {h.chunk.doc_id for h in hits[:2]}


def test_a_domain_filter_that_empties_the_answer_is_widened_and_said(built_settings):
    answer = ask(
        built_settings,
        "Quelles exceptions permettent de traiter des données de santé ?",
        filters=SearchFilters(domains=["art51"]),
    )
    assert not answer.refused and answer.citations[0].doc_id == "test-rgpd-sante"
    assert any("élargie" in n for n in answer.notices)


def test_a_follow_up_naming_its_own_subject_is_answered_on_what_it_asks(project_settings):
    """The rewritten query is mostly the previous question: compared in meaning with it, the answer would repeat the
    rule already given instead of the certificate's validity."""
    first = ask(project_settings, "Est-ce qu'on doit passer par un hébergeur certifié HDS pour nos données patients ?")
    follow = ask(
        project_settings, "Et la certification, elle vaut combien de temps ?", conversation_id=first.conversation_id
    )
    assert not follow.refused, follow.answer
    assert "trois ans" in follow.answer


def test_a_follow_up_keeps_the_subject_of_the_conversation_in_its_words(project_settings):
    """« et pour la classe IIb ? » alone matches any class IIb sentence: the vital parameters come from the question
    before (the README's example). The first answer already quoted the rule 11 b) and annex IV sentences on vital
    parameters, which are not repeated: the follow-up opens on what makes the class IIb. (Its supporting quotes once
    included the telemonitoring of non-vital parameters, now ranked eighth, after two list items on class IIb.)"""
    first = ask(project_settings, "Which MDR class for software that monitors vital parameters?")
    follow = ask(project_settings, "et pour la classe IIb ?", conversation_id=first.conversation_id)
    assert follow.record is not None and "vital parameters" in follow.record.standalone_query
    opening = follow.answer.split("\n")[2]
    assert "IIb" in opening, follow.answer
    assert "détérioration grave" in opening, opening  # not rule 11 b) again, from another sheet


def test_a_follow_up_turning_to_another_subject_is_answered_on_it(project_settings):
    """« et pour l'hébergement des données ? » after telemonitoring was searched as « remboursée télésurveillance
    médicale pour l'hébergement des données ? »: the telemonitoring sheets filled the ranking and the answer quoted
    the patient's consent to send usage data to the health insurance. Searched alone too, it reaches the hosting rule."""
    first = ask(project_settings, "Comment est remboursée la télésurveillance médicale ?")
    follow = ask(project_settings, "et pour l'hébergement des données ?", conversation_id=first.conversation_id)
    assert not follow.refused, follow.answer
    assert follow.citations[0].doc_id.startswith("hds-"), follow.answer
    assert "L1111-8" in follow.answer.split("\n")[2]


def test_a_two_part_question_opens_on_a_sentence_for_each_part():
    """Scored on the whole question, the reimbursement sentence shares one word of twelve and cannot open the answer
    (at best it supports it); scored on its own part, it is the best sentence and opens the answer beside the class."""
    mdr = _hit(
        "Un logiciel de surveillance des paramètres vitaux relève de la classe IIb selon la règle 11 du MDR.",
        chunk_id="mdr:regle-11",
    )
    pecan = _hit("La prise en charge PECAN dure un an et se renouvelle une fois.", chunk_id="has:pecan")
    question = "Quelle classe MDR pour un logiciel de surveillance des paramètres vitaux et quelles conditions pour le remboursement PECAN ?"
    assert len(split_parts(question)) == 2
    whole = choose(question.replace(" et ", " puis "), [mdr, pecan])  # the same words, not cut in two
    assert [c.hit_rank for c in whole if c.opens] == [0]
    chosen = choose(question, [mdr, pecan])
    assert [(c.hit_rank, c.opens) for c in chosen] == [(0, True), (1, True)]
    text, citations = extractive_answer(question, [mdr, pecan], "fr")
    assert [c.chunk_id for c in citations] == ["mdr:regle-11", "has:pecan"]
    opening = text.split("\n\n")[1]  # both sentences open the answer, before any « Ce que disent les sources »
    assert "classe IIb" in opening and "PECAN" in opening


@pytest.mark.parametrize(
    "question, kinds",
    [
        ("Combien de temps pour notifier une violation à la CNIL ?", ["duration"]),
        ("Quel est le montant de la Bourse French Tech ?", ["amount"]),
        ("Depuis quand la PECAN est-elle ouverte ?", ["date", "moment"]),
        ("How long is the HDS certificate valid?", ["duration"]),
        ("Qui peut porter un projet article 51 ?", []),
        # as typed in a chat
        ("et ça prend du temps, la PECAN ?", ["duration"]),
        ("la certification HDS c'est long ?", ["duration"]),
        ("PECAN c combien le forfait", ["amount"]),
        ("ça coûte un bras, un organisme notifié ?", ["amount"]),
        ("How many months does a PECAN decision take?", ["duration"]),
        ("Combien de salariés pour être une PME ?", []),
        # « combien » after the verb, or alone after a question on the subject
        ("et le médecin qui surveille, il touche combien ?", ["amount"]),
        ("pecan ca rapporte combien en vrai", ["amount"]),
        ("combien ?", ["amount"]),
        ("bpi ils filent combien de thunes", ["amount"]),
        ("Quel est le budget du fonds de l'article 51 ?", ["amount"]),
        ("Jusqu'à combien d'aides de minimis peut-on cumuler ?", []),
        # a threshold is an amount (« whats the threshold below which they can just buy directly from us? » after the
        # procurement rule opened on a sourcing sentence, its 60 000 € already quoted)
        ("whats the threshold below which they can just buy directly from us?", ["amount"]),
        ("sous quel seuil un hôpital peut-il acheter sans appel d'offres ?", ["amount"]),
    ],
)
def test_the_kind_of_fact_a_question_asks_for(question, kinds):
    assert asked_kinds(question) == kinds


def test_a_question_asking_for_a_duration_opens_on_the_sentence_that_gives_one(monkeypatch):
    sanction = _hit(
        "Ne pas notifier à temps une violation à la CNIL est sanctionné : la CNIL a infligé 3 000 € d'amende.",
        chunk_id="doc:sanction",
    )
    rule = _hit(
        "Le responsable doit notifier la violation à la CNIL dans les 72 heures (article 33 du RGPD).",
        chunk_id="doc:regle",
    )
    question = "Combien de temps pour notifier une violation à la CNIL ?"
    assert gives(rule.chunk.text, ["duration"]) and not gives(sanction.chunk.text, ["duration"])
    assert gives("La PECAN finance pendant un an au plus, non renouvelable.", ["duration"])
    # numbers in words are those of the whole project (app.text.NUMBER_WORDS), « seize » and « quarante » included
    assert gives("Le fabricant répond dans les quarante jours.", ["duration"])
    assert gives("L'essai dure seize semaines.", ["duration"])
    assert choose(question, [sanction, rule])[0].text.startswith("Le responsable doit notifier")
    monkeypatch.setattr(extractive, "ANSWER_KIND_BONUS", 0.0)  # without it, the sentence sharing more words opens
    assert choose(question, [sanction, rule])[0].text.startswith("Ne pas notifier")


@pytest.mark.parametrize(
    "sentence, ok",
    [
        ("La PECAN est ouverte depuis le 1er mars 2023.", True),
        ("Le référentiel date de 2021 et reste en vigueur.", True),
        # « when? » is also answered by a delay
        ("Le rapport est remis au plus tard six mois après la fin de l'expérimentation.", True),
        ("La violation est notifiée à la CNIL dans les 72 heures.", True),
        # a text's number is not a date
        ("Un logiciel d'aide au diagnostic relève du règlement (UE) 2017/745.", False),
        ("La délibération n° 2018-155 adopte la méthodologie de référence MR-004.", False),
    ],
)
def test_a_question_asking_when_is_answered_by_a_date_or_a_delay(sentence, ok):
    assert gives(sentence, ["date"]) is ok


@pytest.mark.parametrize(
    "question", ["La PECAN est en vigueur depuis quand ?", "Jusqu'à quand peut-on le vendre ?", "Since when?"]
)
def test_a_question_asking_since_or_until_when_is_answered_by_a_date_not_a_delay(question):
    kinds = asked_kinds(question)
    assert gives("La PECAN est ouverte aux dépôts depuis le 1er avril 2023.", kinds)
    assert not gives("Une demande de PECAN complète est tranchée en trois mois environ.", kinds)


def test_since_when_a_scheme_applies_is_answered_by_the_introduction_that_says_when_it_opened(monkeypatch):
    """A sheet's introduction says when its scheme began; its sections state rules, and another scheme's date shares
    the question's words just as well. For a duration or an amount the introduction gives no such answer."""
    intro = _hit(
        "La PECAN rembourse un DMN pendant un an. Elle est ouverte aux dépôts depuis le 1er avril 2023.",
        section="PECAN",
        chunk_id="pecan:intro",
    )
    other = _hit("En Belgique, le cadre de remboursement des applications existe depuis le 20 janvier 2021.")
    hits = [intro, other]
    assert choose("La PECAN est en vigueur depuis quand ?", hits)[0].text.startswith("Elle est ouverte aux dépôts")
    assert choose("Quand la PECAN a-t-elle été créée ?", hits)[0].text.startswith("En Belgique")


@pytest.mark.parametrize(
    "sentence, ok",
    [
        ("Le forfait est de 435 € TTC pour les trois premiers mois.", True),
        ("La subvention va de 200 000 € à 5 M€ selon le projet.", True),
        ("Le prix i-Lab atteint 600 k€.", True),
        ("L'aide couvre 45 % des dépenses éligibles.", True),
        ("Le dossier est déposé auprès de la HAS en 2 exemplaires.", False),
    ],
)
def test_a_question_asking_how_much_is_answered_by_an_amount_in_euros_or_a_share(sentence, ok):
    assert gives(sentence, ["amount"]) is ok


def test_an_amount_asked_for_is_quoted_under_a_section_title_that_names_the_subject():
    """« Les mesures possibles sont limitées : … amende d'au plus 20 000 €. » shares no word with the question; its
    section's title does. A sentence that gives no amount, or sits under a title of another subject, stays out."""
    question = "Quel plafond de sanction dans la procédure simplifiée de la CNIL ?"
    rule = _hit("Le plafond de sanction de la CNIL dans la procédure simplifiée est fixé par la loi.", chunk_id="a:x")
    titled = "Loi 78-17 > La procédure simplifiée : mesures possibles"
    amount = _hit("Les mesures possibles sont limitées : amende d'au plus 20 000 €.", titled, "b:x")
    no_amount = _hit("Les mesures possibles sont limitées : rappel à l'ordre, injonction.", titled, "c:x")
    elsewhere = _hit(
        "Les mesures possibles sont limitées : amende d'au plus 3 000 €.", "Loi 78-17 > Autres mesures", "d:x"
    )
    hits = [rule, amount, no_amount, elsewhere]

    def as_close(question: str, sentences: list[str]) -> list[float]:
        return [0.9] * len(sentences)  # meaning does not tell them apart: the rule decides

    assert [c.hit_rank for c in choose(question, hits, as_close)] == [0, 1]
    assert [c.hit_rank for c in choose("Quelle procédure simplifiée à la CNIL ?", hits, as_close)] == [0]


def test_a_question_asking_for_an_amount_or_a_duration_reads_the_next_passages_that_give_one():
    read = [_hit("La télésurveillance est remboursée depuis le 1er juillet 2023.", chunk_id="a:x")]
    amount = _hit("Le forfait technique va de 50 € à 91,67 € par patient et par mois.", chunk_id="b:x")
    delay = _hit("La CNEDiMTS rend son avis en 90 jours.", chunk_id="c:x")
    nothing = _hit("Le forfait est versé à l'exploitant.", chunk_id="d:x")
    following = [nothing, amount, delay, read[0]]
    added = extractive.giving_passages("et le montant ?", following, read)
    assert [h.chunk.chunk_id for h in added] == ["b:x"] and all(h.sibling for h in added)
    assert [h.chunk.chunk_id for h in extractive.giving_passages("c'est long ?", following, read)] == ["c:x"]
    # a date is in most sentences: « quand ? » reads no further, nor does a question asking for no figure
    assert extractive.giving_passages("depuis quand ?", following, read) == []
    assert extractive.giving_passages("qui est payé ?", following, read) == []


def test_an_amount_asked_after_the_subject_is_quoted_from_the_passages_further_down(project_settings):
    """« et le montant ? » is searched mostly with the earlier turns' subject, whose first passages say since when
    telemonitoring is paid for; the amount sits in the sixth passage."""
    conversation = ask(project_settings, "c'est quoi la telesurveillance en droit commun depuis 2023").conversation_id
    ask(project_settings, "qui est payé, le medecin ou nous ?", conversation_id=conversation)
    answer = ask(project_settings, "et le montant ?", conversation_id=conversation)
    assert not answer.refused
    assert "91,67 €" in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["What's the CNEDiMTS?", "C'est quoi la CNEDiMTS ?"])
def test_what_the_cnedimts_is_is_answered_by_the_sentence_that_says_it(project_settings, question):
    """No sheet said what the CNEDiMTS is: « What's the CNEDiMTS? » opened on the connected devices guide, « C'est quoi
    la CNEDiMTS ? » on the 60 days of its opinion (the LPPR sheet now has a section on it, article R165-18)."""
    opening = ask(project_settings, question).answer.split("\n")[2]
    assert opening.startswith("« La CNEDiMTS (Commission nationale d'évaluation"), opening


def test_who_pays_for_telemonitoring_is_answered_by_who_is_paid(project_settings):
    """The section on the two forfaits opened on how the flat amount is modulated: « Qui paie la télésurveillance ? »
    opened on an Article 51 sentence about telemonitoring, with the forfaits' sheet third."""
    opening = ask(project_settings, "Qui paie la télésurveillance ?").answer.split("\n")[2]
    assert opening.startswith("« L'Assurance maladie paie une activité de télésurveillance en deux forfaits"), opening


def _record(text: str, chunk_id: str = "fund-forfait:montant") -> ScoredChunk:
    """A passage of a funding record, rendered from corpus/funding/*.yaml."""
    source = "corpus/funding/fund-forfait.yaml"
    return ScoredChunk(chunk(chunk_id, section="Forfait innovation > Montant", text=text, source_path=source), 1.0)


def test_a_funding_record_sentence_gives_way_to_a_sheet_sentence_that_fits_as_well():
    """Rendered from data, a record names its scheme in full and shares a question's words with the sheet's rule."""
    record = _record("Forfait innovation (prise en charge conditionnée à une étude) : financeur, Assurance maladie.")
    sheet = hit("Le forfait innovation finance une étude clinique comparative.", chunk_id="has-forfait:regle")
    question = "Quelle étude pour le forfait innovation ?"
    assert choose(question, [record, sheet])[0].text.startswith("Le forfait innovation finance")
    extractive.RECORD_PENALTY, before = 0.0, extractive.RECORD_PENALTY
    try:  # without the penalty, the record's sentence wins on its better rank
        assert choose(question, [record, sheet])[0].text.startswith("Forfait innovation (")
    finally:
        extractive.RECORD_PENALTY = before


CALENDAR = (
    "Au 29 novembre 2026, date de vérification de la fiche, le dispositif « Forfait innovation (prise en charge "
    "conditionnée à une étude) » est ouvert en continu : les demandes se déposent au fil de l'eau, sans date limite."
)


@pytest.mark.parametrize(
    ("question", "calendar_opens"),
    [
        ("Peut-on demander le forfait innovation sans étude ?", False),
        ("Le forfait innovation est-il ouvert en ce moment ?", True),
        ("Quand peut-on déposer une demande de forfait innovation ?", True),
        ("When can we apply for the forfait innovation?", True),
    ],
)
def test_a_funding_record_s_calendar_opens_only_a_question_on_dates_or_status(question, calendar_opens):
    sheet = hit("Le forfait innovation exige une étude clinique ou médico-économique.", chunk_id="has-forfait:regle")
    opening = choose(question, [_record(CALENDAR, "fund-forfait:calendrier"), sheet])[0]
    assert opening.text.startswith("Au 29 novembre 2026") is calendar_opens, opening.text


@pytest.mark.parametrize(
    "question",
    ["Un chatbot de santé mentale est-il un dispositif médical ?", "Is a mental health chatbot a medical device?"],
)
def test_whether_a_mental_health_chatbot_is_a_medical_device_is_answered_by_the_qualification_rule(
    project_settings, question
):
    """It opened on a France 2030 call's beneficiaries (« entreprises développant des dispositifs médicaux numériques
    en santé mentale »): no sheet said how a mental health app or chatbot is qualified."""
    opening = ask(project_settings, question).answer.split("\n")[2]
    assert opening.startswith("« Une appli ou un chatbot de santé mentale est un dispositif médical si"), opening


@pytest.mark.parametrize(
    "question",
    [
        "Quelles sont les étapes pour faire autoriser une expérimentation article 51 ?",
        "What are the steps to get an Article 51 experiment approved?",
    ],
)
def test_the_steps_to_an_article_51_authorisation_are_answered_by_the_sentence_that_lists_them(
    project_settings, question
):
    """Both opened on « Une expérimentation article 51 dure au plus cinq ans »: the sheet on filing a project summed
    its steps up nowhere, and « steps » and « approved » reached no French word of it."""
    opening = ask(project_settings, question).answer.split("\n")[2]
    assert opening.startswith("« Une expérimentation article 51 s'obtient en quatre étapes"), opening


def test_whether_a_small_startup_needs_a_dpo_is_answered_by_the_rule_on_size(project_settings):
    """The DPO sheet never said that headcount does not count: « Faut-il un DPO quand on est une start-up de 5
    personnes… ? » opened on the qualities a DPO is chosen for."""
    question = "Faut-il un DPO quand on est une start-up de 5 personnes qui traite des données de santé ?"
    opening = ask(project_settings, question).answer.split("\n")[2]
    assert opening.startswith("« La taille de l'entreprise n'y change rien"), opening


def test_what_becomes_of_a_finished_dpia_is_answered(project_settings):
    """The DPIA sheet said when the CNIL is consulted, not that a DPIA is otherwise neither sent nor published: « on
    doit la publier ? » in a DPIA conversation was refused."""
    answer = ask(project_settings, "Faut-il publier l'analyse d'impact ou l'envoyer à la CNIL ?").answer
    assert "n'a pas à être publiée" in " ".join(answer.split()), answer
    # « Faut-il une AIPD ? » still opens on when one is needed: the new sentence does not say « AIPD »
    assert "AIPD" in ask(project_settings, "Faut-il une AIPD ?").answer.split("\n")[2]
    conversation = ask(project_settings, "Faut-il une AIPD pour notre appli de téléconsultation ?").conversation_id
    follow_up = ask(project_settings, "on doit la publier ?", conversation_id=conversation)
    assert not follow_up.refused and "publi" in follow_up.answer.split("\n")[2], follow_up.answer


def _leak_passages(best_sheet: str) -> list[ScoredChunk]:
    """The best passage, two others, a fourth from another sheet that gives a delay, and a lower section of the best
    passage's sheet (read as a sibling) that gives the delay asked for."""
    return [
        hit(
            "La startup sous-traitante doit prévenir son client après une fuite, sans prévenir la CNIL elle-même.",
            f"{best_sheet}:sous-traitant",
        ),
        hit("Le registre interne recense chaque fuite de données et ses suites.", "registre:tenue"),
        hit("Une procédure interne répartit les rôles en cas de fuite de données.", "procedure:roles"),
        hit("Le fabricant prévient l'ANSM d'une fuite qui touche un dispositif dans les 15 jours.", "ansm:delai"),
        replace(
            hit("Le responsable du traitement doit prévenir la CNIL d'une fuite dans les 72 heures.", "fuite:cnil"),
            sibling=True,
        ),
    ]


def test_the_best_sheet_may_open_on_the_delay_asked_for_wherever_its_section_ranked():
    question = "Combien de temps pour prévenir la CNIL après une fuite ?"
    opener = choose(question, _leak_passages("fuite"))[0]
    assert "72 heures" in opener.text
    # the same section from a sheet that is not the best one stays a supporting quote: it may be about something else
    opener = choose(question, _leak_passages("sous-traitance"))[0]
    assert "sous-traitante" in opener.text
    # a question that asks for no delay opens on the best passages, as before
    assert "sous-traitante" in choose("Qui prévient la CNIL après une fuite ?", _leak_passages("fuite"))[0].text


def test_supporting_quotes_are_read_under_their_sheet_s_title_and_the_opener_alone(monkeypatch):
    """Read under its sheet's title, « Le délai est de trois mois. » comes close to the question and is quoted; the
    opening statement is still the sentence that answers in its own words."""
    in_context = _hit("Le délai est de trois mois.", section="Délai de la CNEDiMTS > Règle", chunk_id="has:delai")
    own_words = _hit("Le délai est de 72 heures.", section="Notification des violations > Règle", chunk_id="cnil:delai")
    closeness = {
        in_context.chunk.text: 0.5,
        own_words.chunk.text: 0.9,
        read_in_sheet("Délai de la CNEDiMTS", in_context.chunk.text): 1.0,
        read_in_sheet("Notification des violations", own_words.chunk.text): 0.1,
    }

    def scorer(question: str, sentences: list[str]) -> list[float]:
        return [closeness[s] for s in sentences]

    chosen = [c.text for c in choose("Quel délai ?", [in_context, own_words], scorer=scorer)]
    assert chosen == [own_words.chunk.text, in_context.chunk.text]
    monkeypatch.setattr(extractive, "SHEET_MEANING", 0.0)  # the sentences read alone only
    assert [c.text for c in choose("Quel délai ?", [in_context, own_words], scorer=scorer)] == [own_words.chunk.text]


def test_supporting_quotes_rank_first_under_a_title_on_the_question_and_early_in_their_passage():
    """Two sentences equal in meaning and words: the one under a section title sharing a word with the question, or
    earlier in its passage, is the better supporting quote; neither signal chooses the opening statement."""
    same = extractive.Candidate(hit_rank=0, position=2, text="x", rule=False, intro=False, lexical=0.5, semantic=0.5)
    titled, earlier = replace(same, heading_shares=True), replace(same, position=0)
    assert titled.score > same.score and earlier.score > same.score
    assert titled.opening_score == earlier.opening_score == same.opening_score

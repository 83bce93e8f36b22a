"""A list item is quoted after its lead-in, the items of one list on one line, never as the opening statement."""

from app.answer.extractive import choose, extractive_answer, quoted_in
from app.lists import list_items, quote_items
from tests.builders import hit

CONTRACT = (
    "Le contrat doit notamment indiquer :\n\n"
    "- le périmètre du certificat de l'hébergeur et ses dates de délivrance ;\n\n"
    "- la description des prestations et des résultats attendus ;\n\n"
    "- le référent contractuel du client pour les incidents ;\n\n"
    "- les lieux d'hébergement des données de santé ;\n\n"
    "- les obligations de l'hébergeur en cas d'évolution technique de ses services."
)
RULE = "L'article R1111-11 du code de la santé publique fixe le contenu minimal du contrat d'hébergement de données."


def test_the_items_of_a_list_and_their_lead_in():
    sentences = [
        "Le contrat doit notamment indiquer :\n\n- le périmètre du certificat ;\n\n- les lieux d'hébergement.",
        "Trois catégories de recherches :",
        "- RIPH 1, recherches interventionnelles.",
        "- RIPH 2, recherches à risques minimes.",
        "Le décret a précisé le régime.",
        "- Levée de fonds d'au moins 200 000 €",
    ]
    items = list_items(sentences)
    assert [i.text for i in items[0]] == ["le périmètre du certificat", "les lieux d'hébergement."]
    assert {i.lead_in for i in items[0]} == {"Le contrat doit notamment indiquer :"}
    # a lead-in of its own, then items split as sentences of their own, numbered across them
    assert [(i.lead_in, i.number) for i in items[2] + items[3]] == [("Trois catégories de recherches :", 0)] + [
        ("Trois catégories de recherches :", 1)
    ]
    # a sentence that is not an item closes the list: what follows has no lead-in
    assert items[5][0].lead_in == "" and items[5][0].text == "Levée de fonds d'au moins 200 000 €"
    assert 1 not in items and 4 not in items
    # the last item ends with its paragraph, whatever the splitter ran into it
    (*_, last) = list_items(
        ["Le détail : - classe I : non ; - classe IIa : oui ;\n\nNuances : un logiciel de classe I…"]
    )[0]
    assert last.text == "classe IIa : oui"


def test_items_are_quoted_with_what_the_source_leaves_between_them_marked():
    first, second, third = list_items(
        ["Le contrat doit indiquer :\n\n- a premier ;\n\n- b deuxième ;\n\n- c troisième."]
    )[0]
    assert first.quote == "Le contrat doit indiquer : a premier"
    assert third.quote == "Le contrat doit indiquer : […] c troisième."
    assert quote_items([first, second]) == "Le contrat doit indiquer : a premier ; b deuxième"
    assert quote_items([second, third]) == "Le contrat doit indiquer : […] b deuxième ; c troisième."
    assert quote_items([first, third]) == "Le contrat doit indiquer : a premier […] c troisième."
    a, b = list_items(["Deux réflexes :\n\n- Documenter chaque flux.\n\n- Vérifier les sous-traitants."])[0]
    assert quote_items([a, b]) == "Deux réflexes : Documenter chaque flux. Vérifier les sous-traitants."


def test_a_question_on_one_item_of_a_long_list_is_answered_by_that_item_after_its_lead_in():
    """« Le contrat doit notamment indiquer : - … » is one sentence of 900 characters for the splitter: neither it nor
    an item alone (« les lieux d'hébergement ») could be quoted, and « que doit dire le contrat sur les lieux
    d'hébergement ? » missed its fact."""
    hits = [hit(RULE, "hds:rule"), hit(CONTRACT, "hds:contrat")]
    question = "Le contrat avec l'hébergeur doit-il indiquer les lieux d'hébergement des données ?"
    chosen = choose(question, hits)
    assert chosen[0].item is None, "an item never opens the answer"
    quotes = [c.quote for c in chosen]
    assert "Le contrat doit notamment indiquer : […] les lieux d'hébergement des données de santé" in quotes, quotes
    text, citations = extractive_answer(question, hits, "fr")
    assert "[…] les lieux d'hébergement des données de santé" in text
    # the citation quotes the source's own words
    assert all(c.quote in h.chunk.text for c in citations for h in hits if h.chunk.chunk_id == c.chunk_id)


def test_the_items_of_one_list_share_one_line_counted_as_one_quote():
    hits = [hit(RULE, "hds:rule"), hit(CONTRACT, "hds:contrat")]
    question = (
        "Le contrat d'hébergement doit-il indiquer le périmètre du certificat, le référent contractuel et les "
        "lieux d'hébergement ?"
    )
    text, _ = extractive_answer(question, hits, "fr")
    lines = [line for line in text.splitlines() if "Le contrat doit notamment indiquer" in line]
    assert len(lines) == 1, text
    line = lines[0]
    # in the list's order, whatever order they were chosen in
    assert line.index("le périmètre") < line.index("le référent") < line.index("les lieux"), line
    assert "[…]" in line, "the items left out between them are marked"
    chosen = choose(question, hits)
    assert sum(1 for c in chosen if c.item) <= 3


def test_an_item_quoted_earlier_in_the_conversation_is_not_quoted_again():
    hits = [hit(RULE, "hds:rule"), hit(CONTRACT, "hds:contrat")]
    question = "Le contrat avec l'hébergeur doit-il indiquer les lieux d'hébergement des données ?"
    earlier, _ = extractive_answer(question, hits, "fr")
    chosen = choose(question, hits, exclude=quoted_in([earlier]))
    assert not any(c.item and "les lieux d'hébergement" in c.item.text for c in chosen), [c.quote for c in chosen]


def test_an_item_after_a_lead_in_that_opens_on_a_pronoun_is_not_quoted():
    listed = hit(
        "Ces conditions sont notamment :\n\n- le dispositif n'est pas cédé à une autre entité juridique ;\n\n"
        "- il est fabriqué sous un système de management de la qualité approprié.",
        "mdr:exemption",
    )
    chosen = choose(
        "Le dispositif fabriqué en interne peut-il être cédé à une autre entité juridique ?", [hit(RULE), listed]
    )
    assert not any(c.item for c in chosen), [c.quote for c in chosen]

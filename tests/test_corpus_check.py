"""`navigator corpus check` on the project's corpus, and on broken corpora."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.corpus.answer_first import answer_first_problems, sections
from app.corpus.check import MINIMUMS, check_corpus
from app.text import split_sentences
from tests import builders

PROJECT_CORPUS = Path(__file__).parent.parent / "corpus"
GOOD = "Le fabricant d'un logiciel de classe IIa fait intervenir un organisme notifié (article 52, paragraphe 6, MDR)."


def test_project_corpus_passes_the_check():
    """The whole knowledge base: answer-first everywhere, every domain at its minimum (MINIMUMS)."""
    report = check_corpus(PROJECT_CORPUS)
    assert report.errors == [], "\n".join(f"{f.path}: {f.message}" for f in report.errors)
    assert all(report.by_area[area] >= minimum for area, minimum in MINIMUMS.items())


def test_cli_corpus_check_exits_zero_on_project_corpus(tmp_path: Path):
    from app.cli import app
    from app.settings import get_settings

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_CORPUS, corpus)
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["corpus", "check"], env={"NAVIGATOR_CORPUS_DIR": str(corpus)})
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output and "france2030" in result.output


def test_check_finds_every_kind_of_problem(tmp_path: Path):
    today = dt.date(2026, 11, 22)
    builders.markdown(tmp_path / "rgpd-old.md", "Texte.", id="rgpd-old", verified_on="2024-01-01")
    builders.markdown(
        tmp_path / "france2030-closed.md",
        "Texte.",
        id="france2030-closed",
        domain="france2030",
        kind="funding",
        valid_from="2024-01-01",
        valid_until="2025-06-30",
        verified_on="2026-11-01",
    )
    builders.markdown(
        tmp_path / "rgpd-links.md", "Voir [ceci](rgpd-missing.md) et [cela](doc:rgpd-nowhere).", id="rgpd-links"
    )
    builders.markdown(tmp_path / "rgpd-twin.md", "Texte.", id="rgpd-links")
    builders.markdown(tmp_path / "named-wrong.md", "Texte.", id="rgpd-other-name")
    report = check_corpus(tmp_path, max_age_days=365, today=today, minimums={"rgpd+cnil+hds": 10})
    messages = [(Path(f.path).name, f.level, f.message) for f in report.findings]
    text = "\n".join(f"{n} {lvl} {m}" for n, lvl, m in messages)
    assert "rgpd-old.md error verified_on 2024-01-01" in text
    assert "france2030-closed.md warning expired" in text
    assert "broken internal link 'rgpd-missing.md'" in text and "unknown document 'rgpd-nowhere'" in text
    assert "already used" in text and "file name should be rgpd-other-name.md" in text
    assert "coverage: rgpd+cnil+hds has" in text


def test_minimums_shortfall_is_an_error_only_when_enforced(tmp_path: Path):
    builders.markdown(tmp_path / "has-one.md", f"## Règle\n\n{GOOD}", id="has-one", domain="has")
    strict = check_corpus(tmp_path, minimums={"has": 2}, enforce_minimums=True)
    lenient = check_corpus(tmp_path, minimums={"has": 2}, enforce_minimums=False)
    enough = check_corpus(tmp_path, minimums={"has": 1}, enforce_minimums=True)
    assert [f.message for f in strict.errors] == ["coverage: has has 1 documents, at least 2 expected"]
    assert lenient.errors == [] and [f.message for f in lenient.warnings] == [
        "coverage: has has 1 documents, at least 2 expected"
    ]
    assert enough.findings == []
    assert MINIMUMS == {"rgpd+cnil+hds": 35, "mdr+ai-act": 40, "has": 25, "art51": 12, "france2030": 30, "gnius": 20}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Voir l'art. 9 du RGPD pour les données de santé. Ensuite vient l'article 10.",
            ["Voir l'art. 9 du RGPD pour les données de santé.", "Ensuite vient l'article 10."],
        ),
        (
            "La MDCG 2019-11 rév. 1 date de juin 2025. Elle remplace la version de 2019.",
            ["La MDCG 2019-11 rév. 1 date de juin 2025.", "Elle remplace la version de 2019."],
        ),
        (
            "L'article L. 162-1-23 du CSS crée la PECAN. Elle dure un an.",
            ["L'article L. 162-1-23 du CSS crée la PECAN.", "Elle dure un an."],
        ),
        (
            "Des mesures, p. ex. la glycémie, sont des données de santé. Suite.",
            ["Des mesures, p. ex. la glycémie, sont des données de santé.", "Suite."],
        ),
        (
            "Le §2 de l'article 9 liste les exceptions. Il y en a dix.",
            ["Le §2 de l'article 9 liste les exceptions.", "Il y en a dix."],
        ),
        (
            "Deux conditions sont réunies : (a) un produit de l'annexe I ; (b) un tiers évalue. Suite.",
            ["Deux conditions sont réunies : (a) un produit de l'annexe I ; (b) un tiers évalue.", "Suite."],
        ),
        (
            "La procédure suit l'ann. IX du MDR. Voir R. 162-50-1 ensuite. Fin.",
            ["La procédure suit l'ann. IX du MDR.", "Voir R. 162-50-1 ensuite.", "Fin."],
        ),
        # a blank line ends a paragraph and its sentence, even without a full stop, even before a lower-case name...
        (
            "Adresse : https://www.example.org/concours.html\n\ni-PhD apporte surtout un accompagnement. Fin.",
            ["Adresse : https://www.example.org/concours.html", "i-PhD apporte surtout un accompagnement.", "Fin."],
        ),
        (
            "Calendrier :\n\n- clôture le 3 février 2026\n\nConsultez la page officielle.",
            ["Calendrier :\n\n- clôture le 3 février 2026", "Consultez la page officielle."],
        ),
        # ...but not a list's lead-in, nor an item going on to the next
        (
            "Les étapes habituelles :\n\n- dépôt du dossier ;\n\n- avis du CESREES.",
            ["Les étapes habituelles :\n\n- dépôt du dossier ;\n\n- avis du CESREES."],
        ),
        (
            "Sont concernés\n\n1° Le fabricant\n\n2° Le distributeur.",
            ["Sont concernés\n\n1° Le fabricant\n\n2° Le distributeur."],
        ),
        # pysbd cuts « ??? » before its last mark: punctuation alone closes the sentence before it, as typed
        ("C'est quoi le PECAN ??? Et la CNIL ?!?", ["C'est quoi le PECAN ???", "Et la CNIL ?!?"]),
    ],
)
def test_split_sentences_keeps_french_legal_abbreviations_and_paragraphs(text, expected):
    assert split_sentences(text, "fr") == expected


@pytest.mark.parametrize(
    "opening, reason",
    [
        ("- Documenter les risques selon l'annexe I.", "list item"),
        ("1. Déposer le dossier selon l'article 52.", "list item"),
        ("Cette procédure est plus lourde que la classe I de l'annexe VIII.", "starts with « Cette »"),
        ("En revanche, la règle 11 classe ce logiciel en IIb.", "starts with « En revanche »"),
        ("Et la règle 11, que dit-elle pour un logiciel de suivi ?", "question"),
        ("La procédure est plus lourde pour les fabricants de logiciels.", "no reference"),
        ("Court, article 9.", "characters"),
        ("| Classe | Procédure |\n|---|---|\n| I | annexe II |", "table"),
        ("Le fabricant doit consulter l'organisme notifié avant tout changement", "not a full sentence"),
    ],
)
def test_answer_first_rejects_bad_openings(opening, reason):
    problems = answer_first_problems(f"# Titre\n\nIntro.\n\n## Procédure\n\n{opening}\n\nSuite.")
    assert len(problems) == 1 and problems[0].section == "Procédure" and reason in problems[0].message


@pytest.mark.parametrize(
    "opening",
    [
        GOOD,
        "Selon l'art. 9 du RGPD, les données de santé ne sont traitées que dans les cas du §2.",
        "Le forfait technique PECAN est de 435 € TTC par patient et par an (arrêté du 22 avril 2024).",
        "Les **Celles-ci** ne comptent pas : Certains logiciels relèvent de la règle 11 du MDR.",
        "Cettefois n'est pas un mot, mais la règle 11 du MDR s'applique au logiciel.",
    ],
)
def test_answer_first_accepts_rule_sentences(opening):
    assert answer_first_problems(f"## Règle\n\n{opening} Ensuite, des détails.\n\n- une liste\n") == []


@pytest.mark.parametrize(
    "heading, opening, promised",
    [
        (
            "Article 70 : validation en 10 jours et autorisation en 45 jours",
            "L'État valide le dossier sous 10 jours (article 70 §1 du MDR).",
            "« 45 jours »",
        ),
        (
            "Des expérimentations de cinq ans au plus",
            "L'État autorise ces expérimentations (article L162-31-1).",
            "« 5 ans »",
        ),
        (
            "Le budget : 20 millions d'euros",
            "Le FISS finance les expérimentations (article L162-31-1).",
            "« 20 millions »",
        ),
    ],
)
def test_answer_first_wants_the_heading_s_duration_or_amount_in_the_first_sentence(heading, opening, promised):
    problems = answer_first_problems(
        f"## {heading}\n\n{opening} Les 45 jours, cinq ans et 20 millions viennent après.\n"
    )
    assert len(problems) == 1 and f"promises {promised}" in problems[0].message


@pytest.mark.parametrize(
    "heading, opening",
    [
        ("Les conditions : moins de 8 ans", "Une JEI a moins de huit ans (article 44 sexies-0 A du CGI)."),
        ("Dossier conservé vingt ans", "Le dossier médical est conservé 20 ans (article R1112-7 du CSP)."),
        ("Article 45 et annexe VIII", "La règle 11 de l'annexe VIII classe ce logiciel."),
    ],
)
def test_answer_first_reads_a_figure_written_out_or_in_digits_alike(heading, opening):
    assert answer_first_problems(f"## {heading}\n\n{opening}\n") == []


def test_answer_first_reads_only_the_opening_of_each_section():
    body = f"# Titre\n\nIl y a une intro libre.\n\n## A\n\n{GOOD}\n\n- Puis une liste\n\n### Sous-titre\n\nCe texte est libre.\n\n## B\n\n### Tout de suite un sous-titre\n\n{GOOD}\n"
    assert [s.heading for s in sections(body)] == ["A", "B"]
    problems = answer_first_problems(body)
    assert [(p.section, p.message) for p in problems] == [("B", "the section does not open with a paragraph")]


def test_check_reports_answer_first_and_to_verify_with_file_and_section(tmp_path: Path):
    builders.markdown(
        tmp_path / "mdr-bad.md",
        f"## Bonne\n\n{GOOD}\n\n## Mauvaise\n\nCela dépend.\n",
        id="mdr-bad",
        domain="mdr",
        to_verify=["date de publication au JO de la décision"],
    )
    report = check_corpus(tmp_path, minimums={}, today=dt.date(2026, 11, 29))
    assert [(Path(f.path).name, f.message[:38]) for f in report.errors] == [
        ("mdr-bad.md", "answer-first: section « Mauvaise »: fi")
    ]
    assert [f.message for f in report.warnings] == ["to verify: date de publication au JO de la décision"]


def test_as_of_lists_stale_sheets_without_failing(tmp_path: Path):
    body = f"## Règle\n\n{GOOD}\n"
    builders.markdown(
        tmp_path / "france2030-call.md",
        body,
        id="france2030-call",
        domain="france2030",
        kind="funding",
        verified_on="2026-11-01",
        valid_until="2027-01-31",
    )
    builders.markdown(tmp_path / "mdr-law.md", body, id="mdr-law", domain="mdr", verified_on="2026-11-01")
    builders.markdown(tmp_path / "mdr-old.md", body, id="mdr-old", domain="mdr", verified_on="2025-06-01")
    today = dt.date(2026, 11, 29)
    now = check_corpus(tmp_path, minimums={}, today=today)
    assert [Path(f.path).name for f in now.errors] == ["mdr-old.md"]  # today's behaviour: too old is an error
    plan = check_corpus(tmp_path, minimums={}, today=today, as_of=dt.date(2027, 3, 1))
    assert plan.errors == [] and plan.as_of == dt.date(2027, 3, 1)
    assert [(s.doc_id, s.reason, s.since) for s in plan.stale] == [
        ("mdr-old", "review due", dt.date(2026, 6, 1)),
        ("france2030-call", "review due", dt.date(2027, 1, 30)),  # funding: 90 days
        ("france2030-call", "expired", dt.date(2027, 1, 31)),
    ]


def test_cli_as_of_prints_the_plan_and_exits_zero(tmp_path: Path):
    from app.cli import app
    from app.settings import get_settings

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_CORPUS, corpus)  # the whole knowledge base: the checkers' rules cite its sections
    builders.markdown(
        corpus / "mdr" / "mdr-old.md", f"## Règle\n\n{GOOD}\n", id="mdr-old", domain="mdr", verified_on="2024-06-01"
    )
    get_settings.cache_clear()
    env = {"NAVIGATOR_CORPUS_DIR": str(corpus)}
    planned = CliRunner().invoke(app, ["corpus", "check", "--as-of", "2027-03-01"], env=env)
    today = CliRunner().invoke(app, ["corpus", "check"], env=env)
    get_settings.cache_clear()
    assert planned.exit_code == 0, planned.output
    assert "review due" in planned.output and "mdr-old" in planned.output
    assert today.exit_code == 1 and "verified_on 2024-06-01" in today.output

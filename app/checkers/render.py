"""Plain-text rendering of an evaluation: result, reasoning trail with citations, missing and unknown facts."""

from __future__ import annotations

from app.checkers.engine import Evaluation, Step

STATUS = {
    "complete": "résultat établi",
    "missing": "informations manquantes",
    "undetermined": "indéterminé : à faire trancher par un expert",
}


def _value(step: Step) -> str:
    if step.kind == "fact":
        value = step.value
        if isinstance(value, bool):
            return "oui" if value else "non"
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return {True: "oui", False: "non", None: "indéterminé"}[step.value]


def trail_lines(steps: list[Step]) -> list[str]:
    return [f"  - {s.text} → {_value(s)}  [{s.source}]" for s in steps]


def evaluation_markdown(ev: Evaluation) -> str:
    lines = [f"# {ev.title}", "", f"Statut : {STATUS[ev.status]}", ""]
    if ev.result:
        lines.append("## Résultat")
        for o in ev.result:
            lines += [f"- **{o.label}** [{o.source}]"] + ([f"  {o.explain}"] if o.explain else [])
            lines += [f"  Voir aussi : [{s}]" for s in o.see_also]
            lines += ["  Raisonnement :"] + trail_lines(o.trail)
    others = [o for o in ev.applicable if o not in ev.result]
    if others:
        lines += ["", "## Autres règles applicables"]
        for o in others:
            lines.append(f"- {o.label} [{o.source}]")
    if ev.modules:
        lines += ["", "## Par module"] + [
            f"- {m.module} : {', '.join(m.result) or '—'}"
            + (f" (encore possible : {', '.join(m.possible)})" if m.possible else "")
            for m in ev.modules
        ]
    if ev.possible:
        lines += ["", "## Encore possible"] + [f"- {o.label} [{o.source}]" for o in ev.possible]
    if ev.missing:
        lines += ["", "## Questions à répondre (la plus utile d'abord)"]
        lines += [f"- {m.text} (`{m.question}`) — pourquoi : {m.why} [{m.source}]" for m in ev.missing]
    if ev.unknown:
        lines += ["", "## Réponses « je ne sais pas » : qui peut trancher"]
        lines += [f"- {u.text} → {', '.join(u.settled_by) or 'un conseiller'} [{u.source}]" for u in ev.unknown]
    lines += ["", f"Champs du profil utilisés : {', '.join(ev.used_fields) or 'aucun'}"]
    return "\n".join(lines)

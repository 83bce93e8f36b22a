"""The dated action plan: steps triggered by checker outcomes and chosen funding, each with its source and its
dependencies, dated by walking the dependency graph from a start day; exported as Markdown, PDF and iCalendar.

Steps are data (`plan_steps.yaml`): which outcomes trigger them, what they depend on, how long they take, and a
deadline fixed by a text when there is one. Durations are planning assumptions, said so in every export.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from functools import lru_cache
from graphlib import TopologicalSorter
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from app.checkers.engine import Evaluation
from app.checkers.funding import ProgrammeMatch
from app.corpus.funding import STATUS_LABELS, CallStatus

STEPS_FILE = Path(__file__).resolve().parent / "plan_steps.yaml"


class StepTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    when: list[str]  # checker/outcome
    title: str
    after: list[str] = Field(default_factory=list)
    days: int = Field(ge=0)
    deadline: dt.date | None = None
    source: str


class PlanStep(BaseModel):
    id: str
    title: str
    start: dt.date
    due: dt.date
    deadline: dt.date | None = None
    late: bool = False  # the computed date passes a deadline still ahead
    already_applicable: bool = False  # the text's date has passed: the obligation applies now
    depends_on: list[str]
    source: str
    because: list[str]  # the checker outcomes or funding that triggered the step


class Plan(BaseModel):
    generated_on: dt.date
    steps: list[PlanStep]
    note: str = (
        "Durées indicatives pour une petite équipe ; les échéances fixées par un texte sont signalées. "
        "Chaque étape cite la section de la base de connaissances sur laquelle elle repose."
    )


@lru_cache(maxsize=1)
def step_templates(path: Path = STEPS_FILE) -> tuple[StepTemplate, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    templates = tuple(StepTemplate.model_validate(s) for s in data["steps"])
    ids = {t.id for t in templates}
    for t in templates:
        unknown = set(t.after) - ids
        if unknown:
            raise ValueError(f"plan step '{t.id}' depends on unknown step(s) {sorted(unknown)}")
    TopologicalSorter({t.id: t.after for t in templates}).prepare()  # raises CycleError on a cycle
    return templates


def build_plan(evaluations: dict[str, Evaluation], funding: list[ProgrammeMatch], today: dt.date) -> Plan:
    """Steps whose triggering outcomes apply, dated after their (present) dependencies; then funding deadlines."""
    applied = {f"{cid}/{o.id}" for cid, ev in evaluations.items() for o in ev.applicable}
    chosen = {t.id: t for t in step_templates() if applied & set(t.when)}
    graph = {sid: [d for d in t.after if d in chosen] for sid, t in chosen.items()}
    steps: dict[str, PlanStep] = {}
    for sid in TopologicalSorter(graph).static_order():
        t = chosen[sid]
        start = max([steps[d].due for d in graph[sid]], default=today)
        due = start + dt.timedelta(days=t.days)
        passed = bool(t.deadline and t.deadline < today)
        late = bool(t.deadline and not passed and due > t.deadline)
        steps[sid] = PlanStep(
            id=sid,
            title=t.title,
            start=start,
            due=due,
            deadline=t.deadline,
            late=late,
            already_applicable=passed,
            depends_on=graph[sid],
            source=t.source,
            because=sorted(applied & set(t.when)),
        )
    ordered = sorted(steps.values(), key=lambda s: (s.due, s.id))
    for match in funding:
        close = match.next_close
        if close:
            title = f"Dépôt « {match.title} » avant le {close.isoformat()}"
        elif match.status_today == "open":
            title = f"Dépôt « {match.title} » au fil de l'eau (aucune date limite publiée)"
        else:
            status = STATUS_LABELS[CallStatus(match.status_today)]
            title = f"Surveiller la prochaine fenêtre de « {match.title} » ({status})"
        ordered.append(
            PlanStep(
                id=f"funding-{match.id}",
                title=title,
                start=today,
                due=close or today,
                deadline=close,
                depends_on=[],
                source=f"{match.id}:calendrier-et-statut",
                because=[f"funding/{match.id}"],
            )
        )
    return Plan(generated_on=today, steps=sorted(ordered, key=lambda s: (s.due, s.id)))


def plan_markdown(plan: Plan) -> str:
    lines = [f"# Plan d'action (établi le {plan.generated_on.isoformat()})", "", plan.note, ""]
    for n, s in enumerate(plan.steps, 1):
        deadline = f" — échéance fixée : {s.deadline.isoformat()}" if s.deadline and not s.already_applicable else ""
        late = (
            " — **en retard sur l'échéance**"
            if s.late
            else f" — **déjà applicable depuis le {s.deadline.isoformat()}**"
            if s.already_applicable and s.deadline
            else ""
        )
        after = f" — après : {', '.join(s.depends_on)}" if s.depends_on else ""
        lines.append(f"{n}. **{s.title}** — du {s.start.isoformat()} au {s.due.isoformat()}{deadline}{late}{after}")
        lines.append(f"   Source : `{s.source}` ; déclenché par : {', '.join(s.because)}")
    return "\n".join(lines) + "\n"


def plan_html(plan: Plan) -> str:
    rows = "".join(
        f"<tr><td>{n}</td><td>{html.escape(s.title)}{' <b>(en retard)</b>' if s.late else ''}</td>"
        f"<td>{s.start.isoformat()}</td><td>{s.due.isoformat()}</td><td>{html.escape(', '.join(s.depends_on))}</td>"
        f"<td>{html.escape(s.source)}</td></tr>"
        for n, s in enumerate(plan.steps, 1)
    )
    return (
        f"<html><head><meta charset='utf-8'><style>body{{font-family:Helvetica;font-size:9pt}}"
        f"td,th{{border:1px solid #999;padding:3px;vertical-align:top}}table{{border-collapse:collapse}}</style>"
        f"</head><body><h1>Plan d'action ({plan.generated_on.isoformat()})</h1><p>{html.escape(plan.note)}</p>"
        f"<table><tr><th>#</th><th>Étape</th><th>Début</th><th>Fin</th><th>Après</th><th>Source</th></tr>{rows}"
        f"</table></body></html>"
    )


def plan_pdf(plan: Plan) -> bytes:
    """PDF through xhtml2pdf (pure Python, on top of ReportLab): no system library to install."""
    from xhtml2pdf import pisa

    buffer = io.BytesIO()
    status = pisa.CreatePDF(plan_html(plan), dest=buffer, encoding="utf-8")
    if status.err:
        raise RuntimeError("PDF rendering failed")
    return buffer.getvalue()


def plan_ics(plan: Plan) -> bytes:
    """One all-day event per step, on its due date (deadline when a text fixes one)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Navigateur e-sante//plan d'action//FR")
    cal.add("version", "2.0")
    for s in plan.steps:
        event = Event()
        event.add("uid", f"{s.id}-{plan.generated_on.isoformat()}@navigateur-esante")
        event.add("summary", s.title)
        day = s.deadline or s.due
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("dtstamp", dt.datetime.combine(plan.generated_on, dt.time(), tzinfo=dt.UTC))
        event.add("description", f"Source : {s.source}. Après : {', '.join(s.depends_on) or '—'}.")
        cal.add_component(event)
    return cal.to_ical()

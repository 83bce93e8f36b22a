"""Self-contained HTML reports (charts embedded as PNG) so a maintainer sees what changed, and why."""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path

import jinja2
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from app.evaluation.retrieval import KS

TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:1rem auto;padding:0 1rem;color:#1b1f24}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}td,th{border:1px solid #ccd;padding:.25rem .5rem;text-align:left}
th{background:#eef2f7}.bad{color:#a11}.good{color:#0a6b35}img{max-width:100%}code{font-size:.85rem}
details{margin:.3rem 0}.rel{font-weight:600;color:#0a6b35}</style></head><body>
<h1>{{ title }}</h1><p>{{ generated }} · {{ subtitle }}</p>
{% for chart in charts %}<figure><img alt="{{ chart.alt }}" src="data:image/png;base64,{{ chart.png }}"><figcaption>{{ chart.alt }}</figcaption></figure>{% endfor %}
{% for table in tables %}<h2>{{ table.title }}</h2><table><tr>{% for h in table.header %}<th>{{ h }}</th>{% endfor %}</tr>
{% for row in table.rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table>{% endfor %}
{% for section in failures %}<h2>Failed questions — {{ section.name }} ({{ section.entries|length }})</h2>
{% for f in section.entries %}<details><summary><code>{{ f.id }}</code> [{{ f.domain }}] {{ f.question }}</summary>
<p>Expected: {% for d, g in f.expected.items() %}<code>{{ d }}</code> (grade {{ g }}) {% endfor %}</p>
<ol>{% for r in f.retrieved %}<li class="{{ 'rel' if r.relevant else '' }}"><code>{{ r.chunk_id }}</code> — {{ r.section }} ({{ r.score }})</li>{% endfor %}</ol>
{% if f.detail %}<p>{{ f.detail }}</p>{% endif %}</details>{% endfor %}{% endfor %}
</body></html>"""
)


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _grouped_bars(groups: list[str], series: dict[str, list[float]], title: str, ylabel: str):
    fig, ax = plt.subplots(figsize=(max(6, len(groups) * 1.1), 3.6))
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(groups))], values, width, label=name)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(groups))], groups, rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return fig


def retrieval_report(results: dict, out: Path, deltas: dict | None = None) -> Path:
    configs = results["configurations"]
    names = list(configs)
    charts = []
    metrics = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"]
    charts.append(
        {
            "alt": "Overall metrics per configuration",
            "png": _png(
                _grouped_bars(
                    metrics, {n: [configs[n]["overall"].get(m, 0) for m in metrics] for n in names}, "Overall", "score"
                )
            ),
        }
    )
    domains = sorted({d for n in names for d in configs[n]["per_domain"]})
    charts.append(
        {
            "alt": "Recall@5 per domain",
            "png": _png(
                _grouped_bars(
                    domains,
                    {n: [configs[n]["per_domain"].get(d, {}).get("recall@5", 0) for d in domains] for n in names},
                    "Recall@5 per domain",
                    "recall@5",
                )
            ),
        }
    )
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for n in names:
        ax.plot(KS, [configs[n]["overall"][f"recall@{k}"] for k in KS], marker="o", label=n)
    ax.set_xlabel("k")
    ax.set_ylabel("recall@k")
    ax.set_ylim(0, 1.05)
    ax.set_title("Recall@k")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    charts.append({"alt": "Recall@k curves", "png": _png(fig)})

    header = ["configuration", *metrics, "hit@5", "p50 ms", "p95 ms"]
    rows = [
        [
            n,
            *[configs[n]["overall"].get(m) for m in metrics],
            configs[n]["overall"].get("hit@5"),
            configs[n]["latency_ms"]["p50"],
            configs[n]["latency_ms"]["p95"],
        ]
        for n in names
    ]
    tables = [{"title": "Overall", "header": header, "rows": rows}]
    domain_rows = [
        [
            d,
            *[configs[n]["per_domain"].get(d, {}).get("recall@5") for n in names],
            *[configs[n]["per_domain"].get(d, {}).get("ndcg@10") for n in names],
        ]
        for d in domains
    ]
    tables.append(
        {
            "title": "Per domain",
            "header": ["domain", *[f"{n} recall@5" for n in names], *[f"{n} nDCG@10" for n in names]],
            "rows": domain_rows,
        }
    )
    for key, title in (("per_split", "Per split"), ("per_language", "Per language"), ("per_kind", "Per hard kind")):
        tables.append(
            {
                "title": title,
                "header": ["configuration", "group", "questions", "hit@5", "recall@5", "ndcg@10"],
                "rows": [
                    [n, g, m.get("questions"), m.get("hit@5"), m.get("recall@5"), m.get("ndcg@10")]
                    for n in names
                    for g, m in configs[n].get(key, {}).items()
                ],
            }
        )
    if deltas:
        tables.append(
            {
                "title": "Change since the compared run",
                "header": ["configuration", "metric", "delta"],
                "rows": [[n, m, f"{v:+.4f}"] for n, d in deltas.items() for m, v in d["overall"].items()],
            }
        )
    failures = [
        {
            "name": n,
            "entries": [
                {
                    "id": f["id"],
                    "domain": f["domain"],
                    "question": f["question"],
                    "expected": f["relevant"],
                    "retrieved": f["retrieved"][:5],
                    "detail": "",
                }
                for f in configs[n]["failures"]
            ],
        }
        for n in names
    ]
    html = TEMPLATE.render(
        title="Retrieval evaluation",
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        subtitle=f"{results['questions']} answerable questions",
        charts=charts,
        tables=tables,
        failures=failures,
    )
    path = out / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


ANSWER_COLUMNS = (
    "questions",
    "key_fact_recall",
    "key_fact_recall_answered",
    "key_fact_recall_opening",
    "hit@5",
    "refusal_accuracy",
    "false_refusal_rate",
    "valid_citation_rate",
    "citation_precision",
    "citation_recall",
    "answer_words_p50",
    "p50_ms",
    "p95_ms",
)
# Short headers for terminals: key facts (all answerable / answered only / in the opening statement), hit@5, refusal
# accuracy, false refusals, valid citations, citation precision and recall, median answer length in words, latency.
ANSWER_SHORT = dict(
    zip(
        ANSWER_COLUMNS,
        (
            "n",
            "facts",
            "facts ans.",
            "facts 1st",
            "hit@5",
            "refused ok",
            "false ref.",
            "valid cit.",
            "cit. P",
            "cit. R",
            "words",
            "p50 ms",
            "p95 ms",
        ),
    )
)
ANSWER_GROUPS = (
    ("per_split", "Per split"),
    ("per_domain", "Per domain"),
    ("per_language", "Per language"),
    ("per_kind", "Per hard kind"),
)


def answers_report(results: dict, out: Path) -> Path:
    modes = list(results["modes"])
    metrics = [
        "key_fact_recall",
        "hit@5",
        "citation_precision",
        "citation_recall",
        "refusal_accuracy",
        "valid_citation_rate",
    ]
    charts = [
        {
            "alt": "Answer quality per mode",
            "png": _png(
                _grouped_bars(
                    metrics,
                    {m: [results["modes"][m]["overall"].get(k) or 0 for k in metrics] for m in modes},
                    "Answers",
                    "score",
                )
            ),
        }
    ]
    for m in modes:
        kinds = results["modes"][m].get("per_kind", {})
        if kinds:
            charts.append(
                {
                    "alt": f"Key-fact recall and hit@5 per hard kind ({m})",
                    "png": _png(
                        _grouped_bars(
                            list(kinds),
                            {k: [kinds[g].get(k) or 0 for g in kinds] for k in ("key_fact_recall", "hit@5")},
                            f"Per hard kind ({m})",
                            "score",
                        )
                    ),
                }
            )
    header = ["mode", *ANSWER_COLUMNS, "bad_citation_answer_rate"]
    rows = [
        [
            m,
            *[results["modes"][m]["overall"].get(k) for k in ANSWER_COLUMNS],
            results["modes"][m]["overall"].get("bad_citation_answer_rate"),
        ]
        for m in modes
    ]
    tables = [{"title": "Overall", "header": header, "rows": rows}]
    for key, title in ANSWER_GROUPS:
        tables.append(
            {
                "title": title,
                "header": ["mode", "group", *ANSWER_COLUMNS],
                "rows": [
                    [m, g, *[v.get(k) for k in ANSWER_COLUMNS]]
                    for m in modes
                    for g, v in results["modes"][m].get(key, {}).items()
                ],
            }
        )
    failures = [
        {
            "name": m,
            "entries": [
                {
                    "id": f["id"],
                    "domain": f["domain"],
                    "question": f["question"],
                    "expected": {},
                    "retrieved": [],
                    "detail": f["why"],
                }
                for f in results["modes"][m]["failures"]
            ],
        }
        for m in modes
    ]
    html = TEMPLATE.render(
        title="Answer evaluation",
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        subtitle=f"{results['questions']} questions",
        charts=charts,
        tables=tables,
        failures=failures,
    )
    path = out / "report.html"
    path.write_text(html, encoding="utf-8")
    return path

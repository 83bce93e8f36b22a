"""Give every gold question without a split its `split` (tune or test), stratified, and never move one that has it.

    .venv/bin/python eval/split_gold.py [--gold eval/gold] [--check]

Why: thresholds and fusion weights are tuned on the gold set (`eval/calibrate.py`), so gating on the same questions
measures the fit, not the quality. The `tune` half is for tuning, the `test` half for the gate and the figures.

The rule, applied to new questions one by one in file order (files sorted, `additions/` last, line order):
a question goes to the half that has fewer questions in its finest stratum that is unbalanced, looking in turn at
(domain, language, first tag and refusal reason), (domain, language), (domain), then the whole set; when every level is balanced, the
parity of a hash of its id decides. Existing assignments are counted, never changed, so adding questions cannot move
an old one, and running the script twice changes nothing. `--check` only reports questions without a split (exit 1).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.evaluation.gold import SPLITS, gold_files, load_gold  # noqa: E402


def strata(item: dict) -> list[tuple]:
    """The levels a question is balanced on, finest first (the whole set last)."""
    domain, language = item.get("domain"), item.get("language")
    first_tag = (item.get("tags") or [""])[0]
    kind = (first_tag, item.get("refuse_reason") or "")
    return [("dlk", domain, language, kind), ("dl", domain, language), ("d", domain), ("all",)]


def choose(item: dict, counts: Counter) -> str:
    for stratum in strata(item):
        tune, test = counts[(stratum, "tune")], counts[(stratum, "test")]
        if tune != test:
            return "tune" if tune < test else "test"
    return SPLITS[int(hashlib.sha256(item["id"].encode()).hexdigest(), 16) % 2]


def assign(gold: Path) -> dict[str, str]:
    """Write a split into every line that has none; return {id: split} of the questions assigned now."""
    load_gold(gold)  # validates every file and the uniqueness of ids before anything is written
    files = gold_files(gold)
    parsed = {f: f.read_text(encoding="utf-8").splitlines() for f in files}
    counts: Counter = Counter()
    for lines in parsed.values():
        for line in lines:
            if line.strip() and not line.lstrip().startswith("//"):
                item = json.loads(line)
                if item.get("split"):
                    for stratum in strata(item):
                        counts[(stratum, item["split"])] += 1
    assigned: dict[str, str] = {}
    for file, lines in parsed.items():
        changed = False
        for number, line in enumerate(lines):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            item = json.loads(line)
            if item.get("split"):
                continue
            item["split"] = choose(item, counts)
            for stratum in strata(item):
                counts[(stratum, item["split"])] += 1
            lines[number] = json.dumps(item, ensure_ascii=False)
            assigned[item["id"]] = item["split"]
            changed = True
        if changed:
            file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return assigned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold", help="gold folder or file")
    parser.add_argument("--check", action="store_true", help="only list questions without a split")
    args = parser.parse_args()
    if args.check:
        missing = [q.id for q in load_gold(args.gold) if q.split is None]
        print(f"{len(missing)} questions without a split" + (f": {', '.join(missing)}" if missing else ""))
        sys.exit(1 if missing else 0)
    assigned = assign(args.gold)
    print(f"assigned {len(assigned)} questions: {Counter(assigned.values())}")
    items = load_gold(args.gold)
    per = Counter((q.domain, q.language, q.split) for q in items)
    for domain, language in sorted({(q.domain, q.language) for q in items}):
        print(
            f"  {domain:11} {language}  tune {per[(domain, language, 'tune')]:3}  test {per[(domain, language, 'test')]:3}"
        )


if __name__ == "__main__":
    main()

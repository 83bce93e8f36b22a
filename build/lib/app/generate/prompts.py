"""Prompts live in `prompts/` as versioned templates (YAML front matter + Jinja2), loaded by name.

Every answer records the name and version of the prompt that produced it, so a change of wording can be traced in
reviews and compared in evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
import yaml

from app.corpus.loader import split_front_matter


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    template: jinja2.Template

    @property
    def ref(self) -> str:
        return f"{self.name}@v{self.version}"

    def render(self, **variables) -> str:
        return self.template.render(**variables).strip()


class PromptNotFound(LookupError):
    pass


@lru_cache(maxsize=32)
def load_prompt(prompts_dir: Path, name: str) -> Prompt:
    path = prompts_dir / f"{name}.md"
    if not path.exists():
        raise PromptNotFound(f"no prompt '{name}' in {prompts_dir}")
    raw, body = split_front_matter(path.read_text(encoding="utf-8"))
    meta = yaml.safe_load(raw or "") or {}
    if meta.get("name") != name or not isinstance(meta.get("version"), int):
        raise PromptNotFound(f"{path}: front matter must declare name: {name} and an integer version")
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
    return Prompt(name=name, version=meta["version"], template=env.from_string(body))

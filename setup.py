"""Build hook: the wheel carries the written corpus, the prompts and the gold set under `app/bundled/`.

They live at the top of the repository (where people edit them), outside the `app` package, so setuptools would
leave them out of a regular (non-editable) install. `app/settings.py` uses the source tree when there is one and
this packaged copy otherwise; `NAVIGATOR_CORPUS_DIR` / `NAVIGATOR_PROMPTS_DIR` still override both.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = {"corpus": "corpus", "prompts": "prompts", "gold": "eval/gold"}


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the source tree itself
            return
        for name, source in BUNDLED.items():
            target = Path(self.build_lib) / "app" / "bundled" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithData})

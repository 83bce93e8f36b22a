"""The README's CLI reference is the commands' real `--help` output: it fails when they drift apart."""

from pathlib import Path

from cogapp import Cog

from app.commands.reference import cli_reference

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_cli_reference_is_up_to_date():
    # cog --check: regenerates the block in memory and fails (exit 5) when the README differs.
    assert Cog().main(["cog", "--check", str(README)]) == 0, "run: .venv/bin/cog -r README.md"


def test_the_reference_lists_every_command_with_its_options():
    reference = cli_reference()
    for command in ("navigator serve", "navigator corpus sync", "navigator users add", "navigator eval answers"):
        assert f"#### `{command}`" in reference
    assert "--workers" in reference and "Usage: navigator serve" in reference

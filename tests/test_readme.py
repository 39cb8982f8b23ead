"""The README's two set-up commands are what a new user and CI run."""

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    """The indented command lines before the README's first horizontal rule."""
    head = (REPOSITORY / "README.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    return [line.strip() for line in head.splitlines() if line.startswith("    ")]


def test_readme_opens_with_exactly_two_setup_commands():
    commands = setup_commands()
    assert len(commands) == 2
    assert commands[0].endswith("grantsheet build")
    assert "pytest" in commands[1] and "libreoffice" in commands[1]


def test_ci_runs_the_readme_test_command_word_for_word():
    ci_lines = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert setup_commands()[1] in ci_lines

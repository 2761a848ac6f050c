"""The rules that keep the code simple, checked on the source itself (DESIGN.md)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "maturity", "assessments", "reports", "api")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _sources(*folders: str) -> list[Path]:
    return [p for f in folders for p in (ROOT / f).rglob("*.py") if "migrations" not in p.parts]


def test_reports_read_assessments_only_through_their_selectors() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _sources("reports")
        if any(
            m == "assessments.models" or m.startswith("assessments.models.") for m in _imports(path)
        )
    ]
    assert offenders == []


def test_the_answer_words_are_defined_in_one_module() -> None:
    word = re.compile(r"""["'](yes|partly|no|na)["']""")
    defined = {
        str(path.relative_to(ROOT)) for path in _sources(*APPS) if word.search(path.read_text())
    }
    # settings.py reads "yes" as a true environment value; score.py's help shows an example.
    assert defined == {
        "maturity/answers.py",
        "config/settings.py",
        "assessments/management/commands/score.py",
    }


def test_scoring_imports_nothing_from_django() -> None:
    for path in _sources("assessments/scoring"):
        imported = _imports(path)
        assert not any(m.split(".")[0] == "django" for m in imported), path
        assert {m for m in imported if m.startswith(("maturity", "assessments"))} <= {
            "maturity.answers",
            "maturity.schema",
        } | {m for m in imported if m.startswith("assessments.scoring")}, path


def test_numbers_are_rounded_by_one_rule() -> None:
    """Pages, charts and exports round through maturity.numbers, never on their own."""
    own_rounding = re.compile(r"\bround\(|:\.\d[f%]|%\.\df")
    allowed = {"maturity/numbers.py", "reports/templatetags/numbers.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in _sources(*APPS)
        if str(path.relative_to(ROOT)) not in allowed and own_rounding.search(path.read_text())
    ]
    assert offenders == []
    template_rounding = re.compile(r"floatformat|widthratio \S+ 1 100|\.toFixed\(")
    assert [
        str(path.relative_to(ROOT))
        for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "static/js").glob("*.js")]
        if template_rounding.search(path.read_text())
    ] == []


def test_no_module_passes_about_400_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in _sources(*APPS)
        if (n := len(p.read_text().splitlines())) > 440
    }
    assert long == {}

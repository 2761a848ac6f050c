import json
from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from assessments.answers_file import AnswersFile, AnswersFileError, parse_answers
from assessments.scoring import input_errors, score
from maturity.schema import DefinitionError, FrameworkDef
from maturity.selectors import framework_definition, framework_version

HELP = """Score an answers file and print the result as JSON (the results page's figures).

The file names a framework and, optionally, a version (default: the latest published).
Give "answers" for one respondent, or "respondents" (a list of {"role", "answers"}) for
several; a file with both is refused, one with neither scores the consensus alone.
"consensus" (agreed answers per question) and "targets" (per subdimension, or "overall")
are optional. A rubric answer is a level number, a statement answer "yes", "partly" or
"no"; "na" means not applicable. Example:

  {"framework": "gartner-iot", "version": 1,
   "answers": {"culture": 2, "ecosystem": "na"},
   "targets": {"overall": 4}}
"""


class _HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's option order, and the help text's own line breaks kept for the example."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the answers file (JSON)")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        answers = _read(file)
        definition = _definition(answers)
        scoring_input = answers.scoring_input()
        problems = input_errors(definition, scoring_input)
        if problems:
            raise CommandError(_lines(f"{file} does not fit {_named(definition)}:", problems))
        result = score(definition, scoring_input)
        self.stdout.write(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))


def _read(file: Path) -> AnswersFile:
    if not file.is_file():
        raise CommandError(f"{file}: no such file")
    try:
        return parse_answers(file.read_bytes())
    except OSError as exc:
        raise CommandError(f"{file}: {exc.strerror}") from None
    except AnswersFileError as exc:
        raise CommandError(_lines(f"{file} is not a valid answers file:", exc.errors)) from None


def _definition(answers: AnswersFile) -> FrameworkDef:
    framework = framework_version(slug=answers.framework, version=answers.version)
    if framework is None:
        if answers.version is None:
            raise CommandError(f"no published framework {answers.framework!r}")
        raise CommandError(f"no framework {answers.framework!r} version {answers.version}")
    try:
        return framework_definition(framework)
    except DefinitionError as exc:
        # Only a draft can break a rule; its author has to fix it before anyone scores.
        heading = f"{framework.slug} version {framework.version} is not a valid definition:"
        raise CommandError(_lines(heading, exc.errors)) from None


def _named(definition: FrameworkDef) -> str:
    return f"{definition.slug} version {definition.version}"


def _lines(heading: str, problems: list[str]) -> str:
    return "\n".join([heading, *(f"  {problem}" for problem in problems)])

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.management.commands.export_framework import framework_version_or_error
from maturity.schema import DefinitionError
from maturity.selectors import framework_definition, previous_framework_definition
from maturity.translation_sheet import MISSING, SOURCE_CHANGED, translation_rows, write_workbook
from maturity.translations import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = (
        "Write every text of a framework version, with its English source, its translation "
        "and a status (missing / translated / source changed), as a spreadsheet for a translator."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version names the framework version here, not Django's.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--version", type=int, dest="framework_version")
        parser.add_argument("--language", required=True, choices=CONTENT_LANGUAGES)
        parser.add_argument("--format", default="xlsx", choices=["xlsx"], dest="file_format")
        parser.add_argument("--output", type=Path, required=True)

    def handle(
        self,
        *args: Any,
        slug: str,
        framework_version: int | None,
        language: str,
        output: Path,
        **options: Any,
    ) -> None:
        framework = framework_version_or_error(slug, framework_version)
        try:
            definition = framework_definition(framework)
        except DefinitionError as exc:
            raise CommandError(
                "This draft breaks the definition rules:\n" + "\n".join(exc.errors)
            ) from None
        rows = translation_rows(definition, language, previous_framework_definition(framework))
        write_workbook(rows, output=output, slug=slug, version=framework.version, language=language)
        missing = sum(row.status == MISSING for row in rows)
        changed = sum(row.status == SOURCE_CHANGED for row in rows)
        self.stdout.write(
            f"{output}: {len(rows)} texts of {slug} v{framework.version} in {language!r}; "
            f"{missing} missing, {changed} with a changed English source."
        )

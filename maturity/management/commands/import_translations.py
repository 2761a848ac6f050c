from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.schema import DefinitionError
from maturity.services import FrameworkRefused, TranslationImport, import_translations
from maturity.translation_sheet import SheetError, read_workbook


class Command(BaseCommand):
    help = (
        "Read a translator's spreadsheet (from export_translations) into a draft version: "
        "the latest draft, or a new one copied from the latest version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--slug", help="The framework, when the sheet does not name it.")
        parser.add_argument("--language", help="The language, when the sheet does not name it.")

    def handle(
        self, *args: Any, file: Path, slug: str | None, language: str | None, **options: Any
    ) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            sheet = read_workbook(file)
            slug, language = slug or sheet.slug, language or sheet.language
            if not slug or not language:
                raise CommandError(
                    f"{file} names no framework or language; give --slug, --language"
                )
            outcome = import_translations(slug=slug, language=language, entries=sheet.entries)
        except (SheetError, DefinitionError) as exc:
            raise CommandError(
                f"{file}: nothing was imported:\n" + "\n".join(f"  {e}" for e in exc.errors)
            ) from None
        except FrameworkRefused as exc:
            raise CommandError(str(exc)) from None
        self._report(outcome, language)

    def _report(self, outcome: TranslationImport, language: str) -> None:
        framework = outcome.framework
        if not framework.is_editable:
            self.stdout.write(
                f"{framework.slug} v{framework.version} ({framework.status}): the sheet "
                "changes nothing, so no draft was made."
            )
        else:
            origin = (
                f", a new draft copied from v{outcome.copied_from.version}"
                if outcome.copied_from
                else ""
            )
            self.stdout.write(
                f"{framework.slug} v{framework.version} (draft{origin}): "
                f"{outcome.changed} translation(s) changed."
            )
        for line in outcome.stale:
            self.stdout.write(f"English changed since export, check: {line}")
        if outcome.missing:
            self.stdout.write(f"{len(outcome.missing)} text(s) still missing in {language!r}:")
            self.stdout.write("\n".join(f"  {path}" for path in outcome.missing))
        elif framework.is_editable:
            self.stdout.write(
                f"Every text has a {language!r} translation; the draft lists it complete."
            )

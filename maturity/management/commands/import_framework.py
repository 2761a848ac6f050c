from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.schema import DefinitionError
from maturity.services import FrameworkRefused, import_framework_file


class Command(BaseCommand):
    help = "Validate a framework definition file and import it in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--draft", action="store_true", help="Import as a draft to review before publishing."
        )

    def handle(self, *args: Any, file: Path, draft: bool, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            outcome = import_framework_file(path=file, publish=not draft)
        except DefinitionError as exc:
            raise CommandError(
                f"{file} is not a valid definition; nothing was imported:\n"
                + "\n".join(f"  {line}" for line in exc.errors)
            ) from None
        except FrameworkRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{outcome.framework}: {outcome.action}")

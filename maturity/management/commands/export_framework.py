from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maturity.schema import DefinitionError, dump_definition
from maturity.selectors import framework_definition, framework_version


class Command(BaseCommand):
    help = "Print a framework version as a definition file (latest published by default)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version names the framework version here, not Django's.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--version", type=int, dest="framework_version")

    def handle(self, *args: Any, slug: str, framework_version: int | None, **options: Any) -> None:
        framework = framework_version_or_error(slug, framework_version)
        try:
            self.stdout.write(dump_definition(framework_definition(framework)), ending="")
        except DefinitionError as exc:
            raise CommandError(
                "This draft breaks the definition rules:\n" + "\n".join(exc.errors)
            ) from None


def framework_version_or_error(slug: str, version: int | None) -> Any:
    framework = framework_version(slug=slug, version=version)
    if framework is None:
        wanted = f"version {version}" if version else "a published version"
        raise CommandError(f"No framework {slug!r} with {wanted}.")
    return framework

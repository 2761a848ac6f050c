from typing import Any

from django.core.management.base import BaseCommand, CommandError

from maturity.schema import DefinitionError
from maturity.services import FrameworkRefused, load_frameworks


class Command(BaseCommand):
    help = "Import every shipped framework under fixtures/frameworks/; running it again is a no-op."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcomes = load_frameworks()
        except (DefinitionError, FrameworkRefused) as exc:
            raise CommandError(str(exc)) from None
        for outcome in outcomes:
            self.stdout.write(f"{outcome.framework}: {outcome.action}")

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from assessments.services import load_demo_people


class Command(BaseCommand):
    help = "Load the shipped frameworks and the demo client with its people; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_frameworks", stdout=self.stdout)
        sign_ins = load_demo_people()
        self.stdout.write("\nDemo sign-ins (local use only):")
        for s in sign_ins:
            self.stdout.write(f"  {s.role:<11} user {s.username:<11} password {s.password}")

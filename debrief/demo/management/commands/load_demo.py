from django.core.management.base import BaseCommand

from debrief.demo.report import render
from debrief.demo.services import load_demo


class Command(BaseCommand):
    help = "Load the demo province 北江省: its organization tree, secretaries and one login per role. Safe to re-run."

    def handle(self, *args, **options):
        self.stdout.write(render(load_demo()))

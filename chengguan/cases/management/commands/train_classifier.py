from django.core.management.base import BaseCommand

from .classifier import add_train_arguments, train_and_store


class Command(BaseCommand):
    help = (
        "Train the model that suggests a category for reports that come without one and store it as a new "
        "version in use: the same as `chengguan classifier train` (kept for the scheduler and the Makefile)."
    )

    def add_arguments(self, parser):
        add_train_arguments(parser)

    def handle(self, *args, history, no_holdout, **options):
        train_and_store(self, history=history, no_holdout=no_holdout)

import time

from django.core.management.base import BaseCommand, CommandError

from chengguan.cases import classify


class Command(BaseCommand):
    help = (
        "Train the model that suggests a category for reports that come without one, from the category "
        "table and the latest cases whose category a dispatcher confirmed, and store it in "
        "DATA_DIR/models/classifier.pkl (running processes pick it up within a minute). Run it after "
        "importing categories and then, say, nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            type=int,
            default=classify.HISTORY_LIMIT,
            metavar="N",
            help="learn from the latest N confirmed cases (default %(default)s)",
        )
        parser.add_argument(
            "--no-holdout",
            action="store_true",
            help="skip measuring the accuracy on the newest fifth of the history",
        )

    def handle(self, *args, history, no_holdout, **options):
        if history < 0:
            raise CommandError("--history must be zero or more.")
        started = time.monotonic()
        model = classify.train(history_limit=history)
        if model is None:
            raise CommandError(
                "There are fewer than two active subclasses to learn: import the categories first."
            )
        seconds = time.monotonic() - started
        path = classify.save(model)
        classes = model.pipeline.named_steps["model"].classes_
        counts = model.counts
        self.stdout.write(
            f"Trained on {counts['table']} samples from the category table and {counts['history']} "
            f"confirmed cases, {counts['classes']} categories, in {seconds:.1f} s."
        )
        self.stdout.write("Categories: " + " ".join(classes))
        if not no_holdout:
            result = classify.holdout_accuracy(history_limit=history)
            if result is None:
                self.stdout.write("Too little history to measure the accuracy (needs 200 confirmed cases).")
            else:
                accuracy, tested = result
                self.stdout.write(f"Accuracy on the newest {tested} cases, held out: {accuracy:.1%}.")
        self.stdout.write(self.style.SUCCESS(f"Saved to {path}."))
        classify.reset()

import time

from django.core.management.base import BaseCommand, CommandError

from chengguan.cases import classifier
from chengguan.cases.classifier import files, history, store
from chengguan.core.actors import SystemActor


class Command(BaseCommand):
    help = (
        "The category suggestion model. `train`: learn from the category table and the latest cases whose "
        "category a dispatcher confirmed, evaluate on the newest fifth held out, store as a new version in "
        "use (running processes pick it up within a minute). `versions`: list the stored versions. "
        "`rollback [--to N]`: put an earlier version back in use. `evaluate --csv FILE --text-col COL "
        "[--title-col COL] --label-col COL [--folds 5]`: cross-validate the same kind of model on any "
        "labelled UTF-8 CSV or XLSX file, or with `--holdout FILE2` learn from all of it and measure on "
        "FILE2 (with the shipped glossary's words for the labels it knows, unless --no-glossary); the "
        "last line is `macro-F1 … accuracy … (N texts, K classes, F-fold)`. "
        "`evaluate --history`: the same on the bureau's closed cases, with the precision and coverage of "
        "auto-dispatch at each confidence threshold."
    )

    def add_arguments(self, parser):
        commands = parser.add_subparsers(
            dest="action", required=True, metavar="train|versions|rollback|evaluate"
        )
        train = commands.add_parser("train", help="train and store a new version")
        add_train_arguments(train)
        commands.add_parser("versions", help="list the stored versions")
        rollback = commands.add_parser("rollback", help="put an earlier version back in use")
        rollback.add_argument("--to", type=int, metavar="N", help="this version (default: the previous one)")
        evaluate = commands.add_parser("evaluate", help="cross-validate on a labelled CSV or XLSX file")
        source = evaluate.add_mutually_exclusive_group(required=True)
        source.add_argument("--csv", metavar="FILE", help="UTF-8 CSV or .xlsx")
        source.add_argument(
            "--history",
            action="store_true",
            help="the bureau's own closed cases: precision and coverage at each confidence threshold",
        )
        evaluate.add_argument("--text-col", metavar="COL")
        evaluate.add_argument("--title-col", metavar="COL")
        evaluate.add_argument("--label-col", metavar="COL")
        evaluate.add_argument(
            "--limit",
            type=int,
            default=classifier.HISTORY_LIMIT,
            metavar="N",
            help="with --history: newest N",
        )
        evaluate.add_argument("--folds", type=int, default=5, metavar="F")
        evaluate.add_argument(
            "--holdout",
            metavar="FILE",
            help="with --csv: learn from all of that file and measure on this one (same columns) "
            "instead of cross-validating",
        )
        evaluate.add_argument("--seed", type=int, default=0, help="how the texts are shuffled into folds")
        evaluate.add_argument(
            "--no-glossary",
            action="store_true",
            help="with --csv: learn from the file alone, without the shipped glossary's words",
        )

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _train(self, *, history, no_holdout, **options):
        train_and_store(self, history=history, no_holdout=no_holdout)

    def _versions(self, **options):
        rows = list(store.versions())
        if not rows:
            self.stdout.write("No stored version: each process trains its own until `classifier train`.")
            return
        self.stdout.write(
            "version  in use  trained at        by                      cases  classes  held-out"
        )
        for row in rows:
            evaluation = row.evaluation or {}
            measured = (
                f"macro-F1 {evaluation['macro_f1']:.3f} accuracy {evaluation['accuracy']:.3f}"
                if evaluation
                else "-"
            )
            self.stdout.write(
                f"{row.version:>7}  {'*' if row.is_active else ' ':^6}  "
                f"{row.created_at:%Y-%m-%d %H:%M}  {row.trained_by[:22]:<22}  "
                f"{row.counts.get('history', 0):>5}  {row.counts.get('classes', 0):>7}  {measured}"
            )

    def _rollback(self, *, to, **options):
        try:
            row = store.rollback(actor=SystemActor("classifier"), to=to)
        except store.NoVersion as error:
            raise CommandError(error.message) from error
        classifier.reset()
        self.stdout.write(self.style.SUCCESS(f"Version {row.version} is in use again."))

    def _evaluate(self, *, csv, history, folds, seed, limit, no_glossary, holdout, **options):
        if folds < 2:
            raise CommandError("--folds must be at least 2.")
        if history:
            return self._evaluate_history(folds=folds, seed=seed, limit=limit)
        docs, labels = read_labelled(csv, options)
        tested = read_labelled(holdout, options) if holdout else None
        started = time.monotonic()
        try:
            if tested:
                evaluation = classifier.held_out(docs, labels, *tested, glossary=not no_glossary)
            else:
                evaluation = classifier.cross_validate(
                    docs, labels, folds=folds, seed=seed, glossary=not no_glossary
                )
        except ValueError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        if tested:
            self.stdout.write(
                f"Learnt from the {len(docs)} texts of {csv}, measured on the {evaluation.texts} of "
                f"{holdout} in {seconds:.1f} s."
            )
        else:
            self.stdout.write(
                f"{evaluation.texts} texts from {csv}, {folds}-fold cross-validation in {seconds:.1f} s."
            )
        self.stdout.write(glossary_line(evaluation, no_glossary=no_glossary))
        self.stdout.write("")
        for line in evaluation.lines():
            self.stdout.write(line)

    def _evaluate_history(self, *, folds, seed, limit):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        started = time.monotonic()
        try:
            report = history.evaluate_history(folds=folds, limit=limit, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.evaluation.texts} closed cases, {folds}-fold cross-validation in "
            f"{time.monotonic() - started:.1f} s."
        )
        self.stdout.write("")
        for line in history.lines(report):
            self.stdout.write(line)


def read_labelled(path, options) -> tuple[list, list]:
    """(docs, labels) from the file, with the columns the options name."""
    text_col, label_col = options.get("text_col"), options.get("label_col")
    missing = [name for name, value in (("--text-col", text_col), ("--label-col", label_col)) if not value]
    if missing:
        raise CommandError(f"With --csv, name the columns: {' and '.join(missing)} missing.")
    try:
        return files.read_labelled(
            path, text_col=text_col, title_col=options.get("title_col"), label_col=label_col
        )
    except files.FileError as error:
        raise CommandError(str(error)) from error


def glossary_line(evaluation, *, no_glossary: bool) -> str:
    if no_glossary:
        return "Learnt from the file alone (--no-glossary)."
    known, words = evaluation.extra["glossary"]["classes"], evaluation.extra["glossary"]["words"]
    if not known:
        return "No class of the file is in a shipped glossary: learnt from the file alone."
    return (
        f"The shipped glossary knows {len(known)} of the {len(evaluation.classes)} classes "
        f"({', '.join(known)}): each model learnt its {words} words too (--no-glossary leaves them out)."
    )


def add_train_arguments(parser):
    parser.add_argument(
        "--history",
        type=int,
        default=classifier.HISTORY_LIMIT,
        metavar="N",
        help="learn from the latest N confirmed cases (default %(default)s)",
    )
    parser.add_argument(
        "--no-holdout",
        action="store_true",
        help="skip measuring the model on the newest fifth of the history",
    )


def train_and_store(command: BaseCommand, *, history: int, no_holdout: bool):
    out = command.stdout
    if history < 0:
        raise CommandError("--history must be zero or more.")
    started = time.monotonic()
    model = classifier.train(history_limit=history)
    if model is None:
        raise CommandError(
            "There are fewer than two active subclasses to learn: import the categories first."
        )
    seconds = time.monotonic() - started
    counts = model.counts
    out.write(
        f"Trained on {counts['table']} samples from the category table, {counts['history']} "
        f"confirmed cases and {counts.get('examples', 0)} dispatchers' corrections, {counts['classes']} "
        f"categories, in {seconds:.1f} s."
    )
    out.write("Categories: " + " ".join(model.classes))
    evaluation = None
    if not no_holdout:
        evaluation = classifier.evaluate_holdout(history_limit=history)
        if evaluation is None:
            out.write(
                f"Too little history to measure the model (needs {classifier.runtime.HOLDOUT_MINIMUM} "
                "confirmed cases)."
            )
        else:
            out.write(
                f"Accuracy on the newest {evaluation.texts} cases, held out: {evaluation.accuracy:.1%} "
                f"(macro-F1 {evaluation.macro_f1:.3f}, calibration error {evaluation.calibration_error:.3f})."
            )
    actor = SystemActor("train_classifier")
    row = classifier.save(model, actor=actor, evaluation=evaluation, seconds=seconds)
    classifier.reset()
    out.write(command.style.SUCCESS(f"Stored as version {row.version}, now in use."))
    return row

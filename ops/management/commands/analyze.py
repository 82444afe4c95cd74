"""Run the language analyzers from scripts.

  manage.py analyze questions FILE    one question per line ("-" reads standard input)
  manage.py analyze feedback FILE     one feedback line per line
  manage.py analyze evaluate          accuracy and macro-F1 on the labelled sets
  manage.py analyze speech MEDIA      transcribe a recording and print its speaking metrics

questions and feedback print one line per item: the label, a tab, then the reason.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from language.evaluate import evaluate_all
from language.feedback import classify_feedback
from language.questions import classify_question
from language.speech import measure
from media.transcribe import heard, model_path, speech_spans, transcribe


class Command(BaseCommand):
    help = "Label questions or feedback, evaluate the analyzers, or measure a recording's speech."

    def add_arguments(self, parser) -> None:
        parser.add_argument("analyzer", choices=["questions", "feedback", "evaluate", "speech"])
        parser.add_argument("file", nargs="?", help="a text file, - for standard input, or media")
        parser.add_argument(
            "--mistakes", action="store_true", help="evaluate: list what was labelled wrongly"
        )

    def handle(self, *args, analyzer: str, file: str | None, mistakes: bool, **options) -> None:
        if analyzer == "evaluate":
            self._evaluate(mistakes)
            return
        if not file:
            raise CommandError(
                f"Give a file to read (or - for standard input): analyze {analyzer} FILE"
            )
        if analyzer == "speech":
            self._speech(Path(file))
            return

        classify = classify_question if analyzer == "questions" else classify_feedback
        for line in self._lines(file):
            if not line.strip():
                continue
            verdict = classify(line)
            self.stdout.write(f"{verdict.kind}\t{verdict.reason}")

    def _lines(self, file: str):
        if file == "-":
            yield from (line.rstrip("\n") for line in sys.stdin)
            return
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error.reason}") from error
        yield from text.splitlines()

    def _evaluate(self, mistakes: bool) -> None:

        for score in evaluate_all():
            labels = ", ".join(f"{k} {v:.2f}" for k, v in sorted(score.per_label.items()))
            self.stdout.write(
                f"{score.name:<20} {score.items:>4} items  accuracy {score.accuracy:.3f}  "
                f"macro-F1 {score.macro_f1:.3f}  (F1: {labels})"
            )
            if mistakes:
                for want, got, text in score.mistakes:
                    self.stdout.write(f"    expected {want}, got {got}: {text}")

    def _speech(self, path: Path) -> None:

        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        model = model_path(settings.TRANSCRIBE_MODEL, settings.DATA_DIR)
        spans = speech_spans(path)
        words = [w.__dict__ for w in heard(transcribe(path, model=model), spans)]
        metrics = measure(words, speech=spans)
        self.stdout.write(
            f"words {metrics.words}  speaking {metrics.speaking_time:.1f} s  "
            f"pace {metrics.pace_wpm:.0f} wpm  pauses {metrics.pauses} "
            f"(longest {metrics.longest_pause:.1f} s)  longest stretch "
            f"{metrics.longest_stretch:.1f} s  fillers {metrics.fillers} "
            f"({metrics.fillers_per_minute:.1f}/min)"
        )
        for directive in metrics.directives:
            self.stdout.write(f"- {directive.metric}: {directive.text}")

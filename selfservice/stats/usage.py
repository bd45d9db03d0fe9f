"""The drop-off funnel and the answers after sending, as the administrator reads them.

Counts come from the counters in :mod:`selfservice.funnel` summed over a period, per language
and channel, with the sums over all languages and over both channels beside them. Every count
below ``FUNNEL_MIN_COUNT`` is hidden, and so is any count that could be worked out from the
shown ones by subtraction (:mod:`selfservice.stats.suppression`, with the sums as its lines),
so that whichever language and channel is chosen, nothing small can be read or derived.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import current_app

from selfservice.bidi import left_to_right
from selfservice.current import current_questionnaire
from selfservice.funnel import feedback
from selfservice.funnel.services import (
    CHANNELS,
    CHECK,
    DURATION_BANDS,
    SENT,
    duration_totals,
    step_totals,
)
from selfservice.i18n import N_, N_plural, Number, Text, counted_text, languages
from selfservice.stats.suppression import Line, suppress

ALL = ""  # every language, or both channels
MEASURES = ("reached", "completed")
TOTAL = "total"  # the number of answers to a question after sending, any answer or none
STEP_LABELS = {CHECK: N_("Kontrollera dina svar"), SENT: N_("Ansökan skickades")}
# A range ("20–30") is one value, isolated left to right: among Arabic words its two numbers
# would otherwise be laid out the other way round ("30–20").
MINUTES, HOURS, DAYS = N_("%(range)s minuter"), N_("%(range)s timmar"), N_("%(range)s dygn")
LONGEST = N_plural("%(num)s dygn eller mer", "%(num)s dygn eller mer")


@dataclass(frozen=True)
class StepRow:
    """One step of a funnel: how many drafts reached and completed it (None: hidden)."""

    step: str
    label: str  # a msgid, or the step's id when the questionnaire no longer has the page
    reached: int | None
    completed: int | None

    @property
    def share_completed(self) -> float | None:
        """The share, in per cent, of those who reached the step that completed it."""
        if self.reached is None or self.completed is None or not self.reached:
            return None
        return 100 * self.completed / self.reached


@dataclass(frozen=True)
class Usage:
    """The period's funnel and answers, hidden where small, for every language and channel."""

    steps: list[tuple[str, str]]  # (step, label msgid) in the order of the journey
    locales: list[str]
    counts: dict[tuple, int | None]  # (locale, channel, step, measure), ALL for sums
    medians: dict[tuple[str, str], tuple[int, int | None] | None]  # band (low, high) minutes
    answers: dict[tuple, int | None]  # (locale, channel, question, answer or TOTAL)

    def funnel(self, locale: str = ALL, channel: str = ALL) -> list[StepRow]:
        return [StepRow(step, label, self.counts[(locale, channel, step, "reached")],
                        self.counts[(locale, channel, step, "completed")])
                for step, label in self.steps]

    def distribution(self, question: str, locale: str = ALL,
                     channel: str = ALL) -> list[tuple[str, int | None]]:
        """Return (label msgid, count) per answer of a question, "no answer" last."""
        choices = feedback.QUESTIONS[question]
        return [*((c.label, self.answers[(locale, channel, question, c.value)])
                  for c in choices),
                (N_("Inget svar"), self.answers[(locale, channel, question, "")])]

    def answered(self, locale: str = ALL, channel: str = ALL) -> int | None:
        return self.answers[(locale, channel, "ease", TOTAL)]


def _steps(found: Iterable[str]) -> list[tuple[str, str]]:
    pages: list[tuple[str, str]] = []
    for page in current_questionnaire().pages:
        if page.id not in dict(pages):
            pages.append((page.id, page.title))
    known = {*dict(pages), CHECK, SENT}
    # Steps of pages since taken out of the questionnaire: kept, under their ids.
    pages += [(step, step) for step in sorted(set(found) - known)]
    return [*pages, (CHECK, STEP_LABELS[CHECK]), (SENT, STEP_LABELS[SENT])]


def _with_sums(cells: dict[tuple, int], locales: list[str],
               inner: list[tuple]) -> tuple[dict[tuple, int], list[Line]]:
    """Add the sums over languages and channels to counts keyed (locale, channel, *inner),
    and return them with the lines (total, parts) that tie each sum to its parts."""
    counts = dict(cells)
    lines: list[Line] = []
    for rest in inner:
        for locale in locales:
            counts[(locale, ALL, *rest)] = sum(cells.get((locale, c, *rest), 0)
                                               for c in CHANNELS)
            lines.append(((locale, ALL, *rest), tuple((locale, c, *rest) for c in CHANNELS)))
        for channel in (*CHANNELS, ALL):
            counts[(ALL, channel, *rest)] = sum(counts.get((loc, channel, *rest), 0)
                                                for loc in locales)
            lines.append(((ALL, channel, *rest), tuple((loc, channel, *rest)
                                                       for loc in locales)))
        lines.append(((ALL, ALL, *rest), tuple((ALL, c, *rest) for c in CHANNELS)))
    for key in [(loc, c, *rest) for loc in locales for c in CHANNELS for rest in inner]:
        counts.setdefault(key, 0)
    return counts, lines


def _median_band(histogram: dict[int, int]) -> tuple[int, int | None] | None:
    """Return the band (low, high minutes; high None for the last) the median falls in; two
    bands together when the middle two applications fall in different bands."""
    total = sum(histogram.values())
    if not total:
        return None
    positions = {(total - 1) // 2, total // 2}
    seen, found = 0, []
    for index, band in enumerate(DURATION_BANDS):
        count = histogram.get(band, 0)
        if any(seen <= p < seen + count for p in positions):
            found.append(index)
        seen += count
    high = found[-1] + 1
    return DURATION_BANDS[found[0]], DURATION_BANDS[high] if high < len(DURATION_BANDS) else None


def band_text(band: tuple[int, int | None]) -> Text:
    """How long a band is, in the unit that reads best: "20–30 minuter", "1–2 dygn"."""
    low, high = band
    if high is None:
        return counted_text(*LONGEST, low // 1440)
    unit, msgid = (1, MINUTES) if high <= 60 else (60, HOURS) if high <= 1440 else (1440, DAYS)
    return Text(msgid, {"range": left_to_right(f"{Number(low / unit)}–{Number(high / unit)}")})


def usage(*, start: date, end: date) -> Usage:
    """Return the funnel, the times to send and the answers after sending of a period."""
    threshold = current_app.config["FUNNEL_MIN_COUNT"]
    found = step_totals(start=start, end=end)
    durations = duration_totals(start=start, end=end)
    answers = feedback.answer_totals(first_month=start.strftime("%Y-%m"),
                                     last_month=end.strftime("%Y-%m"))
    locales = list(dict.fromkeys([*languages(), *(key[0] for key in
                                                  [*found, *durations, *answers])]))
    steps = _steps(step for _l, _c, step in found)
    counts, lines = _step_counts(found, locales, steps)
    answer_counts, answer_lines = _answer_counts(answers, locales)
    return Usage(steps=steps, locales=locales,
                 counts=suppress(counts, lines, counts, threshold),
                 medians=_medians(durations, locales, threshold),
                 answers=suppress(answer_counts, answer_lines, answer_counts, threshold))


def _step_counts(found: dict[tuple[str, str, str], tuple[int, int]], locales: list[str],
                 steps: list[tuple[str, str]]) -> tuple[dict[tuple, int], list[Line]]:
    """Every step's reached and completed counts with their sums, and the lines tying them."""
    cells = {(*key, measure): pair[index] for key, pair in found.items()
             for index, measure in enumerate(MEASURES)}
    counts, lines = _with_sums(cells, locales, [(step, measure) for step, _label in steps
                                                for measure in MEASURES])
    # Sending completes the check page and is the one step reached and completed at once:
    # these three counts are always equal, so one shown would give the others away.
    lines += [line for loc in (*locales, ALL) for ch in (*CHANNELS, ALL)
              for line in (((loc, ch, SENT, "reached"), ((loc, ch, CHECK, "completed"),)),
                           ((loc, ch, SENT, "reached"), ((loc, ch, SENT, "completed"),)))]
    return counts, lines


def _answer_counts(answers: dict[tuple[str, str, str, str], int],
                   locales: list[str]) -> tuple[dict[tuple, int], list[Line]]:
    """Every answer's count, each question's number of answers (TOTAL) and their sums, with
    the lines tying them: a question's answers add up to its total, and both questions have
    the same total (an answer left out counts as "")."""
    cells, inner = dict(answers), []
    codes = {question: [*(c.value for c in choices), ""]
             for question, choices in feedback.QUESTIONS.items()}
    for question, answered in codes.items():
        inner += [(question, code) for code in [*answered, TOTAL]]
        for locale in locales:
            for channel in CHANNELS:
                cells[(locale, channel, question, TOTAL)] = sum(
                    answers.get((locale, channel, question, code), 0) for code in answered)
    counts, lines = _with_sums(cells, locales, inner)
    for loc in (*locales, ALL):
        for ch in (*CHANNELS, ALL):
            lines += [((loc, ch, question, TOTAL), tuple((loc, ch, question, code)
                                                         for code in answered))
                      for question, answered in codes.items()]
            lines.append(((loc, ch, "ease", TOTAL), ((loc, ch, "helped", TOTAL),)))
    return counts, lines


def _medians(durations: dict[tuple[str, str, int], int], locales: list[str],
             threshold: int) -> dict[tuple[str, str], tuple[int, int | None] | None]:
    """The median band per language and channel (and their sums), where enough were sent."""
    medians = {}
    for locale in (*locales, ALL):
        for channel in (*CHANNELS, ALL):
            histogram: dict[int, int] = {}
            for (loc, ch, band), count in durations.items():
                if locale in (ALL, loc) and channel in (ALL, ch):
                    histogram[band] = histogram.get(band, 0) + count
            enough = sum(histogram.values()) >= threshold
            medians[(locale, channel)] = _median_band(histogram) if enough else None
    return medians

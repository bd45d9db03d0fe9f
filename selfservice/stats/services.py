"""Follow-up statistics: labour-market categories by group, agreement and transitions.

Every count is computed in the database with GROUP BY; no adult's row is loaded into Python.
The counts, agreement tables and their totals all derive from one joint count of adults by
self-rated category, current caseworker category, gender and age band, and are suppressed
together (see :mod:`selfservice.stats.suppression`): a count hidden in one table cannot be
worked out from another. :func:`all_tables` keeps a period's tables until a record or a
rating is added or removed, since counting 100 000 records takes most of a second on SQLite.

Which adults count:

- counts and agreement: the adults of records *sent* in the period (``start``..``end``,
  both inclusive, on the date sent; no bound means no limit);
- the *current* caseworker category of an adult is their latest rating made on or before
  ``end`` (all ratings when there is no end), so a past period reads the same later on;
- transitions, per person as KNUT counts them: :mod:`selfservice.stats.transitions`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from itertools import product

from flask import current_app

from selfservice.i18n import N_, Text
from selfservice.questionnaire.model import Questionnaire
from selfservice.questionnaire.vocabulary import CaseworkerTerms
from selfservice.records.layout import AGE_BANDS as _AGE_LIMITS
from selfservice.records.layout import RecordLayout
from selfservice.stats.persons import PersonGroup, person_counts
from selfservice.stats.suppression import THRESHOLD, Line, suppress

AGE_BANDS = (*(band for _limit, band in _AGE_LIMITS), "65+")
NONE, ALL, RATED, UNRATED = "none", "*", "rated", "unrated"

AGE_LABELS = {**{band: band.replace("-", "–") for band in AGE_BANDS}, "<18": N_("Under 18"),
              NONE: N_("Uppgift saknas")}
MISSING_LABEL = N_("Uppgift saknas")
TOTAL_LABEL = N_("Totalt")
NO_SELF_RATING = N_("Ingen egen bedömning")
_AGE = (*AGE_BANDS, NONE)
JointKey = tuple[str, str, str, str]  # (self-rated, caseworker, gender, age band)
Labelled = tuple[tuple[str, str], ...]  # (code, Swedish label) in order


@dataclass(frozen=True)
class Dimensions:
    """What the tables group by, from forms/: the categories and the gender codes.

    Categories come from ``forms/caseworker.yaml``; genders are the choices of the question
    ``forms/record.yaml`` names as each adult's gender.
    """

    categories: Labelled
    genders: Labelled

    @property
    def category_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.categories)

    @property
    def gender_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.genders)

    @property
    def self_values(self) -> tuple[str, ...]:
        return (*self.category_codes, NONE)

    @property
    def caseworker_values(self) -> tuple[str, ...]:
        return (*self.category_codes, UNRATED)

    @property
    def gender_values(self) -> tuple[str, ...]:
        return (*self.gender_codes, NONE)


def dimensions(terms: CaseworkerTerms, questionnaire: Questionnaire,
               layout: RecordLayout) -> Dimensions:
    """Return what the tables group by, for these forms."""
    gender = questionnaire.question(layout.person.gender)
    return Dimensions(categories=tuple((c.value, c.label) for c in terms.categories),
                      genders=tuple((c.value, c.label) for c in gender.choices) if gender else ())


def current_dimensions() -> Dimensions:
    """Return the app's dimensions, read from its forms bundle."""
    extensions = current_app.extensions
    return dimensions(extensions["caseworker_terms"], extensions["questionnaire"],
                      extensions["record_layout"])


@dataclass(frozen=True)
class Table:
    """One published table: labelled rows and columns of counts; None is a suppressed count.

    The last row and the last column are the totals. Labels are Swedish msgids.
    """

    name: str
    title: Text  # shown in the page's language
    row_heading: str
    column_heading: str
    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]
    cells: tuple[tuple[int | None, ...], ...]
    share_agreeing: float | None = None  # agreement tables: share of rated adults who agree
    has_share: bool = False
    has_rated: bool = False  # agreement tables: someone is rated by both (shown or not)

    def labelled_rows(self) -> list[tuple[str, tuple[int | None, ...]]]:
        """Return each row's label with its counts, for templates."""
        return [(label, cells) for (_, label), cells in zip(self.rows, self.cells, strict=True)]

    def cell(self, row: str, column: str) -> int | None:
        """Return the count of one row and column by their codes."""
        return self.cells[[r for r, _ in self.rows].index(row)][
            [c for c, _ in self.columns].index(column)]


def _end_of(day: date) -> datetime:
    """The first moment after ``day``: for the last day there is, the last moment."""
    if day == date.max:
        return datetime.max
    return datetime.combine(day + timedelta(days=1), time.min)


def joint_counts(dims: Dimensions, *, start: date | None = None, end: date | None = None,
                 persons: Counter[PersonGroup] | None = None) -> Counter[JointKey]:
    """Count persons by (self-rated category, current caseworker category, gender, age band).

    Persons, not applications: see :mod:`selfservice.stats.persons` for who counts (or pass
    the period's ``persons`` when they are counted already).
    """
    counts: Counter[JointKey] = Counter()
    if persons is None:
        persons = person_counts(start=start, end=end)
    categories, genders = frozenset(dims.category_codes), frozenset(dims.gender_codes)
    for group, count in persons.items():
        counts[_joint_key(group, categories, genders)] += count
    return counts


@lru_cache(maxsize=1 << 17)
def _joint_key(group: PersonGroup, categories: frozenset[str],
               genders: frozenset[str]) -> JointKey:
    """A group's place in the joint count, remembered per process (a table reads the same
    few thousand groups in every period)."""
    return (group.self_rated if group.self_rated in categories else NONE,
            group.rated if group.rated in categories else UNRATED,
            group.gender if group.gender in genders else NONE,
            group.age_band if group.age_band in AGE_BANDS else NONE)


# --- the joint count's margins and the lines that tie them -------------------------------

def _margins(dims: Dimensions, joint: Counter[JointKey]) -> Counter[JointKey]:
    """Return every margin a table shows; a gender and an age band never appear together."""
    margins: Counter[JointKey] = Counter(dict.fromkeys(_universe(dims), 0))
    for (s, k, g, a), count in joint.items():
        for s2, k2, (g2, a2) in product((s, ALL), (k, ALL) if k == UNRATED else (k, RATED, ALL),
                                        ((g, ALL), (ALL, a), (ALL, ALL))):
            margins[(s2, k2, g2, a2)] += count
    return margins


def _universe(dims: Dimensions) -> list[JointKey]:
    person = [(g, ALL) for g in (*dims.gender_values, ALL)] + [(ALL, a) for a in _AGE]
    return [(s, k, g, a) for s in (*dims.self_values, ALL)
            for k in (*dims.caseworker_values, RATED, ALL) for g, a in person]


@cache
def _lines(dims: Dimensions) -> list[Line]:
    lines: list[Line] = []
    for key in _universe(dims):
        s, k, g, a = key
        if s == ALL:
            lines.append((key, tuple((x, k, g, a) for x in dims.self_values)))
        if k == ALL:
            lines.append((key, ((s, RATED, g, a), (s, UNRATED, g, a))))
        if k == RATED:
            lines.append((key, tuple((s, x, g, a) for x in dims.category_codes)))
        if g == ALL and a == ALL:
            lines.append((key, tuple((s, k, x, ALL) for x in dims.gender_values)))
            lines.append((key, tuple((s, k, ALL, x) for x in _AGE)))
    return lines


# --- tables ----------------------------------------------------------------------------

def _self_rows(dims: Dimensions) -> Labelled:
    return (*dims.categories, (NONE, NO_SELF_RATING), (ALL, TOTAL_LABEL))


def _caseworker_rows(dims: Dimensions) -> Labelled:
    return (*dims.categories, (RATED, TOTAL_LABEL))


def _person_columns(dims: Dimensions, by: str) -> Labelled:
    if by == "gender":
        return (*dims.genders, (NONE, MISSING_LABEL), (ALL, TOTAL_LABEL))
    return (*((v, AGE_LABELS[v]) for v in _AGE), (ALL, TOTAL_LABEL))


@dataclass(frozen=True)
class _Spec:
    name: str
    title: Text  # shown in the page's language
    row_heading: str
    column_heading: str
    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]
    key: Callable[[str, str], JointKey]
    has_share: bool = False

    def cell_keys(self) -> list[JointKey]:
        return [self.key(r, c) for r, _ in self.rows for c, _ in self.columns]


def _count_spec(dims: Dimensions, rating: str, by: str) -> _Spec:
    heading = N_("Kön") if by == "gender" else N_("Åldersgrupp")
    if rating == "self":
        title = (N_("Egen bedömning per kön") if by == "gender"
                 else N_("Egen bedömning per åldersgrupp"))
        rows, row_heading = _self_rows(dims), N_("Egen bedömning")
    else:
        title = (N_("Handläggarens bedömning per kön") if by == "gender"
                 else N_("Handläggarens bedömning per åldersgrupp"))
        rows, row_heading = _caseworker_rows(dims), N_("Handläggarens bedömning")

    def key(row: str, column: str) -> JointKey:
        person = (column, ALL) if by == "gender" else (ALL, column)
        return (row, ALL, *person) if rating == "self" else (ALL, row, *person)

    return _Spec(f"{rating}-by-{by.replace('_', '-')}", Text(title), row_heading, heading, rows,
                 _person_columns(dims, by), key)


AGREEMENT_ALL = N_("Egen bedömning jämfört med handläggarens, alla")
AGREEMENT_GROUP = N_("Egen bedömning jämfört med handläggarens: %(group)s")


def _agreement_spec(dims: Dimensions, gender: str) -> _Spec:
    if gender == ALL:
        title = Text(AGREEMENT_ALL)
    else:
        label = dict(dims.genders).get(gender, MISSING_LABEL)
        title = Text(AGREEMENT_GROUP, {"group": Text(label)})
    return _Spec("agreement" if gender == ALL else f"agreement-{gender}", title,
                 N_("Egen bedömning"), N_("Handläggarens bedömning"), _self_rows(dims),
                 _caseworker_rows(dims), lambda row, column: (row, column, gender, ALL),
                 has_share=True)


def _specs(dims: Dimensions) -> list[_Spec]:
    return [_count_spec(dims, "self", "gender"), _count_spec(dims, "self", "age_band"),
            _count_spec(dims, "caseworker", "gender"),
            _count_spec(dims, "caseworker", "age_band"),
            *(_agreement_spec(dims, g) for g in (ALL, *dims.gender_values))]


def _table(dims: Dimensions, spec: _Spec, shown: dict) -> Table:
    cells = tuple(tuple(shown[spec.key(r, c)] for c, _ in spec.columns) for r, _ in spec.rows)
    share, has_rated = None, False
    if spec.has_share:
        diagonal = [shown[spec.key(c, c)] for c in dims.category_codes]
        rated = [shown[spec.key(c, RATED)] for c in dims.category_codes]
        # Only from shown counts, so that the share reveals nothing the table hides; a
        # hidden count is never zero, so "someone is rated" tells nothing more.
        if None not in diagonal and None not in rated and sum(rated):
            share = sum(diagonal) / sum(rated)
        has_rated = any(count is None or count > 0 for count in rated)
    return Table(spec.name, spec.title, spec.row_heading, spec.column_heading, spec.rows,
                 spec.columns, cells, share, spec.has_share, has_rated)


def tables_from_joint(dims: Dimensions, joint: Counter[JointKey], *,
                      threshold: int | None = THRESHOLD,
                      names: Callable[[str], bool] | None = None) -> list[Table]:
    """Return the count and agreement tables of a joint count, suppressed together for
    publication below ``threshold`` (None: the true counts, for staff, and then only the
    tables ``names`` picks; suppressed tables are always made together)."""
    specs = _specs(dims)
    if threshold is None and names is not None:
        specs = [spec for spec in specs if names(spec.name)]
    margins = _margins(dims, joint)
    keys = [key for spec in specs for key in spec.cell_keys()]
    shown = {key: margins[key] for key in keys} if threshold is None \
        else suppress(margins, _lines(dims), keys, threshold)
    return [_table(dims, spec, shown) for spec in specs]


def _joint_tables(start: date | None, end: date | None, threshold: int | None = THRESHOLD,
                  persons: Counter[PersonGroup] | None = None,
                  names: Callable[[str], bool] | None = None) -> list[Table]:
    dims = current_dimensions()
    return tables_from_joint(dims, joint_counts(dims, start=start, end=end, persons=persons),
                             threshold=threshold, names=names)


def category_counts(*, rating: str, by: str, start: date | None = None,
                    end: date | None = None, threshold: int | None = None) -> Table:
    """Count persons by self-rated (``rating="self"``) or current caseworker category.

    ``by`` is ``"gender"`` or ``"age_band"``; the caseworker table counts rated persons only.
    True counts unless a publication ``threshold`` is given.
    """
    if rating not in {"self", "caseworker"} or by not in {"gender", "age_band"}:
        raise ValueError(f"Unknown table: rating={rating!r}, by={by!r}")
    name = f"{rating}-by-{by.replace('_', '-')}"
    return next(t for t in _joint_tables(start, end, threshold, names=name.__eq__)
                if t.name == name)


def agreement(*, start: date | None = None, end: date | None = None,
              threshold: int | None = None) -> list[Table]:
    """Return self-rated × current caseworker category: all persons first, then per gender.
    True counts unless a publication ``threshold`` is given."""
    def is_agreement(name: str) -> bool:
        return name.startswith("agreement")
    return [t for t in _joint_tables(start, end, threshold, names=is_agreement)
            if is_agreement(t.name)]


def all_tables(*, start: date, end: date, threshold: int | None = None,
               persons: Counter[PersonGroup] | None = None) -> list[Table]:
    """Return every count and agreement table for the period: the true counts for staff
    (``threshold`` None), or suppressed together for publication below ``threshold``.

    Counted afresh each time from the follow-up state kept per person, so a new record or
    rating shows at once.
    """
    return _joint_tables(start, end, threshold, persons)

"""``flask --app wsgi demo-data N``: synthetic households for demos and benchmarks."""

from __future__ import annotations

import os
import time

import click
from flask.cli import with_appcontext

from selfservice import database
from selfservice.database import needs_database
from selfservice.stats import tallies
from selfservice.stats.demo import BATCH_SIZE, create_households


@click.command("demo-data")
@click.argument("count", type=click.IntRange(min=1))
@click.option("--seed", default=1, show_default=True, help="Seed, for the same data again.")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True,
              help="Households per transaction.")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Processes that build households [default: 2 from 5000 households, else 0].")
@with_appcontext
@needs_database
def demo_data_command(count: int, seed: int, batch_size: int, workers: int | None) -> None:
    """Create COUNT synthetic households through the form engine, with caseworker ratings."""
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if count >= 5000 else 0
    started = time.perf_counter()
    for progress in create_households(count, seed=seed, batch_size=batch_size,
                                      workers=workers):
        elapsed = time.perf_counter() - started
        click.echo(f"{progress.made}/{progress.total} households ({elapsed:.0f} s)")
    click.echo(f"Created {count} demo households in {time.perf_counter() - started:.1f} s.")


@click.command("stats-rebuild")
@with_appcontext
@needs_database
def stats_rebuild_command() -> None:
    """Recompute every person's follow-up state from the records and ratings.

    The state is kept up to date with every write; run this once after upgrading to the
    migration that added it, or to check that the kept state equals a fresh count.
    """
    started = time.perf_counter()
    session = database.session()
    persons = tallies.rebuild(session.connection())
    session.commit()
    click.echo(f"Follow-up rebuilt for {persons} persons in "
               f"{time.perf_counter() - started:.1f} s.")

"""The command line's planning (issue 11): planned income and bills, the forecast, and the settings.

``planned add|list|update|delete|record|dismiss``, ``forecast`` (with ``--with-body`` or ``--with-file``, routines
that are not made are simulated and nothing is written) and ``settings``.
"""

from __future__ import annotations

import argparse
from typing import Any

from astra_tui.cli.context import Context
from astra_tui.cli.output import emit, json_text, print_table, transaction_rows
from astra_tui.cli.shapes import forecast_json, planned_json, transaction_json
from astra_tui.core.read.db import Reader
from astra_tui.core.words import plural


def _planned(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read import accounts, people
    from astra_tui.core.read import planned as read_planned

    if a.action == "list":
        def query(db: Reader) -> list[dict[str, Any]]:
            user_id = people.find_user(db, a.user).id if a.user else None
            account_id = accounts.account(db, a.account).id if a.account else None
            items = read_planned.planned_items(db, user_id, account_id, a.all, a.limit)
            return [planned_json(item, news) for item, news in read_planned.news_of(db, items, ctx.clock.today())]

        rows = ctx.read(query)
        emit(a.json, rows, lambda: _planned_rows(rows))
        return
    if a.action in ("record", "dismiss"):
        _act_on_date(ctx, a)
        return
    from astra_tui.core import planned  # the changes (and SQLModel with them): not for a list

    if a.action == "add":
        item = ctx.perform(lambda s, c: planned.add_planned(s, c, a.user, a.account, a.description, a.amount, a.date,
                                                           a.every, a.until))
    elif a.action == "update":
        changes: dict[str, Any] = {"description": a.description, "amount": a.amount, "start_on": a.date}
        if a.every is not None:
            changes["every"] = a.every
        if a.until is not None:
            changes["until"] = a.until
        item = ctx.perform(lambda s, c: planned.update_planned(s, c, a.id, **changes))
    else:
        item = ctx.perform(lambda s, c: planned.delete_planned(s, c, a.id))
    def show(db: Reader) -> dict[str, Any]:
        [(row, news)] = read_planned.news_of(db, [read_planned.planned_item(db, item.id)], ctx.clock.today())
        return planned_json(row, news)

    data = ctx.read(show)
    emit(a.json, data, lambda: _planned_rows([data]))


def _planned_rows(rows: list[dict[str, Any]]) -> None:
    print_table(("ID", "USER", "ACCOUNT", "DESCRIPTION", "AMOUNT", "WHEN", "NEXT", "EXPECTED", "STATUS"),
                [(r["id"], r["user_id"], r["account_id"], r["description"], r["amount"], r["schedule"],
                  r["next_on"] or "-", ", ".join(r["expected"]) or "-", r["status"]) for r in rows])


def _act_on_date(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core import planned

    if a.action == "record":
        occurrence, txn = ctx.perform(lambda s, c: planned.record_planned(s, c, a.id, a.date, a.amount))
        recorded = transaction_json(txn)
    else:
        occurrence = ctx.perform(lambda s, c: planned.dismiss_planned(s, c, a.id, a.date))
        recorded = None
    data = {"planned_id": occurrence.planned_id, "due_on": occurrence.due_on.isoformat(),
            "outcome": occurrence.outcome, "transaction": recorded}

    def text() -> None:
        print(f"Planned {data['planned_id']}: {data['due_on']} {data['outcome']}")
        if recorded is not None:
            transaction_rows([recorded])

    emit(a.json, data, text)


def _forecast(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.errors import AstraError
    from astra_tui.core.forecast import draft_routines, forecast
    from astra_tui.core.read import accounts, people

    models: list[Any] = []
    as_list = False
    field = "with-body" if a.with_file is None else "with-file"
    if a.with_body is not None or a.with_file is not None:
        from astra_tui.core import bodies
        from astra_tui.core import routines as changes

        text = json_text(a.with_body, a.with_file, field)  # its errors name the field already
        try:
            models, as_list = bodies.parse_bodies(bodies.load_json(text))
        except AstraError as exc:
            raise exc.within(field) from None

    def whose(db: Reader) -> tuple[int | None, int | None]:
        """The person (whose routines a what-if makes) and the account looked at: --user, else the account's
        owner, else the current person (someone else's account shows what they would receive)."""
        account = accounts.account(db, a.account) if a.account else None
        user = people.find_user(db, a.user) if a.user else None
        if user is not None:
            return user.id, account.id if account else None
        if account is not None:
            return account.user_id, account.id
        return people.current_user_id(db), None

    user_id, account_id = ctx.read(whose)
    if models:
        if user_id is None:
            raise AstraError("user", "there is no one yet to make routines for")
        # The routines are checked as creating them would be (the ledger's rules too), then rolled back.
        from astra_tui.core.service import dry_run

        try:
            dry_run(ctx.engine(), ctx.clock, lambda s, c: changes.create_routines(s, c, user_id, models, as_list))
        except AstraError as exc:
            raise exc.within(field) from None

    def read(db: Reader) -> dict[str, Any]:
        drafts = draft_routines(db, user_id, models, ctx.clock.today()) if models and user_id else []
        return forecast_json(forecast(db, ctx.clock, user_id, account_id=account_id, days=a.days, drafts=drafts))

    data = ctx.read(read)
    emit(a.json, data, lambda: _forecast_text(data))


def _forecast_text(data: dict[str, Any]) -> None:
    print(f"Forecast from {data['from']} to {data['to']}")
    print_table(("ID", "ACCOUNT", "TODAY", "LOWEST", "ON", "END"),
                [(x["id"], x["name"], x["today"], x["lowest"], x["lowest_on"], x["end"]) for x in data["accounts"]])
    failures = [r for r in data["runs"] if r["outcome"] == "failed"]
    print()
    if failures:
        print("Predicted failures:")
        for r in failures:
            print(f"  {r['due_on']}  {r['routine_name']}: {r['why']}")
    else:
        print("No run is predicted to fail.")
    moved = sum(1 for r in data["runs"] if r["outcome"] == "transferred")
    counted = len(data["planned"])
    print(f"{plural(moved, 'run')} would move money; {plural(counted, 'planned date')} "
          f"{'is' if counted == 1 else 'are'} counted on.")
    for note in data["notes"]:
        print(note)


def _settings(ctx: Context, a: argparse.Namespace) -> None:
    from astra_tui.core.read.settings import warning_days

    if a.warning_days is not None:
        from astra_tui.core.settings import set_warning_days

        ctx.perform(lambda s, c: set_warning_days(s, c, a.warning_days))
    data = {"warning_days": ctx.read(warning_days)}
    emit(a.json, data, lambda: print(f"Warn about runs predicted to fail within {data['warning_days']} days."))


PLANNING = {"planned": _planned, "forecast": _forecast, "settings": _settings}

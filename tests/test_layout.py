"""Every screen fits the terminal it is in: read at 80x24 and 120x40 the way a person would, from
the characters on the screen. The words that matter (why a transfer failed, a notification, a
capped amount) are there in full, without scrolling sideways; short content is not padded out
with empty boxes; toasts never cover a dialog's buttons."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from sqlmodel import Session, col, select

from astra_tui.core import routines
from astra_tui.core.bodies import parse_body
from astra_tui.core.service import perform
from astra_tui.db.models import Account, Notification, Transfer, User
from astra_tui.ui.fit import Col, fit_widths
from astra_tui.ui.screens.summary import SinceLastRunScreen
from tests.ui_helpers import demo_app, keys, settle

SIZES = [(80, 24), (120, 40)]
CHROME = "▁▂▃▄▅▆▇█▉▊▋▌▍▎▏▔"  # borders and scroll bars, not words


def screen_lines(app: Any) -> list[str]:
    """The characters on the terminal, one string a line (the top screen and what shows behind it)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def words(text: str) -> str:
    return " ".join(text.translate({ord(c): " " for c in CHROME}).split())


def column_text(app: Any, header: str) -> str:
    """What a person reads down the column headed ``header`` (a last column), wrapped lines joined."""
    lines = screen_lines(app)
    top = next(i for i, line in enumerate(lines) if header in line)
    start = lines[top].index(header)
    return words(" ".join(line[start:] for line in lines[top + 1:]))


def with_failed_transfer(app: Any) -> Any:
    """A quick transfer from Bills of more than it holds: it fails at once."""
    def act(s: Session, c: Any) -> None:
        alex = s.exec(select(User).where(User.name == "Alex")).one()
        ids = {a.name: a.id for a in s.exec(select(Account))}
        routines.create_routine(s, c, alex, parse_body({
            "type": "one-time", "name": "Pay the plumber back for the boiler", "source_id": ids["Bills"],
            "destination_id": ids["Savings"], "amount": 900}))

    perform(app.engine, app.clock, act)
    with Session(app.engine) as s:
        failed = s.exec(select(Transfer).where(Transfer.status == "failed")).one()
        message = s.exec(select(Notification.message).where(col(Notification.message).contains("failed —"))).one()
    return failed, message


def run(app: Any, size: tuple[int, int], flow: Any, notifications: bool = False) -> None:
    async def main() -> None:
        async with app.run_test(size=size, notifications=notifications) as pilot:
            await settle(pilot)
            if isinstance(app.screen, SinceLastRunScreen):
                await keys(pilot, "enter")
            await flow(pilot)

    asyncio.run(main())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_shows_why_a_transfer_failed_and_its_amount_without_scrolling(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")
    failed, _ = with_failed_transfer(app)

    async def flow(pilot: Any) -> None:
        await keys(pilot, "3")
        table = app.screen.query_one("#history")
        assert table.virtual_size.width <= table.size.width  # nothing to the right, out of sight
        assert failed.reason and failed.reason in column_text(app, "Reason")
        row = next(line for line in screen_lines(app) if failed.reason[:10] in line)
        assert "$900.00" in row

    run(app, size, flow)


def test_history_reason_stays_readable_when_the_terminal_shrinks(tmp_path):
    app = demo_app(tmp_path / "demo.db")
    failed, _ = with_failed_transfer(app)

    async def flow(pilot: Any) -> None:
        await keys(pilot, "3")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        table = app.screen.query_one("#history")
        assert table.virtual_size.width <= table.size.width
        assert failed.reason in column_text(app, "Reason")

    run(app, (140, 40), flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_notification_messages_are_read_in_full(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")
    _, message = with_failed_transfer(app)

    async def flow(pilot: Any) -> None:
        await keys(pilot, "4")
        assert words(message) in column_text(app, "Message")

    run(app, size, flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history_filters_show_their_choices_on_one_line(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "3", "slash", "enter", "down", "down", "enter")  # status: Processed
        bar = next(line for line in screen_lines(app) if "All accounts" in line)
        assert "Processed" in bar and "All routines" in bar

    run(app, size, flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_routines_list_shows_every_column_without_scrolling(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "2")
        table = app.screen.query_one("#routines")
        assert table.virtual_size.width <= table.size.width
        assert "Status · next run" in "\n".join(screen_lines(app))

    run(app, size, flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_wizard_review_shows_the_whole_capped_note(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "n", "down", "down", "enter", "ctrl+n")  # a recurring transfer, accounts as offered
        amount = app.screen.query_one("#f-amount")
        amount.focus()
        amount.value = "99999"
        await keys(pilot, "ctrl+n")
        assert "capped at the transfer limit ($99,999.00 asked)" in column_text(app, "Note")

    run(app, size, flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_accounts_table_is_as_tall_as_its_rows_with_the_total_right_beneath(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        lines = screen_lines(app)
        last_account = max(i for i, line in enumerate(lines) if line.startswith(" Bills "))
        assert lines[last_account + 1].strip().startswith("Total $")
        assert "an account's transactions" in "\n".join(lines[last_account:])  # what to do next, just below

    run(app, size, flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_since_last_run_dialog_is_as_big_as_its_lines(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await settle(pilot)
        assert isinstance(app.screen, SinceLastRunScreen)
        lines = len(app.screen.since.lines)
        dialog = app.screen.query_one(".dialog")
        # border 2, title 2, the lines, a gap 1, the button 3: nothing more
        assert dialog.size.height <= lines + 8
        assert dialog.size.width < size[0] * 0.9

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await flow(pilot)

    asyncio.run(main())


def test_help_keeps_each_key_beside_its_words_at_80_columns(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "question_mark")
        text = "\n".join(screen_lines(app))
        for phrase in ("command palette", "record purchase", "pause / activate", "previous page"):
            assert phrase in text  # on one line, not broken to the next line's start

    run(app, (80, 24), flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_toasts_never_cover_the_open_account_forms_buttons(tmp_path, size):
    from textual.widgets import Button
    from textual.widgets._toast import Toast

    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "o")
        app.notify("Still catching up — one moment.", severity="warning")
        app.notify("Monthly saving: moved $200.00 from Checking to Savings", title="2 new notifications")
        await settle(pilot)
        toasts = list(app.screen.query(Toast))
        buttons = list(app.screen.query(Button))
        assert toasts and buttons
        for toast in toasts:
            for button in buttons:
                assert not toast.region.overlaps(button.region), f"a toast covers {button.label}"
        for field in app.screen.query("Input, Select"):
            assert all(not t.region.overlaps(field.region) for t in toasts), "a toast covers a field"

    run(app, size, flow, notifications=True)


def test_open_account_form_fits_at_80x24_with_room_around_it(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "o")
        assert app.screen.query_one(".dialog").size.height <= 20

    run(app, (80, 24), flow)


def test_fit_widths_gives_the_flexible_column_the_rest_and_shrinks_others_for_it():
    cols = [Col("when", "When"), Col("route", "Route", least=10), Col("reason", "Reason", flex=True, least=12)]
    assert fit_widths(cols, [10, 30, 20], 100) == [10, 30, 60]  # room for all: the last column runs to the edge
    assert fit_widths(cols, [10, 30, 20], 50) == [10, 20, 20]  # the route gives way so the reason reads whole
    assert fit_widths(cols, [10, 30, 40], 40) == [10, 10, 20]  # never below its least; the reason wraps
    middle = [Col("date", "Date"), Col("what", "What", flex=True, least=5), Col("amount", "Amount")]
    assert fit_widths(middle, [10, 12, 9], 60) == [10, 12, 9]  # a middle column takes only what it needs


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_short_history_has_its_page_line_right_beneath_the_rows(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "3")
        lines = screen_lines(app)
        last_row = max(i for i, line in enumerate(lines) if "Pay back lunch" in line)
        assert re.fullmatch(r"\d+ transfers", lines[last_row + 1].strip())  # one page: its count, no paging

    run(app, size, flow)


def test_a_paused_routine_reads_paused_in_the_list_and_its_detail(tmp_path):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "2", "down", "down", "space")  # pause "Monthly saving"
        await settle(pilot)
        row = next(i for i, line in enumerate(screen_lines(app)) if "Monthly saving" in line)
        assert "paused" in screen_lines(app)[row] and "inactive" not in " ".join(screen_lines(app))
        await keys(pilot, "enter")
        await settle(pilot)
        assert "status paused" in words(" ".join(screen_lines(app)))

    run(app, (80, 24), flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_nav_bar_names_every_place_in_one_line(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        bar = screen_lines(app)[1]
        assert "1 Accounts" in bar and "6 Forecast" in bar and "7 Plans" in bar
        assert bar.rstrip().endswith("q Quit" if size[0] >= 100 else "f5 ? q")

    run(app, size, flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_forecast_reads_why_a_run_would_fail_in_full(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        await keys(pilot, "6")
        assert "Bills would hold $215.00 and the run needs $400.00" in column_text(app, "Note")
        lines = screen_lines(app)
        assert any(line.strip().startswith("━ Checking") for line in lines), "\n".join(lines)  # the legend table
        assert any("Nov 22" in line for line in lines)  # today, at the left of the chart's dates

    run(app, size, flow)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_three_year_forecast_fits_and_says_how_much_it_lists(tmp_path, size):
    app = demo_app(tmp_path / "demo.db")

    async def flow(pilot: Any) -> None:
        from textual.widgets import Select

        await keys(pilot, "6")
        app.screen.query_one("#f-days", Select).value = 1096
        await settle(pilot)
        assert app.screen.virtual_size.height <= size[1]  # the screen itself never scrolls: nothing pushed off
        lines = screen_lines(app)
        said = words(" ".join(lines))
        assert re.search(r"100 of [\d,]+ runs listed", said)  # a long horizon lists the first 100, and says so
        assert "Round-ups count planned bills only" in said
        assert any("Nov 2026" in line and "Nov 2029" in line for line in lines)  # the ends of the axis differ

    run(app, size, flow)

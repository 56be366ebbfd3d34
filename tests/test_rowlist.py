"""The long lists' widget (issue 13 §1): it draws the rows it holds a line at a time, fits its columns to the
terminal, and moves its cursor with the keys and the mouse; on the history it holds one page, never the book."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult

from astra_tui.ui.fit import Col
from astra_tui.ui.rowlist import RowList
from tests.test_layout import screen_lines, words
from tests.ui_helpers import keys, settle

REASON = "Bills would hold $215.00 and the run needs $400.00: skipped for now"  # two lines at 80 columns


class ListApp(App[None]):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows
        self.picked: list[int] = []
        self.ready = True  # as the astra app says once its launch work is done (tests.ui_helpers.settle)

    def compose(self) -> ComposeResult:
        yield RowList(Col("when", "Date"), Col("amount", Text("Amount", justify="right")),
                      Col("route", "From → To", least=12, elide=True), Col("reason", "Reason", flex=True, least=24),
                      id="list")

    def on_mount(self) -> None:
        self.query_one(RowList).fill([((f"2026-11-{1 + i % 28:02d}", Text(f"${i}.00", justify="right"),
                                        f"Checking → Savings {i}", REASON if i % 3 == 0 else ""), str(i))
                                      for i in range(self.rows)])
        self.query_one(RowList).focus()

    def on_row_list_selected(self, message: RowList.Selected) -> None:
        self.picked.append(message.row)


def run(app: ListApp, size: tuple[int, int], flow: Any) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await flow(pilot, app.query_one(RowList))

    asyncio.run(main())


def test_the_reason_reads_whole_at_80_columns_and_is_fitted_again_when_the_terminal_widens():
    seen: dict[str, Any] = {}

    async def flow(pilot: Any, rows: RowList) -> None:
        lines = screen_lines(pilot.app)
        start = lines[0].index("Reason")
        seen["80"] = words(" ".join(line[start:] for line in lines[1:3]))
        seen["80 height"] = rows._heights[0]
        # Every column left of the scroll bar, which covers the last two cells of the widget.
        seen["80 fits"] = sum(rows.widths) + 2 * len(rows.widths) <= rows.size.width - 2
        await pilot.resize_terminal(160, 24)
        await settle(pilot)
        seen["160 height"] = rows._heights[0]
        seen["160 line"] = screen_lines(pilot.app)[1]

    run(ListApp(30), (80, 24), flow)
    assert seen["80"] == words(REASON)  # wrapped onto two lines, every word there
    assert seen["80 height"] == 2 and seen["80 fits"]
    assert seen["160 height"] == 1 and REASON in seen["160 line"]


def test_the_cursor_follows_the_keys_and_stays_in_view():
    seen: dict[str, Any] = {}

    async def flow(pilot: Any, rows: RowList) -> None:
        await keys(pilot, "down", "down")
        seen["down"] = rows.cursor_row
        await keys(pilot, "end")
        seen["end"] = rows.cursor_row
        seen["end shown"] = "$59.00" in "\n".join(screen_lines(pilot.app))
        seen["header kept"] = "Reason" in screen_lines(pilot.app)[0]
        await keys(pilot, "home")
        seen["home"], seen["scroll"] = rows.cursor_row, rows.scroll_y
        await keys(pilot, "pagedown")
        seen["pagedown"] = rows.cursor_row
        await keys(pilot, "up")
        seen["up"] = rows.cursor_row

    run(ListApp(60), (80, 24), flow)
    assert seen["down"] == 2 and seen["end"] == 59 and seen["end shown"] and seen["header kept"]
    assert seen["home"] == 0 and seen["scroll"] == 0
    # 23 lines under the header, rows of two lines (a reason) and one: a page down is 15 rows on.
    assert 10 <= seen["pagedown"] <= 23 and seen["up"] == seen["pagedown"] - 1


def test_a_click_moves_the_cursor_and_a_double_click_or_enter_selects():
    seen: dict[str, Any] = {}

    async def flow(pilot: Any, rows: RowList) -> None:
        # Row 0 takes lines 1–2 (its reason wraps at 80 columns), row 1 line 3, row 2 line 4.
        await pilot.click(RowList, offset=(3, 4))
        await settle(pilot)
        seen["click"] = rows.cursor_row
        await pilot.click(RowList, offset=(3, 3), times=2)
        await settle(pilot)
        seen["double"] = rows.cursor_row
        await keys(pilot, "enter")

    app = ListApp(10)
    run(app, (80, 24), flow)
    assert seen["click"] == 2 and seen["double"] == 1
    assert app.picked == [1, 1]


def test_the_cursor_row_is_drawn_in_the_cursor_style_and_others_are_not():
    seen: dict[str, Any] = {}

    async def flow(pilot: Any, rows: RowList) -> None:
        cursor = rows.get_component_rich_style("rowlist--cursor").bgcolor
        await keys(pilot, "down")
        seen["backgrounds"] = [{seg.style.bgcolor for seg in rows.render_line(y) if seg.style} for y in (1, 3, 4)]
        seen["cursor"] = cursor

    run(ListApp(10), (80, 24), flow)
    first, second, third = seen["backgrounds"]
    assert second == {seen["cursor"]} and seen["cursor"] not in first | third


def test_the_history_keeps_its_cursor_when_it_reads_again_and_applies_a_date_left_with_tab(tmp_path):
    from tests.test_layout import run as run_app
    from tests.ui_helpers import demo_app

    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        await keys(pilot, "3", "down", "down")
        history = app.screen.query_one("#history", RowList)
        await keys(pilot, "question_mark", "escape")  # help, and back: the page is read again
        seen["after help"] = history.cursor_row
        await keys(pilot, "1", "3")  # another screen, and back
        seen["after accounts"] = history.cursor_row
        await keys(pilot, "slash", "tab", "tab", "tab", *"2026-11-23", "tab")  # the from date, left with Tab
        seen["filtered"] = [row.scheduled_for.isoformat() for row in app.screen.rows]
        seen["cursor"] = history.cursor_row

    run_app(app, (100, 30), flow)
    assert seen["after help"] == 2 and seen["after accounts"] == 2
    assert seen["filtered"] == ["2026-11-23"] and seen["cursor"] == 0  # another list starts at its top


def test_the_history_is_built_unseen_once_ready_and_shows_a_change_made_meanwhile_by_another_process(tmp_path):
    from astra_tui.core import ledger
    from astra_tui.core.service import apply
    from tests.test_layout import run as run_app
    from tests.ui_helpers import demo_app

    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        seen["built"] = "history" in app._screen_stacks and app.current_mode == "accounts"
        # The command line in another terminal: a quick transfer straight from the core, not through the app.
        from astra_tui.core import routines
        from astra_tui.core.bodies import parse_body

        apply(app.engine, app.clock, lambda s, c: routines.create_routine(s, c, ledger.find_user(s, "Alex"), parse_body(
            {"type": "one-time", "name": "Coffee money", "source_id": 1, "destination_id": 2, "amount": 3})))
        from astra_tui.core.processor import process_due

        process_due(app.engine, app.clock)  # and `astra-tui process` there moves it
        await keys(pilot, "3")
        seen["lines"] = "\n".join(screen_lines(pilot.app))

    run_app(app, (100, 30), flow)
    assert seen["built"]
    assert "Coffee money · " in seen["lines"]


def test_read_again_the_cursor_stays_on_its_row_and_the_view_stays_put():
    seen: dict[str, Any] = {}

    async def flow(pilot: Any, rows: RowList) -> None:
        await keys(pilot, *["down"] * 20)  # well down the list: it has scrolled
        key, scroll = rows.row_key(rows.cursor_row), rows.scroll_y
        newer = [(("2026-11-29", Text("$1.00", justify="right"), "Checking → Savings new", ""), "new")]
        rows.fill(newer + list(rows.filled), keep_cursor=True)  # one row more above it, as processing adds
        await settle(pilot)
        seen["key"], seen["was"], seen["scroll"], seen["scroll was"] = rows.row_key(rows.cursor_row), key, \
            rows.scroll_y, scroll
        rows.fill(list(rows.filled))  # another list: the top
        await settle(pilot)
        seen["top"] = (rows.cursor_row, rows.scroll_y)

    run(ListApp(60), (80, 24), flow)
    assert seen["key"] == seen["was"] and seen["scroll"] >= seen["scroll was"] > 0
    assert seen["top"] == (0, 0)


def test_a_half_typed_date_is_not_judged_when_the_terminal_window_loses_focus(tmp_path):
    from textual import events
    from textual.widgets import Static

    from tests.test_layout import run as run_app
    from tests.ui_helpers import demo_app

    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        await keys(pilot, "3", "slash", "tab", "tab", "tab", *"2026-11")
        app.post_message(events.AppBlur())
        await settle(pilot)
        seen["error"] = str(app.screen.query_one("#filter-error", Static).render())

    run_app(app, (100, 30), flow)
    assert seen["error"] == ""


def test_a_page_that_comes_while_the_filter_controls_are_being_built_gives_them_its_choices(tmp_path):
    from astra_tui.ui.base import DataScreen
    from tests.test_layout import run as run_app
    from tests.ui_helpers import demo_app

    app = demo_app(tmp_path / "demo.db")
    seen: dict[str, Any] = {}

    async def flow(pilot: Any) -> None:
        await keys(pilot, "3")
        screen = app.screen
        screen.choices_for = None  # as after switching person: the page brings the choices again
        data = screen.read()
        screen.account_choices = []
        screen.post_message(DataScreen.Loaded(data))
        await screen.run_action("filter")  # in the same tick
        await settle(pilot)
        seen["accounts"] = [label for label, _ in screen.query_one("#f-account")._options]

    run_app(app, (100, 30), flow)
    assert seen["accounts"][:2] == ["All accounts", "Checking"]

"""Monthly statements (issue 12 §7): for an account and a month, the opening balance, every transaction with
the balance after it, the totals in and out, and the closing balance — as text, CSV or one self-contained
HTML page (its style inside it, no scripts, nothing fetched)."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import html
import io
from dataclasses import dataclass

from astra_tui.core.errors import AstraError
from astra_tui.core.money import format_money, money_json
from astra_tui.core.read import accounts
from astra_tui.core.read import exports as read_exports
from astra_tui.core.read.db import Reader

FORMATS = ("text", "csv", "html")


@dataclass(frozen=True)
class Line:
    posted_on: str
    description: str
    amount: int
    balance: int  # after it


@dataclass(frozen=True)
class Statement:
    account: str
    person: str
    kind: str
    month: str  # YYYY-MM
    first: dt.date
    last: dt.date
    opening: int
    lines: list[Line]

    @property
    def money_in(self) -> int:
        return sum(x.amount for x in self.lines if x.amount > 0)

    @property
    def money_out(self) -> int:
        return -sum(x.amount for x in self.lines if x.amount < 0)

    @property
    def closing(self) -> int:
        return self.opening + self.money_in - self.money_out


def parse_month(value: object) -> tuple[dt.date, dt.date]:
    """The first and last day of ``YYYY-MM``, or AstraError naming the month."""
    text = value.strip() if isinstance(value, str) else ""
    try:
        year, month = (int(part) for part in text.split("-"))
        if len(text) != 7 or not 1900 <= year <= 2999:
            raise ValueError
        first = dt.date(year, month, 1)
    except ValueError:
        raise AstraError("month", f"{text!r} is not a month written YYYY-MM") from None
    return first, first.replace(day=calendar.monthrange(year, month)[1])


def statement(db: Reader, account_ref: object, month: object, today: dt.date) -> Statement:
    account = accounts.account(db, account_ref)
    first, last = parse_month(month)
    if first > today:
        raise AstraError("month", f"{first:%Y-%m} has not begun (today is {today})")
    opening = read_exports.balance_before(db, account.id, first)
    running, lines = opening, []
    for t in read_exports.transactions(db, account.id, first, last):
        running += t.amount
        lines.append(Line(t.posted_on, t.description or _said(t.origin, t.amount), t.amount, running))
    person = db.execute("SELECT name FROM users WHERE id = ?", (account.user_id,)).fetchone()[0]
    return Statement(account.name, person, account.kind, f"{first:%Y-%m}", first, last, opening, lines)


def _said(origin: str, amount: int) -> str:
    return {"opening": "Opening balance"}.get(origin, "Deposit" if amount > 0 else "Purchase")


def render(s: Statement, fmt: str) -> str:
    if fmt == "csv":
        return _csv(s)
    if fmt == "html":
        return _html(s)
    return _text(s)


def _text(s: Statement) -> str:
    width = max([len(x.description) for x in s.lines] + [24])
    width = min(width, 60)
    rows = [f"Statement of {s.account} ({s.person}), {s.first:%B %Y}: {s.first} to {s.last}", "",
            f"{'Opening balance':<{width + 12}}{format_money(s.opening):>16}"]
    for x in s.lines:
        text = x.description if len(x.description) <= width else x.description[:width - 1] + "…"
        rows.append(f"{x.posted_on}  {text:<{width}}{format_money(x.amount):>16}{format_money(x.balance):>16}")
    if not s.lines:
        rows.append("(no transactions this month)")
    rows += ["", f"{'Money in':<{width + 12}}{format_money(s.money_in):>16}",
             f"{'Money out':<{width + 12}}{format_money(-s.money_out):>16}",
             f"{'Closing balance':<{width + 12}}{format_money(s.closing):>16}"]
    return "\n".join(rows) + "\n"


def _csv(s: Statement) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["date", "description", "amount", "balance"])
    w.writerow([s.first.isoformat(), "Opening balance", "", money_json(s.opening)])
    for x in s.lines:
        w.writerow([x.posted_on, x.description, money_json(x.amount), money_json(x.balance)])
    w.writerow([s.last.isoformat(), "Money in", money_json(s.money_in), ""])
    w.writerow([s.last.isoformat(), "Money out", money_json(-s.money_out), ""])
    w.writerow([s.last.isoformat(), "Closing balance", "", money_json(s.closing)])
    return out.getvalue()


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 50rem;
       color: #1d2530; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; } p.sub { color: #5b6573; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid #e3e7ec; text-align: left; }
td.money, th.money { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; border-bottom: none; } .out { color: #b3261e; }
@media print { body { margin: 0; } }
"""


def _html(s: Statement) -> str:
    e = html.escape

    def money(cents: int) -> str:
        return f'<td class="money{" out" if cents < 0 else ""}">{e(format_money(cents))}</td>'

    rows = [f"<tr><td>{e(x.posted_on)}</td><td>{e(x.description)}</td>{money(x.amount)}{money(x.balance)}</tr>"
            for x in s.lines] or ['<tr><td colspan="4">No transactions this month.</td></tr>']
    title = f"{s.account} — statement for {s.first:%B %Y}"
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{e(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        f"<h1>{e(title)}</h1>", f'<p class="sub">{e(s.person)} · {e(s.kind)} · {s.first} to {s.last}</p>',
        '<table><thead><tr><th>Date</th><th>Description</th><th class="money">Amount</th>'
        '<th class="money">Balance</th></tr></thead><tbody>',
        f'<tr class="total"><td>{s.first}</td><td>Opening balance</td><td></td>{money(s.opening)}</tr>',
        *rows,
        f'<tr class="total"><td></td><td>Money in</td>{money(s.money_in)}<td></td></tr>',
        f'<tr class="total"><td></td><td>Money out</td>{money(-s.money_out)}<td></td></tr>',
        f'<tr class="total"><td>{s.last}</td><td>Closing balance</td><td></td>{money(s.closing)}</tr>',
        "</tbody></table>", "<p class=\"sub\">Made by astra-tui.</p>", "</body>", "</html>", ""])

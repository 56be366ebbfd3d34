"""The ledger's invariants, checked straight from the tables (SPEC §3, §5).

Returns a list of violations in plain words; an empty list means the books
are sound. Read-only, in plain SQL on a read connection (``core.read``), so
``astra-tui check`` loads no SQLAlchemy; a holder of an engine (the tests) asks
``ledger_violations``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astra_tui.core.read.db import Reader

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# Transfer debits after which the account's running balance (in the order rows were written) is below zero.
_OVERDRAWN = (
    "SELECT id, account_id, running FROM (SELECT id, account_id, origin, amount, "
    " SUM(amount) OVER (PARTITION BY account_id ORDER BY id) AS running FROM transactions {where}) "
    "WHERE origin = 'transfer' AND amount < 0 AND running < 0"
)
# Card payments after which the card's running balance is above zero owed.
_OVERPAID = (
    "SELECT id, account_id, running FROM (SELECT id, account_id, origin, amount, "
    " SUM(amount) OVER (PARTITION BY account_id ORDER BY id) AS running FROM transactions "
    " WHERE account_id IN (SELECT id FROM accounts WHERE kind = 'credit-card') {also}) "
    "WHERE origin = 'transfer' AND amount > 0 AND running > 0"
)

_CHECKS = (
    (
        "balance differs from the sum of its transactions",
        "SELECT a.id, a.balance, COALESCE(SUM(t.amount), 0) FROM accounts a "
        "LEFT JOIN transactions t ON t.account_id = a.id GROUP BY a.id HAVING a.balance != COALESCE(SUM(t.amount), 0)",
        "account {0}: balance {1} but its transactions add up to {2}",
    ),
    (
        "processed transfer without exactly its two transactions",
        "SELECT tr.id FROM transfers tr WHERE tr.status = 'processed' AND NOT ("
        " (SELECT count(*) FROM transactions t WHERE t.transfer_id = tr.id) = 2"
        " AND EXISTS (SELECT 1 FROM transactions t WHERE t.transfer_id = tr.id AND t.account_id = tr.source_id"
        "   AND t.amount = -tr.amount)"
        " AND EXISTS (SELECT 1 FROM transactions t WHERE t.transfer_id = tr.id AND t.account_id = tr.destination_id"
        "   AND t.amount = tr.amount))",
        "transfer {0}: processed, but without exactly one debit and one credit of its amount",
    ),
    (
        "money moved by a transfer that did not process",
        "SELECT DISTINCT tr.id, tr.status FROM transfers tr JOIN transactions t ON t.transfer_id = tr.id "
        "WHERE tr.status != 'processed'",
        "transfer {0}: {1}, yet it has transactions",
    ),
    (
        "duplicate run",
        "SELECT routine_id, due_on, trigger_id, count(*) FROM routine_runs "
        "GROUP BY routine_id, due_on, trigger_id HAVING count(*) > 1",
        "routine {0}: {3} runs for {1}",
    ),
    (
        "negative balance caused by a transfer",
        _OVERDRAWN.format(where=""),
        "transaction {0}: a transfer left account {1} at {2} cents",
    ),
    (
        "credit card paid above zero owed by a transfer",
        _OVERPAID.format(also=""),
        "transaction {0}: a payment took credit card {1} to {2} cents, above zero owed",
    ),
)


def broken_by_transfers(conn: Connection, account_id: int) -> list[tuple[int, int, int]]:
    """The transfer transactions of one account that its running balance says broke a rule: a debit
    that overdrew it, or a card payment that took it above zero owed. An edit of a recorded
    transaction must not rewrite history so that a past transfer did what no transfer may do."""
    rows = list(conn.exec_driver_sql(_OVERDRAWN.format(where="WHERE account_id = ?"), (account_id,)))
    rows += conn.exec_driver_sql(_OVERPAID.format(also="AND account_id = ?"), (account_id,))
    return sorted(tuple(row) for row in rows)


def violations(db: Reader) -> list[str]:
    """Every broken rule, one line each."""
    return [line.format(*row) for _title, sql, line in _CHECKS for row in db.execute(sql)]


def size(db: Reader) -> dict[str, int]:
    """How much was checked."""
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("accounts", "transactions", "transfers", "routine_runs")}


def ledger_violations(engine: Engine) -> list[str]:
    """``violations`` of the database an engine opened."""
    from astra_tui.db.engine import driver

    with engine.connect() as conn:
        return violations(driver(conn))

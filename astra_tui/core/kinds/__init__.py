"""The routine kinds (SPEC §4): one module per kind or family, the protocol they fill in, and the registry.

``base`` says what a kind declares; ``registry`` finds kinds by key or by a stored routine's type;
every other module here is a kind module and is imported by ``discover`` below, so adding a kind
is adding a module. Callers import from this package.
"""

from __future__ import annotations

from astra_tui.core.kinds.base import (
    CAPPED_AT_LIMIT,
    BodyField,
    Form,
    Kind,
    Ledger,
    PreviewLedger,
    PreviewRow,
    Review,
    RoutineLike,
    Skip,
    Trigger,
    capped_amount,
)
from astra_tui.core.kinds.registry import (
    ALL_KINDS,
    BY_KEY,
    body_models,
    card_payers,
    columns_from_body,
    discover,
    kind_for,
    kind_of,
    kinds_triggered_by,
    register,
    routine_types,
)

discover(__name__, __path__)

from astra_tui.core.kinds.savings import round_up  # noqa: E402  (a kind module: after discover, as the others)

__all__ = [
    "ALL_KINDS", "BY_KEY", "CAPPED_AT_LIMIT", "BodyField", "Form", "Kind", "Ledger", "PreviewLedger", "PreviewRow",
    "Review", "RoutineLike", "Skip", "Trigger", "body_models", "capped_amount", "card_payers", "columns_from_body",
    "kind_for", "kind_of", "kinds_triggered_by", "register", "round_up", "routine_types",
]

"""What a round of processing did, counted: a plain value with no imports of the program, so the command
line can say "nothing was due" without loading the engine."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class ProcessSummary:
    processed: int = 0
    failed: int = 0
    skipped: int = 0
    pending: int = 0
    cancelled: int = 0

    def add(self, other: ProcessSummary) -> None:
        for f in fields(self):
            if f.name != "pending":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def anything(self) -> bool:
        return bool(self.processed or self.failed or self.skipped or self.cancelled)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def sentence(self) -> str:
        text = f"{self.processed} processed, {self.failed} failed, {self.skipped} skipped"
        if self.cancelled:
            text += f", {self.cancelled} cancelled"
        return text

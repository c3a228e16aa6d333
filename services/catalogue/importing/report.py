"""The data-quality report of an import: what was skipped or repaired, and why."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


class DataQualityReport:
    def __init__(self, source: str = "") -> None:
        self.source = source
        self.records_read = 0
        self.services_accepted = 0
        self.skipped: dict[str, list[str]] = defaultdict(list)
        self.repaired: dict[str, list[str]] = defaultdict(list)
        self.html_cleaned = 0

    def skip(self, reason: str, record_id: str) -> None:
        self.skipped[reason].append(record_id)

    def repair(self, reason: str, record_id: str) -> None:
        self.repaired[reason].append(record_id)

    def render(self) -> str:
        lines = [
            f"Data quality of {self.source or 'the feed'}: {self.records_read} records read, "
            f"{self.services_accepted} accepted, {sum(map(len, self.skipped.values()))} skipped, "
            f"{self.html_cleaned} descriptions cleaned of HTML"
        ]
        for title, table in (("skipped", self.skipped), ("repaired", self.repaired)):
            for reason, ids in sorted(table.items()):
                shown = ", ".join(ids[:10]) + (
                    f" and {len(ids) - 10} more" if len(ids) > 10 else ""
                )
                lines.append(f"  {title} ({reason}): {len(ids)}: {shown}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "records_read": self.records_read,
            "services_accepted": self.services_accepted,
            "html_cleaned": self.html_cleaned,
            "skipped": {k: {"count": len(v), "ids": v} for k, v in self.skipped.items()},
            "repaired": {k: {"count": len(v), "ids": v} for k, v in self.repaired.items()},
        }

"""What every browser test shares: the WCAG 2.2 A/AA axe-core run and its report."""

from __future__ import annotations

from typing import Any

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}


def axe_report(results: Any) -> str:
    """One line per violation: rule, impact, help text and the elements at fault."""
    lines = []
    for violation in results.response["violations"]:
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"])
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
        )
    return "\n".join(lines)

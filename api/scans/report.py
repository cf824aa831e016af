"""A tenant's scan as a printable page: plain HTML and print styles, no scripts."""

from __future__ import annotations

from html import escape
from typing import Any

from api.scans.checks import SEVERITY_ORDER
from api.scans.models import TenantScan

STYLE = """
body { font: 11pt/1.4 system-ui, sans-serif; color: #111; margin: 2em auto; max-width: 60em; }
h1 { font-size: 18pt; margin-bottom: 0; } .meta { color: #555; margin-top: .2em; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: .35em .5em; text-align: left; vertical-align: top; }
th { background: #eee; } .fail { color: #a00; font-weight: bold; } .pass { color: #070; }
.error { color: #a60; font-weight: bold; } .alert { border: 3px solid #a00; padding: .8em;
margin: 1em 0; } section { page-break-inside: avoid; margin: 1.2em 0; }
ul.examples { margin: .3em 0; font-size: 9.5pt; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; }
a[href]::after { content: " (" attr(href) ")"; font-size: 8pt; color: #555; } }
"""
STATUS_WORDS = {"pass": "Pass", "fail": "Fail", "error": "Could not check", "not_applicable": "N/A"}
ORDER = {"fail": 0, "error": 1, "pass": 2, "not_applicable": 3}


def _example(item: dict[str, Any]) -> str:
    label = item.get("userPrincipalName") or item.get("displayName") or item.get("id") or ""
    rest = {k: v for k, v in item.items() if k not in ("id", "userPrincipalName", "displayName")}
    extra = "; ".join(f"{k}: {v}" for k, v in rest.items())
    return escape(f"{label} {f'({extra})' if extra else ''}".strip())


def render(scan: TenantScan, difference: dict[str, list[str]] | None) -> str:
    findings = sorted(
        scan.findings,
        key=lambda f: (
            ORDER.get(f["status"], 9),
            SEVERITY_ORDER.get(f["severity"], 9),
            f["check_id"],
        ),
    )
    status = scan.summary.get("status", {})
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Petra Scan: {escape(scan.display_name or scan.tenant_id)}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Petra Scan: {escape(scan.display_name or scan.tenant_id)}</h1>",
        f"<p class='meta'>Tenant {escape(scan.tenant_id)} · scanned "
        f"{escape(scan.created_at.strftime('%Y-%m-%d %H:%M UTC'))} · checks version "
        f"{escape(scan.catalog_version)}</p>",
    ]
    for f in findings:
        if f.get("prominent"):
            parts.append(
                f"<div class='alert'><strong>{escape(f['summary'])}</strong><br>"
                f"{escape(f['remediation'])} <a href='{escape(f['link'])}'>How to turn it on</a>"
                "</div>"
            )
    parts.append(
        "<table><tr><th>Passed</th><th>Failed</th><th>Could not check</th><th>N/A</th>"
        "<th>New since last scan</th><th>Resolved</th></tr>"
        f"<tr><td>{status.get('pass', 0)}</td><td>{status.get('fail', 0)}</td>"
        f"<td>{status.get('error', 0)}</td><td>{status.get('not_applicable', 0)}</td>"
        + (
            f"<td>{escape(', '.join(difference['new']) or '-')}</td>"
            f"<td>{escape(', '.join(difference['resolved']) or '-')}</td>"
            if difference is not None
            else "<td colspan='2'>First scan: nothing to compare with</td>"
        )
        + "</tr></table>"
    )
    for f in findings:
        css = escape(f["status"])
        evidence = f.get("evidence") or {}
        counts = ", ".join(
            f"{k.replace('_', ' ')}: {v}" for k, v in evidence.get("counts", {}).items()
        )
        examples = "".join(f"<li>{_example(e)}</li>" for e in evidence.get("examples", []))
        parts.append(
            f"<section><h2>{escape(f['title'])}</h2>"
            f"<p><span class='{css}'>{STATUS_WORDS.get(f['status'], css)}</span> · severity "
            f"{escape(f['severity'])} · {escape(f['check_id'])} v{f['check_version']}</p>"
            f"<p>{escape(f['summary'])}</p>"
            + (f"<p>{escape(counts)}</p>" if counts else "")
            + (f"<ul class='examples'>{examples}</ul>" if examples else "")
            + (
                f"<p><strong>What to do:</strong> {escape(f['remediation'])} "
                f"<a href='{escape(f['link'])}'>Microsoft's setting</a></p>"
                if f["status"] != "pass"
                else ""
            )
            + "</section>"
        )
    parts.append("</body></html>")
    return "".join(parts)

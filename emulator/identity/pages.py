"""The HTML the identity platform and admin center show a person."""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

_STYLE = (
    "body{font-family:Segoe UI,Arial,sans-serif;background:#f2f2f2}"
    "main{max-width:440px;margin:48px auto;background:#fff;padding:32px;box-shadow:0 2px 6px #0003}"
    "input[type=text],input[type=password]{width:100%;padding:6px;margin:6px 0}"
    ".err{color:#a80000}button{padding:6px 18px;margin-right:8px}"
)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><main><h1>{escape(title)}</h1>{body}</main>"
        "</body></html>"
    )
    return HTMLResponse(html, status_code=status)


def sign_in(action: str, flow: str, hint: str = "", error: str = "") -> HTMLResponse:
    message = f"<p class='err' id='error'>{escape(error)}</p>" if error else ""
    body = (
        f"{message}<form method='post' action='{escape(action)}'>"
        f"<input type='hidden' name='flow' value='{escape(flow)}'>"
        f"<label>Email<input type='text' name='username' value='{escape(hint)}'></label>"
        "<label>Password<input type='password' name='password'></label>"
        "<button type='submit'>Sign in</button></form>"
    )
    return _page("Sign in to your account", body)


def mfa(action: str, flow: str, upn: str) -> HTMLResponse:
    """The second factor, as an approval the account's authenticator would give."""
    body = (
        f"<p>Approve the sign-in request for <b>{escape(upn)}</b> in your authenticator app.</p>"
        f"<form method='post' action='{escape(action)}'>"
        f"<input type='hidden' name='flow' value='{escape(flow)}'>"
        "<button type='submit' name='mfa' value='approve'>Approve</button></form>"
    )
    return _page("Approve sign in request", body)


def consent(action: str, flow: str, app_name: str, scopes: list[str], admin: bool) -> HTMLResponse:
    items = "".join(f"<li>{escape(s)}</li>" for s in scopes)
    who = "your organization" if admin else "you"
    body = (
        f"<p><b>{escape(app_name)}</b> needs permission to access resources in {who}:</p>"
        f"<ul>{items}</ul><form method='post' action='{escape(action)}'>"
        f"<input type='hidden' name='flow' value='{escape(flow)}'>"
        "<button type='submit' name='consent' value='yes'>Accept</button>"
        "<button type='submit' name='consent' value='no'>Cancel</button></form>"
    )
    return _page("Permissions requested", body)


def error(code: int, message: str, status: int = 400) -> HTMLResponse:
    body = f"<p class='err' id='error'>AADSTS{code}: {escape(message)}</p>"
    return _page("Sorry, but we're having trouble signing you in.", body, status)


def form_post(redirect_uri: str, fields: dict[str, str]) -> HTMLResponse:
    inputs = "".join(
        f"<input type='hidden' name='{escape(k)}' value='{escape(v)}'>" for k, v in fields.items()
    )
    body = (
        f"<form method='post' action='{escape(redirect_uri)}' id='f'>{inputs}"
        "<noscript><button type='submit'>Continue</button></noscript></form>"
        "<script>document.getElementById('f').submit()</script>"
    )
    return _page("Working...", body)


def approval(action: str, summary: list[tuple[str, str]], error_text: str = "") -> HTMLResponse:
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in summary)
    message = f"<p class='err' id='error'>{escape(error_text)}</p>" if error_text else ""
    body = (
        f"{message}<table>{rows}</table><form method='post' action='{escape(action)}'>"
        "<label>Global administrator<input type='text' name='username'></label>"
        "<label>Password<input type='password' name='password'></label>"
        "<button type='submit' name='action' value='approve'>Approve all</button>"
        "<button type='submit' name='action' value='reject'>Reject</button></form>"
    )
    return _page("Review the granular delegated admin relationship", body)


def done(title: str, text: str) -> HTMLResponse:
    return _page(title, f"<p id='result'>{escape(text)}</p>")


def fragment_redirect(base: str) -> HTMLResponse:
    script = (
        "<script>var h=location.hash.replace(/^#\\/?/,'');"
        f"if(h){{location.replace('{escape(base)}/'+h)}}</script>"
    )
    return _page("Microsoft 365 admin center", "<p>Loading...</p>" + script)

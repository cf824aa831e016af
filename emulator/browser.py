"""Drive the emulator's sign-in, consent and approval pages the way a person would.

For tests: follows the HTML forms with an httpx client and returns the final redirect URL
(the one that would hit the portal's callback), without following it.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

import httpx

_FORM = re.compile(r"<form method='post' action='([^']*)'", re.I)
_FLOW = re.compile(r"name='flow' value='([^']*)'")
_ERROR = re.compile(r"id='error'>([^<]*)<")


class SignInError(RuntimeError):
    """The page answered with an error instead of a redirect."""


def _form_action(page: httpx.Response) -> tuple[str, str]:
    action, flow = _FORM.search(page.text), _FLOW.search(page.text)
    if not action or not flow:
        found = _ERROR.search(page.text)
        raise SignInError(unescape(found.group(1)) if found else f"no form in {page.status_code}")
    return urljoin(str(page.url), unescape(action.group(1))), unescape(flow.group(1))


async def sign_in(
    client: httpx.AsyncClient,
    authorize_url: str,
    username: str,
    password: str = "emulator",  # noqa: S107 - the emulator's documented password
    *,
    consent: bool = True,
) -> str:
    """Open an /authorize or /adminconsent URL, sign in, answer consent; return the redirect."""
    page = await client.get(authorize_url)
    if page.is_redirect:
        return page.headers["location"]
    action, flow = _form_action(page)
    page = await client.post(
        action, data={"flow": flow, "username": username, "password": password}
    )
    if page.is_redirect:
        return page.headers["location"]
    if "name='mfa'" in page.text:
        action, flow = _form_action(page)
        page = await client.post(action, data={"flow": flow, "mfa": "approve"})
        if page.is_redirect:
            return page.headers["location"]
    if "name='consent'" not in page.text:
        found = _ERROR.search(page.text)
        raise SignInError(unescape(found.group(1)) if found else "sign-in failed")
    action, flow = _form_action(page)
    page = await client.post(action, data={"flow": flow, "consent": "yes" if consent else "no"})
    if not page.is_redirect:
        raise SignInError(f"consent did not redirect ({page.status_code})")
    return page.headers["location"]


async def approve_relationship(
    client: httpx.AsyncClient,
    approval_url: str,
    username: str,
    password: str = "emulator",  # noqa: S107
    *,
    approve: bool = True,
) -> str:
    """Submit the admin center approval page as the customer's Global Administrator."""
    page = await client.post(
        approval_url,
        data={
            "username": username,
            "password": password,
            "action": "approve" if approve else "reject",
        },
    )
    found = re.search(r"id='(?:result|error)'>([^<]*)<", page.text)
    return unescape(found.group(1)) if found else page.text

"""A CSRF token per session, in a hidden field of every form; a POST without the same token is refused (403).

The session cookie is SameSite=Lax already; the token also stops a same-site page (another app on the
same host) from posting a review in the auditor's name.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

FIELD = "csrf_token"


def csrf_token(session: dict[str, Any]) -> str:
    """The session's token, made on first use."""
    token = session.get(FIELD)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        session[FIELD] = token
    return token


def csrf_ok(session: dict[str, Any], submitted: object) -> bool:
    """The submitted token is the session's (compared in constant time)."""
    expected = session.get(FIELD)
    return isinstance(expected, str) and isinstance(submitted, str) and hmac.compare_digest(expected, submitted)

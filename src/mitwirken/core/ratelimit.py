"""Rate limits for forms (registration, reports, and the comments and ideas to come), with
django-ratelimit: a fixed window per action in the cache (Redis in production, so it holds
across app servers), keyed by the client's address or by the account.

``settings.RATE_LIMITS[action] = (count, seconds)``."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

KEYS = {
    "address": "ip",  # IPv6 clients by their /64 network (RATELIMIT_IPV6_MASK)
    "account": "user_or_ip",  # signed-in people per account, visitors per address
}


def client_ip(request) -> str:
    """The client's address: behind TRUSTED_PROXY_COUNT reverse proxies the one the nearest
    trusted proxy saw (X-Forwarded-For), else the connection's. (RATELIMIT_IP_META_KEY)"""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if forwarded and proxies:
        addresses = [a.strip() for a in forwarded.split(",")]
        address = addresses[-proxies] if len(addresses) >= proxies else addresses[0]
    else:
        address = request.META.get("REMOTE_ADDR", "")
    return address or "0.0.0.0"  # noqa: S104  a Unix socket without proxy header: one bucket


def allow(request, action: str, *, per: str = "address") -> bool:
    """True while the client (``per="address"``) or the account (``per="account"``) stays
    under ``settings.RATE_LIMITS[action]``; counts this request."""
    count, seconds = settings.RATE_LIMITS[action]
    return not is_ratelimited(
        request,
        group=f"mitwirken:{action}",
        key=KEYS[per],
        rate=f"{count}/{seconds}s",
        increment=True,
    )

"""A small fixed-window rate limit for anonymous forms (registration, reports), kept in the
cache (Redis in production, so it holds across app servers)."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    if forwarded and proxies:
        addresses = [a.strip() for a in forwarded.split(",")]
        return addresses[-proxies] if len(addresses) >= proxies else addresses[0]
    return request.META.get("REMOTE_ADDR", "")


def allow(request, action: str) -> bool:
    """True while the client stays under settings.RATE_LIMITS[action] = (count, seconds)."""
    count, seconds = settings.RATE_LIMITS[action]
    key = f"ratelimit:{action}:{client_ip(request)}"
    if cache.add(key, 1, seconds):  # the first in this window: one round trip
        return True
    try:
        return cache.incr(key) <= count
    except ValueError:  # expired between add and incr
        return cache.add(key, 1, seconds) or cache.incr(key) <= count

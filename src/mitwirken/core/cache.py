"""The Redis cache backend of production, with one client object per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` for every cache call, and each one
registers its ~170 response callbacks: a measurable share of a fast request. Clients are
thread-safe and hold no connection themselves (the pool does), so one per pool is enough.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

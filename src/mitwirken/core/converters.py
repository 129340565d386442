"""Path converters with bounds: a value the database cannot hold never reaches a query.

``<int:…>`` matches any number of digits, and 99999999999999999999 overflows SQLite's and
PostgreSQL's 64-bit integers inside the query (a server error instead of a 404). Every URL
with an id, an organisation's address or a personal token uses these instead (registered in
``CoreConfig.ready``)."""


class IdConverter:
    """A database id: 1 to 18 digits, always below 2**63."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


class OrganisationSlugConverter:
    """An organisation's web address: a slug of at most 60 characters (the model's limit)."""

    regex = "[-a-zA-Z0-9_]{1,60}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class TokenConverter:
    """A secret token of a link (``secrets.token_urlsafe``, at most 64 characters). A
    mangled one (too long, odd letters) still reaches the view, which says the link is not
    valid; control characters (NUL: PostgreSQL refuses it in a query) never do."""

    regex = "[^/\\x00-\\x1f\\x7f]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


CONVERTERS = {"id": IdConverter, "org": OrganisationSlugConverter, "token": TokenConverter}

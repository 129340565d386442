from django.db import models


class URLField(models.URLField):
    """A URL field whose form adds https:// (not http://) when the scheme is left out."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

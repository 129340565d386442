"""Network profiles for the tests: made through the use-case, as the edit page would."""

from django.core.files.uploadedfile import SimpleUploadedFile

from mitwirken.networks.models import ProfileVisibility
from mitwirken.networks.profiles import photos, services

from ..core.upload_samples import image

M, C, N = (
    ProfileVisibility.MEMBERS.value,
    ProfileVisibility.COORDINATORS.value,
    ProfileVisibility.NOBODY.value,
)


def photo_upload(name="foto.png", data=None, content_type="image/png"):
    return SimpleUploadedFile(name, data or image("PNG", size=(40, 30)), content_type)


def make_profile(user, *, topics=(), photo=False, **fields):
    """The person's profile with ``fields`` (visibilities default to members)."""
    checked = photos.check(photo_upload()) if photo else None
    if photo:
        fields.setdefault("photo_alt", "Porträt vor einem Bücherregal")
    return services.save_profile(user, topics=list(topics), photo=checked, **fields)

"""The network profile in the person's data export ("Meine Daten"), and erased with the account
(the photo's file too). The profile belongs to the person, not to an organisation: no scope is
involved."""

from mitwirken.core import personal_data

from ..models import NetworkProfile
from . import municipalities, services


def export(user) -> dict | None:
    profile = NetworkProfile.objects.filter(user=user).prefetch_related("topics").first()
    if profile is None:
        return None

    def field(value, visibility):
        return {"value": value, "visible_to": str(getattr(profile, f"get_{visibility}_display")())}

    return {
        "function": field(profile.function, "function_visibility"),
        "organisation_or_authority": field(profile.authority, "authority_visibility"),
        "municipality": field(
            {
                "name": profile.municipality_name,
                "official_key": profile.municipality_key,
                "state": municipalities.state_name(profile.municipality_key),
            },
            "municipality_visibility",
        ),
        "topics": field([topic.name for topic in profile.topics.all()], "topics_visibility"),
        "what_i_offer": field(profile.offers, "offers_visibility"),
        "what_i_am_looking_for": field(profile.seeks, "seeks_visibility"),
        "about_me": field(profile.about, "about_visibility"),
        "photo": field(
            {
                # The image itself: "Mein Konto" → network profile (/konto/netzwerk-profil/foto/)
                "stored": bool(profile.photo),
                "text_alternative": profile.photo_alt,
            },
            "photo_visibility",
        ),
        "updated_at": profile.updated_at.isoformat(),
    }


def erase(user) -> None:
    services.delete_profile(user)


personal_data.register("network_profile", export=export, erase=erase)

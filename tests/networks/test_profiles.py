"""The person's network profile: the edit page with its German errors, the photo (checked,
re-encoded, made small, alt text required), deletion, the data export and account deletion."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from mitwirken.networks.models import NetworkProfile, ProfileTopic
from mitwirken.networks.profiles import services

from ..accounts.test_accounts import _all_text_columns_containing
from ..core.upload_samples import PDF, image, jpeg_with_gps
from ..factories import UserFactory
from .profiles_support import C, M, N, make_profile, photo_upload

URL = "/konto/netzwerk-profil/"


def _form(**changes):
    data = {
        "function": "Beauftragte für Bürgerbeteiligung",
        "function_visibility": M,
        "authority": "Stadt Köln, Büro für Bürgerbeteiligung",
        "authority_visibility": M,
        "municipality_name": "Köln",
        "municipality_key": "05315000",
        "municipality_visibility": M,
        "topics": "Bürgerhaushalt, Jugendbeteiligung, bürgerhaushalt",
        "topics_visibility": M,
        "offers": "Erfahrung mit Bürgerräten",
        "offers_visibility": C,
        "seeks": "Austausch zu Online-Beteiligung",
        "seeks_visibility": M,
        "about": "Seit 2013 dabei.",
        "about_visibility": N,
        "photo_alt": "",
        "photo_visibility": M,
    }
    data.update(changes)
    return data


def _errors(response) -> str:
    return response.content.decode()


def test_the_account_page_links_to_the_network_profile(client, participant):
    client.force_login(participant)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{URL}"' in page
    assert reverse("networks:profile_edit") == URL


def test_the_edit_page_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_person_creates_and_changes_the_profile(client, participant):
    client.force_login(participant)
    page = client.get(URL).content.decode()
    assert "Mein Netzwerk-Profil" in page
    assert "Wer sieht die Funktion" in page  # a visibility per field
    response = client.post(URL, _form(municipality_key="05 315 000"), follow=True)
    assert "Ihr Netzwerk-Profil wurde gespeichert." in response.content.decode()
    profile = NetworkProfile.objects.get(user=participant)
    assert profile.municipality_key == "05315000"
    assert profile.about_visibility == N and profile.offers_visibility == C
    # Topics as typed, without the repeat in another case.
    assert list(profile.topics.values_list("name", flat=True)) == [
        "Bürgerhaushalt",
        "Jugendbeteiligung",
    ]
    # Shown again in the form, and changed.
    page = client.get(URL).content.decode()
    assert 'value="Bürgerhaushalt, Jugendbeteiligung"' in page
    client.post(URL, _form(topics="Klima", function="Referentin"))
    profile.refresh_from_db()
    assert profile.function == "Referentin"
    assert list(profile.topics.values_list("name", flat=True)) == ["Klima"]
    assert NetworkProfile.objects.count() == 1


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("0531500", "genau 8 Ziffern"),
        ("0531500A", "genau 8 Ziffern"),
        ("053150001", "genau 8 Ziffern"),
        ("99315000", "mit der Nummer eines Landes"),
        ("00315000", "mit der Nummer eines Landes"),
        ("17000000", "mit der Nummer eines Landes"),
    ],
)
def test_a_wrong_municipality_key_gets_a_german_error(client, participant, key, message):
    client.force_login(participant)
    response = client.post(URL, _form(municipality_key=key))
    assert response.status_code == 200
    assert message in _errors(response)
    assert not NetworkProfile.objects.filter(user=participant).exists()


def test_name_and_key_of_the_municipality_go_together(client, participant):
    client.force_login(participant)
    page = _errors(client.post(URL, _form(municipality_key="")))
    assert "Bitte geben Sie auch den Amtlichen Gemeindeschlüssel von Köln an" in page
    page = _errors(client.post(URL, _form(municipality_name="")))
    assert "Bitte geben Sie auch den Namen der Gemeinde an." in page
    assert not NetworkProfile.objects.exists()


def test_at_most_ten_topics(client, participant):
    client.force_login(participant)
    topics = ", ".join(f"Thema {n}" for n in range(11))
    assert "höchstens 10 Themen" in _errors(client.post(URL, _form(topics=topics)))
    assert "höchstens 60 Zeichen" in _errors(client.post(URL, _form(topics="x" * 61)))
    assert not NetworkProfile.objects.exists()


def test_the_photo_is_checked_re_encoded_and_made_small(client, participant):
    client.force_login(participant)
    upload = photo_upload("ich.jpg", jpeg_with_gps(size=(1600, 1200)), "image/jpeg")
    response = client.post(URL, {**_form(photo_alt="Ich im Rathaus"), "photo": upload})
    assert response.status_code == 302
    profile = NetworkProfile.objects.get(user=participant)
    assert profile.photo.name.startswith("network-profiles/") and profile.photo.name.endswith(
        ".jpg"
    )
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / profile.photo.name
    assert stored.exists()  # in the private storage, never under /medien/
    with Image.open(stored) as photo:
        assert max(photo.size) == 600
        assert not photo.getexif()  # no GPS position, no camera
    # Only the person sees it from the profile page (and members through the directory).
    response = client.get(reverse("networks:profile_photo"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(UserFactory())
    assert client.get(reverse("networks:profile_photo")).status_code == 404


def test_a_file_that_is_not_an_image_is_refused(client, participant):
    client.force_login(participant)
    upload = photo_upload("foto.png", PDF, "image/png")
    response = client.post(URL, {**_form(photo_alt="Foto"), "photo": upload})
    assert response.status_code == 200
    assert "kein erlaubter Dateityp" in _errors(response)
    assert not NetworkProfile.objects.exists()


def test_a_photo_needs_a_text_alternative(client, participant):
    client.force_login(participant)
    response = client.post(URL, {**_form(photo_alt="  "), "photo": photo_upload()})
    assert "Bitte beschreiben Sie das Foto für Menschen, die es nicht sehen können." in _errors(
        response
    )
    assert not NetworkProfile.objects.exists()
    # Also for a photo already there, when the text is removed.
    client.post(URL, {**_form(photo_alt="Porträt"), "photo": photo_upload()})
    response = client.post(URL, _form(photo_alt=""))
    assert "Bitte beschreiben Sie das Foto" in _errors(response)
    assert NetworkProfile.objects.get().photo_alt == "Porträt"


def test_the_use_case_refuses_a_photo_without_text_alternative(participant):
    from mitwirken.networks.profiles import photos

    with pytest.raises(services.ProfileError):
        services.save_profile(participant, photo=photos.check(photo_upload()), photo_alt="")
    with pytest.raises(services.ProfileError, match="höchstens 60 Zeichen"):
        services.save_profile(participant, topics=["x" * 61])
    with pytest.raises(services.ProfileError, match="höchstens 10 Themen"):
        services.save_profile(participant, topics=[f"Thema {n}" for n in range(11)])
    with pytest.raises(TypeError):
        services.save_profile(participant, user_id=1)
    assert not NetworkProfile.objects.exists()


def test_a_new_photo_replaces_the_old_file_and_removing_deletes_it(
    client, participant, django_capture_on_commit_callbacks
):
    client.force_login(participant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**_form(photo_alt="Alt"), "photo": photo_upload()})
    first = Path(settings.PRIVATE_MEDIA_ROOT) / NetworkProfile.objects.get().photo.name
    with django_capture_on_commit_callbacks(execute=True):
        upload = photo_upload("neu.webp", image("WEBP", size=(50, 50)), "image/webp")
        client.post(URL, {**_form(photo_alt="Neu"), "photo": upload})
    second = Path(settings.PRIVATE_MEDIA_ROOT) / NetworkProfile.objects.get().photo.name
    assert not first.exists() and second.exists() and second.suffix == ".webp"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _form(photo_alt="", remove_photo="on"))
    assert not NetworkProfile.objects.get().photo
    assert not second.exists()


def test_a_person_deletes_the_profile(client, participant, django_capture_on_commit_callbacks):
    make_profile(participant, function="Referentin", topics=["Klima"], photo=True)
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / NetworkProfile.objects.get().photo.name
    client.force_login(participant)
    page = client.get(reverse("networks:profile_delete")).content.decode()
    assert "Netzwerk-Profil löschen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("networks:profile_delete"), follow=True)
    assert "Ihr Netzwerk-Profil wurde gelöscht." in response.content.decode()
    assert not NetworkProfile.objects.exists() and not ProfileTopic.objects.exists()
    assert not stored.exists()
    # Without a profile the delete page leads back to the (empty) form.
    assert client.get(reverse("networks:profile_delete"))["Location"] == URL


def test_the_profile_is_in_the_person_s_data_export(client, participant):
    make_profile(
        participant,
        function="Referentin",
        about="Ganz privat",
        about_visibility=N,
        municipality_name="Köln",
        municipality_key="05315000",
        topics=["Klima", "Bürgerhaushalt"],
        photo=True,
    )
    client.force_login(participant)
    data = json.loads(client.post(reverse("accounts:export_data")).content)
    profile = data["network_profile"]
    assert profile["function"] == {
        "value": "Referentin",
        "visible_to": "Die Mitglieder meiner Netzwerke",
    }
    assert profile["about_me"] == {"value": "Ganz privat", "visible_to": "Niemand"}
    assert profile["municipality"]["value"] == {
        "name": "Köln",
        "official_key": "05315000",
        "state": "Nordrhein-Westfalen",
    }
    assert profile["topics"]["value"] == ["Bürgerhaushalt", "Klima"]
    assert profile["photo"]["value"]["text_alternative"] == "Porträt vor einem Bücherregal"


def test_account_deletion_erases_the_profile_and_its_photo(
    client, db, django_capture_on_commit_callbacks
):
    person = UserFactory(email="netzwerk-weg@example.org")
    make_profile(
        person,
        function="Wortmarke-Funktion",
        authority="Wortmarke-Behörde",
        offers="Wortmarke-Angebot",
        about="Wortmarke-Text",
        about_visibility=N,
        municipality_name="Wortmarke-Gemeinde",
        municipality_key="05315000",
        topics=["Wortmarke-Thema"],
        photo=True,
    )
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / NetworkProfile.objects.get().photo.name
    assert stored.exists()
    assert len(_all_text_columns_containing("Wortmarke")) >= 6  # the scan finds it before
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    assert _all_text_columns_containing("Wortmarke") == []
    assert _all_text_columns_containing(person.email) == []
    assert not stored.exists()
    assert not NetworkProfile.objects.exists()


def test_the_photo_shrinks_keep_small_images_as_they_are(participant):
    profile = make_profile(participant, photo=True)
    with profile.photo.open("rb") as stored, Image.open(io.BytesIO(stored.read())) as photo:
        assert photo.size == (40, 30)

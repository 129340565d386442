import factory
from allauth.account.models import EmailAddress
from django_scopes import scopes_disabled

from mitwirken.accounts.models import User
from mitwirken.organisations.models import Organisation, Role, StaffRole

PASSWORD = "ein-sicheres-Passwort-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Verwaltung {n}")
    slug = factory.Sequence(lambda n: f"verwaltung-{n}")
    teaser = "Eine Verwaltung"
    legal_name = factory.LazyAttribute(lambda o: o.name)
    street = "Hauptstraße 1"
    postal_code = "12345"
    city = "Musterstadt"
    representative = "Bürgermeisterin Erika Muster"
    imprint_email = factory.LazyAttribute(lambda o: f"info@{o.slug}.example")
    privacy_text = "## Datenschutz\n\nWir verarbeiten nur, was nötig ist."
    accessibility_contact = "barrierefrei@example.org"


def make_staff(organisation, role=Role.ADMIN, user=None):
    user = user or UserFactory()
    with scopes_disabled():
        StaffRole.objects.create(organisation=organisation, user=user, role=role)
    return user

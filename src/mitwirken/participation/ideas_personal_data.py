"""What the idea collection holds about a person: their ideas and their supports (both
exported). On account deletion their ideas stay, without author, because they are part of
the project's public record and its ledger; their supports are deleted."""

from django_scopes import scopes_disabled

from mitwirken.core import personal_data

from .models_ideas import Idea, Support


def export(user) -> dict:
    with scopes_disabled():
        ideas = Idea.objects.filter(author=user).select_related(
            "collection__module__project__organisation", "category", "district"
        )
        supports = Support.objects.filter(user=user).select_related(
            "idea__collection__module__project"
        )
        return {
            "ideas": [
                {
                    "project": idea.collection.module.project.title,
                    "organisation": idea.collection.module.project.organisation.name,
                    "title": idea.title,
                    "text": idea.text,
                    "category": idea.category.name if idea.category else "",
                    "district": idea.district.name if idea.district else "",
                    "status": idea.status,
                    "submitted_at": idea.created_at.isoformat(),
                    "withdrawn_at": idea.withdrawn_at.isoformat() if idea.withdrawn_at else None,
                }
                for idea in ideas.order_by("created_at", "pk")
            ],
            "supports": [
                {
                    "project": support.idea.collection.module.project.title,
                    "idea": support.idea.title,
                    "supported_at": support.created_at.isoformat(),
                }
                for support in supports.order_by("created_at", "pk")
            ],
        }


def erase(user) -> None:
    with scopes_disabled():
        Support.objects.filter(user=user).delete()
        Idea.objects.filter(author=user).update(author=None)


personal_data.register("participation_ideas", export=export, erase=erase)

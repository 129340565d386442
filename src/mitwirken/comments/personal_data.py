"""A person's comments and reports in "Meine Daten"; on account deletion the comments stay
without author ("deleted account"), open reports go and decided ones lose their reporter
and text."""

from django_scopes import scopes_disabled

from mitwirken.core import personal_data

from .models import Comment, Report


def export(user) -> dict:
    with scopes_disabled():
        comments = Comment.objects.filter(author=user).select_related("organisation")
        reports = Report.objects.filter(reporter=user).select_related("organisation")
        return {
            "comments": [
                {
                    "organisation": c.organisation.name,
                    "on": f"{c.content_type_id}/{c.object_id}",
                    "reply_to": c.parent_id,
                    "text": c.text,
                    "status": c.status,
                    "created_at": c.created_at.isoformat(),
                    "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                }
                for c in comments
            ],
            "reports": [
                {
                    "organisation": r.organisation.name,
                    "comment": r.object_id,
                    "reason": r.get_reason_display(),
                    "text": r.text,
                    "created_at": r.created_at.isoformat(),
                    "decision": r.decision,
                }
                for r in reports
            ],
        }


def erase(user) -> None:
    with scopes_disabled():
        Comment.objects.filter(author=user).update(author=None)
        Report.objects.filter(reporter=user, decision=Report.Decision.OPEN).delete()
        Report.objects.filter(reporter=user).update(reporter=None, text="")
        Report.objects.filter(decided_by=user).update(decided_by=None)


personal_data.register("comments", export=export, erase=erase)

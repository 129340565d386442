from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "mitwirken.comments"
    label = "comments"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from mitwirken.core.mail import register_mail
        from mitwirken.core.navigation import register_staff_link

        from . import (
            emails,
            personal_data,  # noqa: F401  registers export and erasure of comments and reports
            services,  # noqa: F401  registers the audit actions
        )

        register_mail("comments.author", emails.build_for_author)
        register_mail("comments.reporter", emails.build_for_reporter)
        register_staff_link("comments:staff_queue", _("Comments"), "comments.moderate", 40)

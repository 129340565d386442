"""The use-cases of the idea collection: submit, edit, withdraw, support; and the staff's
status decisions with their public reason, merging duplicates, offline ideas, moderation of
reported ideas. Plain data in, one transaction each; staff steps in the audit log; whoever a
step concerns is told by a mail task written in the same transaction.

Who may take part in the project (invitation, access code, …) is checked by the views with
``access.participant(request, project)`` (it depends on the session); these functions check
the rest: the account and its verified address, the module being open, the idea's state."""

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.comments.models import Report
from mitwirken.core import uploads
from mitwirken.core.changes import changes_between, snapshot
from mitwirken.core.mail import queue_mail
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from .models import FeedbackSubscription
from .models_ideas import (
    IDEA_TEXT_MAX,
    IDEA_TITLE_MAX,
    REASON_MAX,
    Category,
    Idea,
    IdeaCollection,
    StatusChange,
    Support,
)

Status = Idea.Status
Channel = Idea.Channel

IDEA_STATUS_CHANGED = register_audit_action(
    "idea_status_changed", gettext_lazy("Status of an idea changed")
)
IDEA_MERGED = register_audit_action("idea_merged", gettext_lazy("Duplicate idea merged"))
IDEA_ENTERED = register_audit_action("idea_entered", gettext_lazy("Offline idea entered"))
IDEA_HIDDEN = register_audit_action("idea_hidden", gettext_lazy("Idea hidden"))
IDEA_KEPT = register_audit_action("idea_kept", gettext_lazy("Reported idea kept"))
IDEA_CATEGORIES_CHANGED = register_audit_action(
    "idea_categories_changed", gettext_lazy("Categories of an idea collection changed")
)

# Which status can follow which: "received" is only the start; "implemented" follows an
# idea that was (partly) accepted. A decision can be corrected (with its own reason).
NEXT_STATUSES = {
    Status.RECEIVED: [
        Status.IN_REVIEW,
        Status.ACCEPTED,
        Status.PARTLY_ACCEPTED,
        Status.NOT_PURSUED,
    ],
    Status.IN_REVIEW: [Status.ACCEPTED, Status.PARTLY_ACCEPTED, Status.NOT_PURSUED],
    Status.ACCEPTED: [
        Status.IN_REVIEW,
        Status.PARTLY_ACCEPTED,
        Status.NOT_PURSUED,
        Status.IMPLEMENTED,
    ],
    Status.PARTLY_ACCEPTED: [
        Status.IN_REVIEW,
        Status.ACCEPTED,
        Status.NOT_PURSUED,
        Status.IMPLEMENTED,
    ],
    Status.NOT_PURSUED: [Status.IN_REVIEW, Status.ACCEPTED, Status.PARTLY_ACCEPTED],
    Status.IMPLEMENTED: [],
}
OFFLINE_CHANNELS = [Channel.LETTER, Channel.PHONE, Channel.WORKSHOP]


class IdeaError(Exception):
    """A refused use-case; the message is shown to the person (in German)."""


def module_created(module) -> None:
    """The registry's hook: a new idea module gets its collection."""
    IdeaCollection.objects.get_or_create(module=module)


def has_verified_address(user) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


def _project(collection):
    return collection.module.project


def _check_moderator(actor, collection) -> None:
    if not (
        actor is not None
        and actor.is_authenticated
        and actor.has_perm("participation.moderate_project", _project(collection))
    ):
        raise PermissionDenied


def _check_author(author, collection) -> None:
    if author is None or not author.is_authenticated:
        raise PermissionDenied
    if not has_verified_address(author):
        raise IdeaError(_("Please confirm your e-mail address before you take part."))
    if not collection.module.is_open():
        raise IdeaError(_("This idea collection is not open for contributions."))


def _clean_text(title, text) -> tuple[str, str]:
    title, text = (title or "").strip(), (text or "").strip()
    if not title or not text:
        raise IdeaError(_("Please give your idea a title and describe it."))
    if len(title) > IDEA_TITLE_MAX or len(text) > IDEA_TEXT_MAX:
        raise IdeaError(
            _("The title may have at most %(title)d characters, the text %(text)d.")
            % {"title": IDEA_TITLE_MAX, "text": IDEA_TEXT_MAX}
        )
    return title, text


def _clean_reason(reason, message) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise IdeaError(message)
    if len(reason) > REASON_MAX:
        raise IdeaError(
            _("The reason may have at most %(limit)d characters.") % {"limit": REASON_MAX}
        )
    return reason


def _check_choices(collection, category, district) -> None:
    if category is not None and category.collection_id != collection.pk:
        raise IdeaError(_("Please choose one of the categories of this idea collection."))
    if district is not None and district.project_id != collection.module.project_id:
        raise IdeaError(_("Please choose one of the districts of this project."))


def _check_image(image, image_alt) -> str:
    image_alt = (image_alt or "").strip()
    if image and not image_alt:
        raise IdeaError(_("Please describe the image for people who cannot see it."))
    return image_alt


def _subscribe(project, user) -> None:
    """ "Tell me what became of my idea": one subscription per project and address."""
    FeedbackSubscription.objects.get_or_create(
        project=project, email=user.email.lower(), defaults={"user": user}
    )


def _locked(idea) -> Idea:
    return (
        Idea.objects.select_for_update(of=("self",))
        .select_related("collection__module__project__organisation", "collection__module__phase")
        .get(pk=idea.pk)
    )


@transaction.atomic
def submit_idea(
    author,
    collection,
    *,
    title,
    text,
    category=None,
    district=None,
    image=None,
    image_alt="",
    tell_me=False,
) -> Idea:
    """A new idea of ``author`` (an account with a verified address) while the module is
    open. ``tell_me``: the author asked to be told what became of it (never pre-ticked)."""
    _check_author(author, collection)
    title, text = _clean_text(title, text)
    _check_choices(collection, category, district)
    image_alt = _check_image(image, image_alt)
    idea = Idea.objects.create(
        collection=collection,
        author=author,
        title=title,
        text=text,
        category=category,
        district=district,
        image=image or "",
        image_alt=image_alt if image else "",
        channel=Channel.ONLINE,
    )
    if tell_me:
        _subscribe(_project(collection), author)
    return idea


def may_edit(user, idea) -> bool:
    """The author, while nobody supports the idea and it is still only received."""
    return (
        user.is_authenticated
        and idea.author_id == user.pk
        and idea.is_active
        and idea.status == Status.RECEIVED
        and not idea.supports.exists()
    )


@transaction.atomic
def edit_idea(
    author,
    idea,
    *,
    title,
    text,
    category=None,
    district=None,
    image=None,
    image_alt="",
    remove_image=False,
) -> Idea:
    """The author changes their idea, as long as nobody has supported it (a supporter
    supported what they read). The idea row is locked: a support cannot slip in between."""
    idea = _locked(idea)
    if idea.author_id is None or author is None or idea.author_id != author.pk:
        raise PermissionDenied
    _check_author(author, idea.collection)
    if not may_edit(author, idea):
        raise IdeaError(_("This idea can no longer be changed: somebody supports it already."))
    title, text = _clean_text(title, text)
    _check_choices(idea.collection, category, district)
    old_image, storage = idea.image.name, idea.image.storage
    if image:
        idea.image = image
    elif remove_image:
        idea.image = ""
    idea.image_alt = _check_image(idea.image, image_alt) if idea.image else ""
    idea.title, idea.text, idea.category, idea.district = title, text, category, district
    idea.edited_at = timezone.now()
    idea.save()
    if old_image and idea.image.name != old_image:  # a replaced image must not stay public
        uploads.delete_after_commit(storage, old_image)
    return idea


@transaction.atomic
def withdraw_idea(author, idea) -> Idea:
    """The author takes their idea back: it leaves the list; the ledger keeps that it was
    received and withdrawn (without its title)."""
    idea = _locked(idea)
    if idea.author_id is None or author is None or idea.author_id != author.pk:
        raise PermissionDenied
    if idea.withdrawn:
        return idea  # twice is once
    idea.withdrawn_at = timezone.now()
    idea.save(update_fields=["withdrawn_at"])
    return idea


def _check_supportable(user, idea) -> None:
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    if not has_verified_address(user):
        raise IdeaError(_("Please confirm your e-mail address before you take part."))
    if idea.merged_into_id:
        raise IdeaError(_("This idea was merged into another one: please support that one."))
    if not idea.is_active:
        raise IdeaError(_("This idea cannot be supported."))
    if not idea.collection.module.is_open():
        raise IdeaError(_("This idea collection is not open for contributions."))


@transaction.atomic
def support_idea(user, idea) -> bool:
    """``user`` supports ``idea``: True if that is new, False if they did already. One per
    person, however many requests arrive at once (the idea row is locked, and the unique
    constraint holds if anything gets past the lock)."""
    idea = _locked(idea)
    _check_supportable(user, idea)
    if Support.objects.filter(idea=idea, user=user).exists():
        return False
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def withdraw_support(user, idea) -> bool:
    """``user`` takes their support back: True if there was one."""
    idea = _locked(idea)
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    if not idea.collection.module.is_open():
        raise IdeaError(_("This idea collection is not open for contributions."))
    deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
    return bool(deleted)


def _subscribed(project, user) -> bool:
    return FeedbackSubscription.objects.filter(project=project, email__iexact=user.email).exists()


@transaction.atomic
def change_status(actor, idea, *, status, reason) -> StatusChange:
    """Staff (moderators) give the idea a new status with a public reason: a row of the
    status trail, an audit entry, and — if the author asked to be told — a mail."""
    _check_moderator(actor, idea.collection)
    reason = _clean_reason(reason, _("Please give the public reason for this decision."))
    idea = _locked(idea)
    if not idea.is_active:
        raise IdeaError(
            _("This idea was withdrawn, hidden or merged: its status cannot change any more.")
        )
    if status not in NEXT_STATUSES.get(idea.status, []):
        raise IdeaError(
            _("An idea that is “%(current)s” cannot become “%(status)s”.")
            % {
                "current": idea.get_status_display(),
                "status": Status(status).label if status in Status.values else status,
            }
        )
    before = snapshot(idea)
    change = StatusChange.objects.create(
        idea=idea, from_status=idea.status, to_status=status, reason=reason, decided_by=actor
    )
    idea.status = status
    idea.save(update_fields=["status"])
    changes = changes_between(before, idea, ["status"])
    changes[_("Reason")] = ["", reason]
    project = _project(idea.collection)
    record(project.organisation, actor, IDEA_STATUS_CHANGED, f"{project.title}: {idea}", changes)
    if idea.author is not None and _subscribed(project, idea.author):
        queue_mail(
            "participation.idea_status",
            organisation_id=project.organisation_id,
            status_change_id=change.pk,
        )
    return change


@transaction.atomic
def merge_ideas(actor, duplicate, target, *, reason) -> StatusChange:
    """The duplicate is merged into ``target``: its supporters support the target (once
    each), the duplicate shows "merged into …", both authors are told."""
    _check_moderator(actor, duplicate.collection)
    reason = _clean_reason(reason, _("Please say publicly why the ideas are merged."))
    if duplicate.pk == target.pk:
        raise IdeaError(_("An idea cannot be merged into itself."))
    if duplicate.collection_id != target.collection_id:
        raise IdeaError(_("Only ideas of the same idea collection can be merged."))
    first, second = sorted([duplicate, target], key=lambda idea: idea.pk)  # one lock order
    first, second = _locked(first), _locked(second)
    duplicate, target = (first, second) if first.pk == duplicate.pk else (second, first)
    if not duplicate.is_active or not target.is_active:
        raise IdeaError(
            _("Only ideas that are neither withdrawn, hidden nor merged can be merged.")
        )
    supporters = list(Support.objects.filter(idea=duplicate).values_list("user_id", "created_at"))
    Support.objects.bulk_create(
        [Support(idea=target, user_id=user_id, created_at=at) for user_id, at in supporters],
        ignore_conflicts=True,  # who supports both counts once
    )
    Support.objects.filter(idea=duplicate).delete()
    duplicate.merged_into = target
    duplicate.save(update_fields=["merged_into"])
    change = StatusChange.objects.create(
        idea=duplicate,
        from_status=duplicate.status,
        to_status=duplicate.status,
        merged_into=target,
        reason=reason,
        decided_by=actor,
    )
    project = _project(duplicate.collection)
    record(
        project.organisation,
        actor,
        IDEA_MERGED,
        f"{project.title}: {duplicate} → {target}",
        {_("Reason"): ["", reason]},
    )
    told = set()
    for idea, role in ((duplicate, "duplicate"), (target, "target")):
        if idea.author_id and idea.author_id not in told:
            told.add(idea.author_id)
            queue_mail(
                "participation.idea_merged",
                organisation_id=project.organisation_id,
                status_change_id=change.pk,
                role=role,
            )
    return change


@transaction.atomic
def enter_offline_idea(
    actor,
    collection,
    *,
    channel,
    title,
    text,
    category=None,
    district=None,
    received_on=None,
) -> Idea:
    """Staff enter an idea that came by letter, phone or at a workshop, so that evaluation
    counts every voice. It has no author account; the channel is shown with it."""
    _check_moderator(actor, collection)
    if channel not in OFFLINE_CHANNELS:
        raise IdeaError(_("Please choose how the idea reached you."))
    title, text = _clean_text(title, text)
    _check_choices(collection, category, district)
    idea = Idea.objects.create(
        collection=collection,
        title=title,
        text=text,
        category=category,
        district=district,
        channel=channel,
        entered_by=actor,
        received_on=received_on or timezone.localdate(),
    )
    project = _project(collection)
    record(
        project.organisation,
        actor,
        IDEA_ENTERED,
        f"{project.title}: {idea}",
        {_("Channel"): ["", str(idea.get_channel_display())]},
    )
    return idea


@transaction.atomic
def set_categories(actor, collection, names) -> list[Category]:
    """The collection's categories, one name per entry (each once, in order). A category
    that is gone leaves its ideas without category."""
    _check_moderator(actor, collection)
    seen, wanted = set(), []
    for name in names:
        name = name.strip()[:100]
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            wanted.append(name)
    current = {category.name: category for category in collection.categories.all()}
    before = ", ".join(current)
    Category.objects.filter(collection=collection).exclude(name__in=wanted).delete()
    for position, name in enumerate(wanted):
        if name in current:
            Category.objects.filter(pk=current[name].pk).update(position=position)
        else:
            Category.objects.create(collection=collection, name=name, position=position)
    after = ", ".join(wanted)
    if before != after:
        project = _project(collection)
        record(
            project.organisation,
            actor,
            IDEA_CATEGORIES_CHANGED,
            f"{project.title}: {collection}",
            {_("Categories"): [before, after]},
        )
    return list(collection.categories.all())


# Moderation of reported ideas: the comments app's generic ``Report`` rows, decided here
# (the comments app's queue lists only comments); each decision is told to the author and
# every reporter and written to the audit log.


def _idea_type():
    return ContentType.objects.get_for_model(Idea)


def open_reports(collection) -> list[tuple[Idea, list[Report]]]:
    """The collection's ideas with open reports, oldest report first (two queries)."""
    reports = list(
        Report.objects.filter(content_type=_idea_type(), decision=Report.Decision.OPEN)
        .select_related("reporter")
        .order_by("created_at", "pk")
    )
    ideas = {
        idea.pk: idea
        for idea in Idea.objects.filter(
            collection=collection, pk__in=[report.object_id for report in reports]
        ).select_related("author")
    }
    by_idea: dict[int, list] = {}
    for report in reports:
        if report.object_id in ideas:
            by_idea.setdefault(report.object_id, []).append(report)
    return [(ideas[pk], found) for pk, found in by_idea.items()]


@transaction.atomic
def report_idea(reporter, idea, *, reason, text="") -> Report:
    if reporter is None or not reporter.is_authenticated:
        raise PermissionDenied
    if not idea.is_active:
        raise IdeaError(_("This idea cannot be reported."))
    if reason not in Report.Reason.values:
        raise IdeaError(_("Please choose a reason."))
    if Report.objects.filter(
        content_type=_idea_type(),
        object_id=idea.pk,
        reporter=reporter,
        decision=Report.Decision.OPEN,
    ).exists():
        raise IdeaError(_("You have reported this idea already."))
    return Report.objects.create(
        organisation=_project(idea.collection).organisation,
        target=idea,
        reporter=reporter,
        reason=reason,
        text=(text or "").strip()[:1000],
    )


def _decide(actor, idea, decision, reason) -> list[Report]:
    reports = list(
        Report.objects.select_for_update().filter(
            content_type=_idea_type(), object_id=idea.pk, decision=Report.Decision.OPEN
        )
    )
    now = timezone.now()
    for report in reports:
        report.decision, report.decided_by, report.decided_at = decision, actor, now
        report.decision_reason = reason
        report.save(update_fields=["decision", "decided_by", "decided_at", "decision_reason"])
    return reports


def _tell(idea, reports, decision) -> None:
    organisation_id = _project(idea.collection).organisation_id
    if decision == Report.Decision.HIDDEN and idea.author_id:
        queue_mail("participation.idea_hidden", organisation_id=organisation_id, idea_id=idea.pk)
    for report in reports:
        if report.reporter_id:
            queue_mail(
                "participation.idea_report_decided",
                organisation_id=organisation_id,
                report_id=report.pk,
            )


@transaction.atomic
def hide_idea(actor, idea, *, reason) -> Idea:
    """Moderators hide an idea (insult, personal data, …) with a reason everyone sees."""
    _check_moderator(actor, idea.collection)
    reason = _clean_reason(reason, _("Please give the reason for hiding the idea."))[:500]
    idea = _locked(idea)
    if idea.is_hidden:
        raise IdeaError(_("This idea is hidden already."))
    idea.hidden_at, idea.hidden_reason = timezone.now(), reason
    idea.save(update_fields=["hidden_at", "hidden_reason"])
    reports = _decide(actor, idea, Report.Decision.HIDDEN, reason)
    project = _project(idea.collection)
    record(
        project.organisation,
        actor,
        IDEA_HIDDEN,
        f"{project.title}: {idea}",
        {_("Reason"): ["", reason]},
    )
    _tell(idea, reports, Report.Decision.HIDDEN)
    return idea


@transaction.atomic
def keep_idea(actor, idea, *, reason="") -> Idea:
    """The reported idea stays; the reporters are told."""
    _check_moderator(actor, idea.collection)
    idea = _locked(idea)
    reports = _decide(actor, idea, Report.Decision.KEPT, (reason or "").strip()[:500])
    if not reports:
        raise IdeaError(_("This idea has no open reports."))
    project = _project(idea.collection)
    record(project.organisation, actor, IDEA_KEPT, f"{project.title}: {idea}")
    _tell(idea, reports, Report.Decision.KEPT)
    return idea

"""Use-cases of running a project (the staff pages): create and change it, its topics,
districts, phases and modules, publish, conclude and archive it. Plain data in, one
transaction each, each in the audit log."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitwirken.core import uploads
from mitwirken.core.changes import changes_between, snapshot
from mitwirken.organisations.models import register_audit_action
from mitwirken.organisations.services import record

from .models import District, Feedback, Module, Phase, Project, ProjectTopic

PROJECT_CREATED = register_audit_action("project_created", gettext_lazy("Project created"))
PROJECT_CHANGED = register_audit_action("project_changed", gettext_lazy("Project changed"))
PROJECT_PUBLISHED = register_audit_action("project_published", gettext_lazy("Project published"))
PROJECT_CONCLUDED = register_audit_action("project_concluded", gettext_lazy("Project concluded"))
PROJECT_ARCHIVED = register_audit_action("project_archived", gettext_lazy("Project archived"))
PHASES_CHANGED = register_audit_action("project_phases_changed", gettext_lazy("Phases changed"))
MODULE_ADDED = register_audit_action("project_module_added", gettext_lazy("Module added"))
MODULE_CHANGED = register_audit_action("project_module_changed", gettext_lazy("Module changed"))

PROJECT_FIELDS = (
    "title",
    "teaser",
    "description",
    "image",
    "image_alt",
    "area",
    "contact_name",
    "contact_email",
    "contact_phone",
    *Project.CONCEPT_FIELDS,
    "access",
    "internal_domains",
)

Status = Project.Status

# The phases a new project gets (names and number editable): four weeks each from today.
PHASE_PRESETS = (
    (gettext_lazy("Information"), gettext_lazy("What the project is about, and how to take part.")),
    (gettext_lazy("Participation"), gettext_lazy("Surveys, ideas and comments are open.")),
    (gettext_lazy("Evaluation"), gettext_lazy("The administration evaluates every contribution.")),
    (gettext_lazy("Feedback"), gettext_lazy("What became of the contributions, and why.")),
)


class ProjectStateError(Exception):
    """A step that does not fit the project's state; ``reasons`` says why, in German."""

    def __init__(self, reasons):
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = [str(reason) for reason in reasons]


def _check_fields(fields) -> None:
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field staff set on a project: {', '.join(sorted(unknown))}")


def _locked(project) -> Project:
    return Project.objects.select_for_update().select_related("organisation").get(pk=project.pk)


def _names(text_or_list) -> list[str]:
    """Topics or districts given as a list or one per line: each once, in order."""
    lines = text_or_list.splitlines() if isinstance(text_or_list, str) else text_or_list
    seen, names = set(), []
    for line in lines:
        name = line.strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def _save_names(project, model, names) -> bool:
    """Replace the project's topics or districts by these names; True if they changed.
    Districts in use (by an idea) stay: they are protected by their foreign key."""
    manager = model.objects.filter(project=project)
    current = list(manager.values_list("name", flat=True))
    if current == names:
        return False
    keep = {name.casefold(): name for name in names}
    manager.exclude(name__in=list(keep.values())).delete()
    existing = {name for name in manager.values_list("name", flat=True)}
    for position, name in enumerate(names):
        if name in existing:
            if model is District:
                manager.filter(name=name).update(position=position)
        elif model is District:
            District.objects.create(project=project, name=name, position=position)
        else:
            ProjectTopic.objects.create(project=project, name=name)
    return True


def _image_fields(fields, remove_image) -> dict:
    fields = dict(fields)
    if not fields.get("image"):
        fields.pop("image", None)
        if remove_image:
            fields["image"] = ""
    return fields


@transaction.atomic
def create_project(actor, organisation, *, topics=(), districts=(), **fields) -> Project:
    """A new project of ``organisation`` as a draft with the preset phases (four weeks each,
    from today), from plain data (``PROJECT_FIELDS``, topics and districts as names)."""
    _check_fields(fields)
    fields = _image_fields(fields, remove_image=False)
    project = Project.objects.create(organisation=organisation, status=Status.DRAFT, **fields)
    _save_names(project, ProjectTopic, _names(topics))
    _save_names(project, District, _names(districts))
    start = timezone.localdate()
    for position, (name, description) in enumerate(PHASE_PRESETS):
        Phase.objects.create(
            project=project,
            position=position,
            name=str(name),
            description=str(description),
            starts_on=start + timedelta(weeks=4 * position),
            ends_on=start + timedelta(weeks=4 * (position + 1), days=-1),
        )
    record(organisation, actor, PROJECT_CREATED, project.title)
    return project


@transaction.atomic
def update_project(
    actor, project, *, topics=None, districts=None, remove_image=False, **fields
) -> Project:
    """Save staff changes: the fields given (the others stay), and the topics and districts
    if given. One audit entry with what changed."""
    _check_fields(fields)
    fields = _image_fields(fields, remove_image)
    project = _locked(project)
    before = snapshot(project)
    old_image, storage = project.image.name, project.image.storage
    for name, value in fields.items():
        setattr(project, name, value)
    project.save()
    if project.image.name != old_image:  # a replaced image must not stay public
        uploads.delete_after_commit(storage, old_image)
    order = {name: index for index, name in enumerate(PROJECT_FIELDS)}
    changes = changes_between(before, project, sorted(fields, key=order.__getitem__))
    for label, model, names in (
        (_("Topics"), ProjectTopic, topics),
        (_("Districts"), District, districts),
    ):
        if names is not None and _save_names(project, model, _names(names)):
            changes[str(label)] = ["", ", ".join(_names(names))]
    if changes:
        record(project.organisation, actor, PROJECT_CHANGED, project.title, changes)
    return project


def publish_problems(project) -> list[str]:
    """Why the project cannot be published yet (in German), or nothing."""
    problems = []
    missing = project.missing_concept()
    if missing:
        problems.append(
            _("The participation concept is incomplete: %(parts)s.") % {"parts": ", ".join(missing)}
        )
    if not project.phases.exists():
        problems.append(_("The project needs at least one phase."))
    if project.access == Project.Access.INTERNAL and not project.internal_domain_list():
        problems.append(_("Internal participation needs the e-mail domains of the employees."))
    if project.image and not project.image_alt.strip():
        problems.append(_("The image needs a text alternative."))
    return problems


def _move(actor, project, allowed_from, to, action, stamp=None) -> Project:
    project = _locked(project)
    if project.status == to:
        return project  # twice is once (a form sent again)
    if project.status not in allowed_from:
        raise ProjectStateError([_("This is not possible in the project's current status.")])
    before = project.get_status_display()
    project.status = to
    update = ["status", "updated_at"]
    if stamp:
        setattr(project, stamp, timezone.now())
        update.append(stamp)
    project.save(update_fields=update)
    changes = {str(_("Status")): [str(before), str(project.get_status_display())]}
    record(project.organisation, actor, action, project.title, changes)
    return project


@transaction.atomic
def publish_project(actor, project) -> Project:
    """A draft becomes public, if its participation concept is complete."""
    locked = _locked(project)
    if locked.status == Status.DRAFT:
        problems = publish_problems(locked)
        if problems:
            raise ProjectStateError(problems)
    return _move(actor, locked, {Status.DRAFT}, Status.PUBLISHED, PROJECT_PUBLISHED, "published_at")


def conclude_problems(project) -> list[str]:
    if not Feedback.objects.filter(project=project, published_at__isnull=False).exists():
        return [_("A project can only be concluded once its feedback (Rückmeldung) is published.")]
    return []


@transaction.atomic
def conclude_project(actor, project) -> Project:
    """A published project is concluded: nobody contributes any more; its pages, results
    and feedback stay online. Only with a published Rückmeldung."""
    locked = _locked(project)
    if locked.status == Status.PUBLISHED:
        problems = conclude_problems(locked)
        if problems:
            raise ProjectStateError(problems)
    return _move(
        actor, locked, {Status.PUBLISHED}, Status.CONCLUDED, PROJECT_CONCLUDED, "concluded_at"
    )


@transaction.atomic
def archive_project(actor, project) -> Project:
    """A concluded project moves to the archive (listed under "Archiv")."""
    return _move(actor, project, {Status.CONCLUDED}, Status.ARCHIVED, PROJECT_ARCHIVED)


@transaction.atomic
def save_phases(actor, project, rows) -> Project:
    """New, changed or deleted phases: ``rows`` of dicts with ``id`` (None for new),
    ``name``, ``description``, ``starts_on``, ``ends_on``, ``delete``; their order is their
    position. A phase that holds a module cannot be deleted (ProjectStateError)."""
    project = _locked(project)
    phases = {phase.pk: phase for phase in project.phases.all()}
    problems = []
    position = 0
    for row in rows:
        phase = phases.get(row.get("id")) if row.get("id") else None
        if row.get("delete"):
            if phase is not None:
                if phase.modules.exists():
                    problems.append(
                        _("The phase “%(phase)s” holds modules and cannot be deleted.")
                        % {"phase": phase.name}
                    )
                    continue
                phase.delete()
            continue
        if row["ends_on"] < row["starts_on"]:
            problems.append(
                _("The phase “%(phase)s” ends before it begins.") % {"phase": row["name"]}
            )
            continue
        phase = phase or Phase(project=project)
        phase.name, phase.description = row["name"], row.get("description", "")
        phase.starts_on, phase.ends_on, phase.position = row["starts_on"], row["ends_on"], position
        phase.save()
        position += 1
    if problems:
        transaction.set_rollback(True)
        raise ProjectStateError(problems)
    record(project.organisation, actor, PHASES_CHANGED, project.title)
    return project


@transaction.atomic
def add_module(actor, project, *, kind, title, phase, description="") -> Module:
    """A new module of ``kind`` in one of the project's phases, at the end; the kind's own
    record (the survey, the idea collection) is made by its ``module_created`` hook."""
    if phase.project_id != project.pk:
        raise ValueError("The phase is not one of this project's.")
    if kind not in Module.Kind.values:
        raise ValueError(f"No module kind {kind!r}.")
    project = _locked(project)
    module = Module.objects.create(
        project=project,
        phase=phase,
        kind=kind,
        title=title,
        description=description,
        position=project.modules.count(),
    )
    from .modules import module_kind

    registered = module_kind(kind)
    if registered is not None and registered.created is not None:
        registered.created(module)
    record(project.organisation, actor, MODULE_ADDED, f"{project.title}: {title}")
    return module


@transaction.atomic
def update_module(actor, module, *, title, phase, description="") -> Module:
    if phase.project_id != module.project_id:
        raise ValueError("The phase is not one of this project's.")
    before = snapshot(module)
    module.title, module.phase, module.description = title, phase, description
    module.save()
    changes = changes_between(before, module, ["title", "phase", "description"])
    if changes:
        record(module.project.organisation, actor, MODULE_CHANGED, module.title, changes)
    return module

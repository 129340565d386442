"""Tenancy fails closed: every model of tenant data is scoped, and the scopes are switched off
only in the places ``core.tenancy.SPANS_ORGANISATIONS`` names."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django_scopes import ScopeError, scope
from django_tasks import task

import mitwirken
from mitwirken.core.task_backends import TaskFailed
from mitwirken.core.tenancy import SPANS_ORGANISATIONS, check_scope_of, in_scope_of
from mitwirken.organisations.models import Organisation, StaffRole

# Models of the project that are deliberately global: they belong to no organisation.
GLOBAL_MODELS = {
    "organisations.Organisation",  # the tenants themselves
    "accounts.User",  # a person, who may work with several organisations
    "core.PlatformPage",  # the platform admin's portal-wide pages
    "core.SentMail",  # which mail tasks have sent (task ids only)
    "core.OutgoingMail",  # allauth's rendered account mails, to a person, not an organisation
    "core.JobRun",  # when the periodic jobs of the whole installation last ran
    "networks.NotificationSettings",  # a person's mail setting for all their networks
    "networks.DigestSent",  # which digest went to a person (for all their networks)
    # A person's network profile and its topics: the person's, like the account, the same in
    # all their networks of every organisation (what a viewer sees of it is decided per network).
    "networks.NetworkProfile",
    "networks.ProfileTopic",
}

SOURCE = Path(mitwirken.__file__).parent
# The ways to switch django-scopes off: the context manager, the manager's escape hatch, and
# scope(_enabled=False).
SWITCHES = {"scopes_disabled", "with_scopes_disabled"}


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("mitwirken.")]


def _reaches_organisation(model, seen=()) -> bool:
    """Whether a chain of foreign keys (or many-to-many fields) leads to an Organisation."""
    for field in model._meta.get_fields():
        if not (field.is_relation and field.concrete and field.related_model):
            continue
        target = field.related_model
        if target is Organisation:
            return True
        if (
            target not in seen
            and target is not model
            and _reaches_organisation(target, (*seen, model))
        ):
            return True
    return False


def _label(model) -> str:
    return model._meta.label


def test_the_walk_finds_the_tenant_models():
    tenant = {_label(m) for m in _project_models() if _reaches_organisation(m)}
    # A few that must be found (one of each kind: own key, through the event, two steps away).
    assert {"events.Event", "events.Registration", "events.Certificate"} <= tenant
    assert {"questionnaires.Choice", "questionnaires.Answer"} <= tenant
    assert {"organisations.StaffRole", "events.EventMessage"} <= tenant
    assert "accounts.User" not in tenant


def test_global_models_are_few_and_exist():
    labels = {_label(m) for m in _project_models()}
    assert labels >= GLOBAL_MODELS


@pytest.mark.parametrize(
    "model",
    [m for m in _project_models() if _label(m) not in GLOBAL_MODELS],
    ids=_label,
)
def test_every_tenant_model_is_scoped(model, org_a):
    """Its default manager refuses a query outside a scope, and answers inside one."""
    assert _reaches_organisation(model), (
        f"{_label(model)} does not belong to an organisation: give it one, or add it to "
        "GLOBAL_MODELS with the reason"
    )
    with pytest.raises(ScopeError):
        list(model._default_manager.all())
    with pytest.raises(ScopeError):
        model._default_manager.filter(pk=1).exists()
    with scope(organisation=org_a):
        assert list(model._default_manager.all()) == []


def _switch_offs(tree):
    """(qualified name of the enclosing function, line) of every place that switches the
    scopes off."""
    found = []

    def visit(node, names):
        for child in ast.iter_child_nodes(node):
            inner = names
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = (*names, child.name)
            where = (".".join(names), getattr(child, "lineno", 0))
            name = getattr(child, "id", None) or getattr(child, "attr", None)
            if isinstance(child, ast.Name | ast.Attribute) and name in SWITCHES:
                found.append(where)
            elif isinstance(child, ast.ImportFrom | ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[-1] in SWITCHES and alias.asname:
                        found.append((f"import as {alias.asname}", child.lineno))
            elif isinstance(child, ast.Call) and any(
                keyword.arg == "_enabled" for keyword in child.keywords
            ):
                found.append(where)
            visit(child, inner)

    visit(tree, ())
    return found


def _all_switch_offs():
    places = {}
    for path in sorted(SOURCE.rglob("*.py")):
        module = ".".join(("mitwirken", *path.relative_to(SOURCE).with_suffix("").parts))
        for function, line in _switch_offs(ast.parse(path.read_text(), str(path))):
            places.setdefault(f"{module}:{function}", []).append(f"{path}:{line}")
    return places


def test_scopes_are_switched_off_only_where_the_allow_list_says():
    places = _all_switch_offs()
    unlisted = {name: lines for name, lines in places.items() if name not in SPANS_ORGANISATIONS}
    assert not unlisted, (
        "scopes_disabled outside mitwirken.core.tenancy.SPANS_ORGANISATIONS: enter the "
        f"organisation's scope instead (or list the place with its reason): {unlisted}"
    )


def test_the_allow_list_names_no_place_that_is_gone():
    stale = set(SPANS_ORGANISATIONS) - set(_all_switch_offs())
    assert not stale, f"no longer switch the scopes off; remove them from the list: {stale}"


def test_the_check_finds_every_way_to_switch_the_scopes_off():
    source = """
from django_scopes import scopes_disabled as off

def a():
    with scopes_disabled():
        pass

class B:
    def c(self):
        return Event.objects.with_scopes_disabled()

def d():
    with django_scopes.scope(_enabled=False):
        pass
"""
    names = [name for name, _line in _switch_offs(ast.parse(source))]
    assert names == ["import as off", "a", "B.c", "d"]


# Tasks that read no organisation's data, with the reason; every other task enters the scope
# of the organisation it works for with core.tenancy.in_scope_of.
# Tasks that enter no single organisation's scope, with the reason.
TASKS_WITHOUT_TENANT_DATA: dict[str, str] = {
    "mitwirken.networks.notification_tasks:deliver_digest": (
        "a person's digest spans their networks of every organisation (SPANS_ORGANISATIONS)"
    ),
}


def _tasks():
    """{"module:function": whether it calls in_scope_of} for every @task in the source."""
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        module = ".".join(("mitwirken", *path.relative_to(SOURCE).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.FunctionDef):
                continue
            decorators = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
            if any(getattr(d, "id", getattr(d, "attr", "")) == "task" for d in decorators):
                found[f"{module}:{node.name}"] = any(
                    isinstance(call, ast.Call) and getattr(call.func, "id", "") == "in_scope_of"
                    for call in ast.walk(node)
                )
    return found


def test_every_task_enters_the_scope_of_its_organisation():
    tasks = _tasks()
    assert "mitwirken.events.tasks:send_reminders" in tasks  # the walk finds them
    assert set(TASKS_WITHOUT_TENANT_DATA) <= set(tasks)
    without = {
        name
        for name, enters in tasks.items()
        if not enters and name not in TASKS_WITHOUT_TENANT_DATA
    }
    assert not without, f"tasks that do not enter a scope with in_scope_of: {without}"


def test_a_task_needs_the_id_of_its_organisation(org_a, staff_a):
    with pytest.raises(ValueError):
        in_scope_of(None)
    with in_scope_of(org_a.pk):
        assert StaffRole.objects.count() == len(staff_a)


@task()
def count_staff_roles() -> int:
    return StaffRole.objects.count()


def test_a_task_does_not_inherit_the_scope_of_the_code_that_queued_it(
    org_a, django_capture_on_commit_callbacks
):
    """In the tests, as in a worker: a task that forgets to enter its organisation's scope
    fails, even if the test (or request) that queued it ran in one."""
    with (
        pytest.raises(TaskFailed, match="ScopeError"),
        scope(organisation=org_a),
        django_capture_on_commit_callbacks(execute=True),
    ):
        count_staff_roles.enqueue()


def test_the_scope_check_of_a_use_case(org_a, org_b):
    with pytest.raises(ScopeError):
        check_scope_of(org_a)
    with scope(organisation=org_b), pytest.raises(ScopeError):
        check_scope_of(org_a.pk)
    with scope(organisation=None), pytest.raises(ScopeError):  # None would mean: every one
        check_scope_of(org_a)
    with scope(organisation=org_a):
        check_scope_of(org_a)
        check_scope_of(org_a.pk)
    with scope(organisation=org_a.pk):
        check_scope_of(org_a)

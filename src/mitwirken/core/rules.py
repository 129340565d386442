import rules


@rules.predicate
def is_platform_admin(user):
    return bool(user and user.is_authenticated and user.is_superuser)


rules.add_perm("core.change_platformpage", is_platform_admin)

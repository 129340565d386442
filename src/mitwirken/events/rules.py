import rules

from mitwirken.core.rules import is_platform_admin
from mitwirken.organisations.rules import is_org_editor, is_org_staff

# Editors plan events; all staff (editors and moderators) handle registrations, attendance,
# materials and messages.
rules.add_perm("events.change_event", is_org_editor | is_platform_admin)
rules.add_perm("events.manage_registrations", is_org_staff | is_platform_admin)

"""The audit-log actions of memberships (registered with organisations' audit log)."""

from django.utils.translation import gettext_lazy as _

from mitwirken.organisations.models import register_audit_action

ACCEPTED = register_audit_action("network_application_accepted", _("Network application accepted"))
DECLINED = register_audit_action("network_application_declined", _("Network application declined"))
REMOVED = register_audit_action("network_member_removed", _("Network member removed"))
MADE_COORDINATOR = register_audit_action("network_coordinator_made", _("Made network coordinator"))
COORDINATOR_ENDED = register_audit_action(
    "network_coordinator_ended", _("No longer network coordinator")
)
INVITED = register_audit_action("network_invited", _("Invited to a network"))
INVITATION_REVOKED = register_audit_action(
    "network_invitation_revoked", _("Network invitation withdrawn")
)
INVITATION_ACCEPTED = register_audit_action(
    "network_invitation_accepted", _("Network invitation accepted")
)

# Entries whose subject is the person concerned (their public name then): erased with them.
ABOUT_A_PERSON = [ACCEPTED, DECLINED, REMOVED, MADE_COORDINATOR, COORDINATOR_ENDED]
ABOUT_AN_ADDRESS = [INVITED, INVITATION_REVOKED, INVITATION_ACCEPTED]

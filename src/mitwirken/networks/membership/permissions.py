"""The membership part's own permission: taking part (joining, applying, leaving, an
invitation) needs an account; whether this person may take this step the use-case decides,
and says why not (``services.MembershipError``)."""

import rules

if not rules.perm_exists("networks.take_part"):
    rules.add_perm("networks.take_part", rules.is_authenticated)

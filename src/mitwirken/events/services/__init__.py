"""Write use-cases of events, split by what they are about:

- ``registrations``: register, confirm, cancel, waiting list and offers (the seat decisions)
- ``management``: staff create, change, move, duplicate and cancel events; decide registrations
- ``follow_up``: attendance, materials, certificates, messages, the retention purge
"""

from .follow_up import *  # noqa: F403
from .management import *  # noqa: F403
from .registrations import *  # noqa: F403

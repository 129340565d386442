"""Checks of typed text shared by the forms of several apps."""


def has_control_characters(text: str, *, line_breaks_allowed: bool = True) -> bool:
    """NUL and the other control characters no typed text contains; line breaks and tabs
    only where ``line_breaks_allowed`` (a text area)."""
    allowed = "\t\n\r" if line_breaks_allowed else ""
    return any((ord(c) < 32 or ord(c) == 127) and c not in allowed for c in text)

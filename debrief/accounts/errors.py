from debrief.lib.errors import DomainError


class AccountError(DomainError):
    """A change to an account the rules refuse; the message is for the user."""

"""Personal API tokens as text: how one is made and how it is stored."""

import hashlib
import secrets

PREFIX = "dbf_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    # Tokens are 256 random bits, so a plain hash is enough: there is nothing to guess.
    return hashlib.sha256(token.encode()).hexdigest()

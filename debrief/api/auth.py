"""Who calls the API: a logged-in browser session, or a personal token (`Authorization: Bearer …`)."""

from ninja.security import HttpBearer

from debrief.accounts import selectors, services


class PersonalToken(HttpBearer):
    def authenticate(self, request, token: str):
        found = selectors.active_api_token(token)
        if found is None:
            return None
        services.api_token_touch(token=found)
        request.user = found.user  # every access rule then reads the token's user
        return found.user

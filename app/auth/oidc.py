"""Optional single sign-on through OpenID Connect (ProConnect, Keycloak…) with Authlib.

Configured by `NAVIGATOR_OIDC_ISSUER`, `NAVIGATOR_OIDC_CLIENT_ID`, `NAVIGATOR_OIDC_CLIENT_SECRET`. The provider
proves who the person is (a verified e-mail in the ID token, checked against the provider's keys and the nonce);
the local account with that e-mail decides what they may do: SSO never creates accounts nor grants roles.
"""

from __future__ import annotations

from functools import lru_cache

from authlib.integrations.starlette_client import OAuth

from app.settings import Settings

PROVIDER = "sso"


def oidc_configured(settings: Settings) -> bool:
    return bool(settings.oidc_issuer and settings.oidc_client_id)


@lru_cache(maxsize=4)
def _oauth(issuer: str, client_id: str, client_secret: str) -> OAuth:
    oauth = OAuth()
    oauth.register(
        PROVIDER,
        client_id=client_id,
        client_secret=client_secret or None,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email"},
    )
    return oauth


def client(settings: Settings):
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else ""
    return _oauth(settings.oidc_issuer, settings.oidc_client_id, secret).create_client(PROVIDER)


def verified_email(userinfo: dict) -> str | None:
    """The e-mail the provider vouches for; None if absent or explicitly unverified."""
    email = userinfo.get("email")
    if not email or userinfo.get("email_verified") is False:
        return None
    return str(email).strip().lower()

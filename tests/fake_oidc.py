"""A local OpenID Connect provider for tests: discovery, authorize (no login form), token with an RS256 ID token, JWKS."""

from __future__ import annotations

import secrets
import socket
import threading
import time
from urllib.parse import parse_qs, urlencode

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from joserfc import jwt
from joserfc.jwk import RSAKey


class FakeOIDC:
    def __init__(self, client_id: str = "navigator") -> None:
        self.client_id = client_id
        self.email = "alice@example.org"
        self.email_verified = True
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.codes: dict[str, dict] = {}
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self._app(), host="127.0.0.1", port=self.port, log_level="warning"))

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return {
                "issuer": self.url,
                "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token",
                "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }

        @app.get("/jwks")
        def jwks():
            return {"keys": [self.key.as_dict(private=False)]}

        @app.get("/authorize")
        def authorize(request: Request):
            params = request.query_params
            code = secrets.token_urlsafe(12)
            self.codes[code] = {"nonce": params.get("nonce"), "email": self.email, "verified": self.email_verified}
            return RedirectResponse(
                f"{params['redirect_uri']}?{urlencode({'code': code, 'state': params['state']})}", status_code=302
            )

        @app.post("/token")
        async def token(request: Request):
            code = parse_qs((await request.body()).decode()).get("code", [""])[0]
            grant = self.codes.pop(code, None)
            if grant is None:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            now = int(time.time())
            claims = {
                "iss": self.url,
                "sub": "user-1",
                "aud": self.client_id,
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
                "email": grant["email"],
                "email_verified": grant["verified"],
            }
            id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
            return {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }

        return app

    def __enter__(self) -> FakeOIDC:
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started and time.time() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)

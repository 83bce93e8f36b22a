"""`/docs`: Swagger UI served from the `swagger-ui-bundle` package, never from a public CDN.

An offline or sovereign deployment cannot reach a CDN, and a third-party script on the API's origin is a risk.
The page has no inline script (its initialiser is a static file), so the strict CSP applies.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>"""
INIT = 'window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});\n'


def install(app: FastAPI) -> None:
    """Call with `FastAPI(docs_url=None, redoc_url=None)`: replaces the CDN-based pages."""
    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE.format(title=app.title))

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(INIT, media_type="text/javascript")

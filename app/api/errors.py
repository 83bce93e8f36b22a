"""Errors as JSON with one stable shape: `{"error": {"status", "code", "message", "request_id"}}`.

The request id (also in the `X-Request-ID` response header) is what a user quotes to an operator, who finds the
details in the logs: an unexpected error's message to the client stays generic, its traceback goes to the log."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.answer.question import BadQuestion
from app.generate.conversation import BadConversation
from app.index.generations import IndexNotReady
from app.logs import current_request_id
from app.records.spool import ConversationUnavailable
from app.records.store import UnknownAnswer, UnknownConversation
from app.retrieve.search import BadSearchRequest
from app.review import ReviewError
from app.review.handoffs import UnknownHandoff
from app.safe_text import client_message

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    503: "not_ready",
}


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    request_id: str | None = Field(default=None, description="Quote it when reporting a problem (see the logs)")


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None) -> None:
        self.status, self.message, self.headers = status, message, headers
        super().__init__(message)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: these statuses answer with the JSON error shape."""
    return {status: {"model": ErrorResponse} for status in statuses}


def error_body(status: int, message: str) -> dict:
    """The one error shape; the message is made printable and stripped of server paths before it leaves."""
    return ErrorResponse(
        error=ErrorBody(
            status=status,
            code=CODES.get(status, "error"),
            message=client_message(message),
            request_id=current_request_id(),
        )
    ).model_dump()


def error_response(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    body = error_body(status, message)
    return JSONResponse(body, status_code=status, headers=headers)


# Every API operation can answer these, whatever it does: the limits middleware (413, 429), the index (503), and
# the catch-all handler (500). Declared once here rather than on each route.
COMMON_ERRORS = {
    400: "Bad input",
    413: "Request body too large",
    429: "Rate limited (see Retry-After)",
    500: "Internal error",
    503: "Index not ready",
}


def document_errors(app: FastAPI) -> None:
    """Declare the error responses on every `/api` operation, always as JSON (even for the streamed `/api/chat`)."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        spec.setdefault("components", {}).setdefault("schemas", {})
        spec["components"]["schemas"].setdefault(
            "ErrorResponse", ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        for name, schema in ErrorBody.model_json_schema().get("$defs", {}).items():
            spec["components"]["schemas"].setdefault(name, schema)
        spec["components"]["schemas"].setdefault("ErrorBody", ErrorBody.model_json_schema())
        error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
        for path, operations in spec["paths"].items():
            if not path.startswith("/api/"):
                continue
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                responses.pop("422", None)  # validation errors are 400 here
                for status, description in COMMON_ERRORS.items():
                    responses.setdefault(str(status), {"description": description})
                for status, response in responses.items():
                    if int(status) >= 400:
                        response["content"] = error_content
                        response.setdefault("description", CODES.get(int(status), "error"))
                if "429" in responses:
                    responses["429"]["headers"] = {
                        "Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}
                    }
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", []) if p != "body")
        return error_response(400, f"{where}: {first.get('msg')}" if where else str(first.get("msg")))

    kind: type[Exception]
    for kind in (BadQuestion, BadSearchRequest, BadConversation):
        app.add_exception_handler(kind, lambda request, exc: error_response(400, str(exc)))
    app.add_exception_handler(ReviewError, lambda request, exc: error_response(exc.status, str(exc)))
    for kind in (UnknownAnswer, UnknownConversation, UnknownHandoff):
        app.add_exception_handler(kind, lambda request, exc: error_response(404, str(exc)))
    for kind in (IndexNotReady, ConversationUnavailable):
        app.add_exception_handler(kind, lambda request, exc: error_response(503, str(exc)))
    document_errors(app)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # Never the exception text to the client: it can hold server paths or data. The traceback is logged, with
        # this request's id, by app.logs.RequestLogMiddleware (Starlette re-raises the exception after this answer).
        return error_response(500, "internal error: the request could not be completed")

"""Errors as JSON with one stable shape: `{"error": {"status", "code", "message"}}`."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.answer.question import BadQuestion
from app.generate.conversation import BadConversation
from app.index.generations import IndexNotReady
from app.records.store import UnknownAnswer, UnknownConversation
from app.retrieve.search import BadSearchRequest
from app.review import ReviewError
from app.review.handoffs import UnknownHandoff

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 405: "method_not_allowed", 413: "too_large", 422: "invalid_request",
         429: "rate_limited", 500: "internal_error", 503: "not_ready"}


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict | None = None) -> None:
        self.status, self.message, self.headers = status, message, headers
        super().__init__(message)


def error_response(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(status=status, code=CODES.get(status, "error"), message=message))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


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

    for kind in (BadQuestion, BadSearchRequest, BadConversation):
        app.add_exception_handler(kind, lambda request, exc: error_response(400, str(exc)))
    app.add_exception_handler(ReviewError, lambda request, exc: error_response(exc.status, str(exc)))
    for kind in (UnknownAnswer, UnknownConversation, UnknownHandoff):
        app.add_exception_handler(kind, lambda request, exc: error_response(404, str(exc)))
    app.add_exception_handler(IndexNotReady, lambda request, exc: error_response(503, str(exc)))

"""The planning routes' request handler: ``BodyRoute``, for routes whose one input
is a JSON body (a request model) and whose dependencies are checks of the request
alone (``access.planning_access``).

FastAPI's own handler is general: it solves a tree of dependencies, reads the
content type with the e-mail parser, decodes the body with ``json.loads`` and then
validates the result: about 120 µs of the 260 µs a plan request spends in FastAPI
(``benchmarks/bench_api.py`` times the whole). For these routes the same work is one
pass of the model's own JSON validator (pydantic-core), then the checks, then the
endpoint.

Whatever is not that plain case goes to FastAPI's handler, so it is answered exactly
as before (``tests/api/test_body_route.py`` compares the two): a body that is empty,
not declared as JSON, not JSON, or refused by the model (FastAPI's 422 names every
field in its own order); any request while ``dependency_overrides`` are set; and
every route with path, query, header or cookie parameters, a body that is a form, a
file or embedded under its name, more than one body parameter, or a dependency that
is not a check of the request. A route whose endpoint is a
plain function (not ``async``) runs it in a worker thread, as FastAPI does.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi import Request, params
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.responses import Response

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
JSON_TYPES = ("application/json",)
"""Content types the fast path reads (any other goes to FastAPI's handler)."""


class BodyRoute(APIRoute):
    """An API route that reads its one JSON body model in one pass (see the module)."""

    def get_route_handler(self) -> Handler:
        general: Handler = super().get_route_handler()
        model = body_model(self)
        checks = request_checks(self)
        if model is None or checks is None:
            return general
        endpoint = self.endpoint
        in_thread = not inspect.iscoroutinefunction(endpoint)

        async def handler(request: Request) -> Response:
            content_type = request.headers.get("content-type", "")
            body = await request.body()
            if not body or content_type.split(";")[0].strip().lower() not in JSON_TYPES:
                return await general(request)
            if request.app.dependency_overrides:  # a test's stand-ins: FastAPI applies them
                return await general(request)
            try:
                value = model.model_validate_json(body)
            except ValidationError:
                return await general(request)  # a refusal: FastAPI's, word for word
            for check in checks:
                await check(request)
            if in_thread:
                result = await run_in_threadpool(endpoint, value)
            else:
                result = await endpoint(value)
            if not isinstance(result, Response):
                msg = f"{self.path}: a BodyRoute's endpoint must return a Response"
                raise TypeError(msg)
            return result

        return handler


def body_model(route: APIRoute) -> type[BaseModel] | None:
    """The route's one body model, when a body is all it reads."""
    dependant = route.dependant
    others = (
        dependant.path_params,
        dependant.query_params,
        dependant.header_params,
        dependant.cookie_params,
    )
    if any(others) or len(dependant.body_params) != 1:
        return None
    info = dependant.body_params[0].field_info
    if type(info) is not params.Body or info.embed:
        return None  # a form, a file, or a body under its parameter's name
    annotation = info.annotation
    if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return None
    return annotation


def request_checks(route: APIRoute) -> list[Callable[[Request], Awaitable[Any]]] | None:
    """The route's dependencies when each is an ``async`` check of the request alone
    (its value unused); None when any is something else."""
    checks = []
    for depends in route.dependencies:
        check = depends.dependency
        if check is None or not inspect.iscoroutinefunction(check):
            return None
        parameters = list(inspect.signature(check).parameters.values())
        if len(parameters) != 1 or parameters[0].annotation not in (Request, "Request"):
            return None
        checks.append(check)
    if len(route.dependant.dependencies) != len(checks):
        return None  # the endpoint asks for a dependency's value itself
    return checks

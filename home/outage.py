"""A clean 503 page while the database is unreachable, instead of a 500.

Django calls `handler500` (config/urls.py) from inside the `except` block that caught an unhandled exception,
so `sys.exc_info()` still holds it here. When it is a database connection failure, visitors get a short German
page with status 503 and `Retry-After`; the page is rendered from templates/503.html without the request
(no context processor, so no query: the database is what failed). Everything else goes to the normal 500 page.
The site recovers by itself: persistent connections are health-checked before reuse (CONN_HEALTH_CHECKS in
config/settings/base.py), so the first request after the outage opens a fresh connection.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30


def is_database_outage(error: BaseException | None) -> bool:
    # InterfaceError: a connection the server dropped ("connection already closed"); OperationalError: the
    # server refuses, times out or went away. Both are Django's wrappers of the driver's errors.
    return isinstance(error, OperationalError | InterfaceError)


def outage_response() -> HttpResponse:
    response = HttpResponse(
        loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS}), status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if is_database_outage(sys.exc_info()[1]):
        return outage_response()
    from home.views import server_error as generic_server_error

    return generic_server_error(request)

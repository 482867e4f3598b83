"""Count each request's SQL queries into a response header (benchmark settings only)."""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _Counter()
        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(counter.count)
        return response


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

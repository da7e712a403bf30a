"""Where one ballot's server time goes: `bench/ballots.py --profile OUT` runs voters in this process.

Each voter goes through Django's WSGI handler, built as gunicorn builds it (the production settings
and middleware of the benchmark), one after the other: GET /vote/ (the code page and CSRF cookie),
POST /vote/ (the code, answered with the ballot page) and POST /vote/ballot/ (the ballot, answered
with the receipt). Four passes over fresh codes, each `ballots` voters:

1. CPU (process time) of each request, no instrumentation;
2. the same per middleware: each layer's own time (its part before and after the layers inside it),
   the innermost "view" being URL resolving, process_view hooks, the view and its template; and the
   CPU inside the voting code's main steps (PARTS, wrapped in this process only, nested: inclusive);
3. the SQL statements of each request (CaptureQueriesContext), counted and the typical ones printed;
4. cProfile of the whole pass (wall time, inflated by the profiler) written to OUT (read it with `python -m pstats OUT`), with a summary.

One process and one core; the database server's own CPU is not counted.
"""

from __future__ import annotations

import collections
import cProfile
import io
import pstats
import random
import re
import statistics
import sys
import time
from urllib.parse import urlencode

RATINGS = ["excellent", "good", "fair", "poor"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'<p class="receipt" id="receipt">\s*([^<\s]+)\s*</p>')
COOKIE = re.compile(r"csrftoken=([^;]+)")
STEPS = ("GET /vote/", "POST /vote/", "POST /vote/ballot/")


def _call(handler, method: str, path: str, fields=None, cookie: str | None = None):
    """(status, Set-Cookie, page) of one request through the WSGI handler, closed as a server would."""
    body = urlencode(fields or []).encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if method == "POST":
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    if cookie:
        environ["HTTP_COOKIE"] = f"csrftoken={cookie}"
    answer = []
    response = handler(environ, lambda status, headers, exc_info=None: answer.append((status, headers)))
    try:
        page = b"".join(response).decode()
    finally:
        response.close()  # request_finished: closes the connection unless CONN_MAX_AGE keeps it
    status, headers = answer[0]
    set_cookie = " ".join(value for name, value in headers if name.lower() == "set-cookie")
    return int(status.split()[0]), set_cookie, page


def _voter(handler, code: str, reporter_ids: list[int], timer=None, current=None):
    """One voter's three requests; `timer(step, seconds)` gets each request's CPU, `current[0]` names
    the request under way. Returns the receipt."""
    rng = random.Random(code)
    clock = time.process_time

    def timed(step, *call):
        if current is not None:
            current[0] = step
        started = clock()
        result = _call(handler, *call)
        if timer:
            timer(step, clock() - started)
        return result

    status, set_cookie, page = timed(STEPS[0], "GET", "/vote/")
    token, cookie = TOKEN.search(page), COOKIE.search(set_cookie)
    if status != 200 or token is None or cookie is None:
        raise RuntimeError(f"GET /vote/: {status}")
    fields = [("csrfmiddlewaretoken", token[1]), ("code", code)]
    status, _c, page = timed(STEPS[1], "POST", "/vote/", fields, cookie[1])
    if status != 200 or 'name="r-' not in page:
        raise RuntimeError(f"POST /vote/: {status}")
    fields += [(f"r-{pk}-0", rng.choice(RATINGS)) for pk in reporter_ids]
    status, _c, page = timed(STEPS[2], "POST", "/vote/ballot/", fields, cookie[1])
    receipt = RECEIPT.search(page)
    if status != 200 or receipt is None:
        raise RuntimeError(f"POST /vote/ballot/: {status}")
    return receipt[1]


def _layers(handler):
    """Wrap each middleware's call of the layers inside it; returns (names, CPU seconds inside each)."""
    names, inside = ["handler"], collections.defaultdict(float)

    def wrap(index, get_response):
        def timed(request):
            started = time.process_time()
            try:
                return get_response(request)
            finally:
                inside[(request.method, request.path, index)] += time.process_time() - started

        return timed

    layer = handler._middleware_chain
    handler._middleware_chain = wrap(0, layer)
    # Django wraps each middleware with functools.wraps: __wrapped__ is the middleware instance.
    while hasattr(middleware := getattr(layer, "__wrapped__", None), "get_response"):
        names.append(type(middleware).__name__)
        layer = middleware.get_response
        middleware.get_response = wrap(len(names) - 1, layer)
    names.append("view (resolve, process_view, view, template)")
    return names, inside


# (module, function) of the voting path timed in pass 2; nested ones are included in their callers.
PARTS = [
    ("debrief.evaluation.services", "code_lookup"),
    ("debrief.evaluation.selectors", "ballot_layout"),
    ("debrief.evaluation.vote_views", "render"),
    ("debrief.evaluation.vote_views", "_ratings_from"),
    ("debrief.evaluation.services", "ballot_cast"),
    ("debrief.evaluation.services.voting", "_normalized_ratings"),
    ("debrief.evaluation.services.ballot_box", "voting_state"),
    ("debrief.evaluation.services.ballot_box", "ballot_stage"),
    ("debrief.evaluation.services.ballot_box", "ballots_flush"),
]


def _parts(step: list[str], spent: dict):
    """Wrap PARTS so that spent[(request step, name)] adds up their CPU seconds; returns the undoing."""
    import importlib

    def wrap(name, function):
        def timed(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[(step[0], name)] += time.process_time() - started

        return timed

    originals = [(importlib.import_module(module), name) for module, name in PARTS]
    originals = [(module, name, getattr(module, name)) for module, name in originals]
    for module, name, function in originals:
        setattr(module, name, wrap(name, function))
    return lambda: [setattr(module, name, function) for module, name, function in originals]


def _ms(values: list[float]) -> str:
    return f"{1000 * statistics.mean(values):6.2f} (p50 {1000 * statistics.median(values):5.2f})"


def profile(reporter_ids: list[int], codes: list[str], ballots: int, out: str, warmup: int = 20) -> list:
    """Run the four passes over `codes` (4 x ballots + warmup of them); returns [(outcome, receipt, s)]."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    codes = iter(codes)
    if ballots * 3 * 20 > 9000:
        raise ValueError("--profile takes at most 150 ballots: Django's query log keeps 9,000 statements")

    def run(handler, count: int, timer=None):
        for _n in range(count):
            results.append(("ok", _voter(handler, next(codes), reporter_ids, timer), 0.0))

    handler = WSGIHandler()
    run(handler, warmup)  # templates, URLconf, translations, first connection

    cpu = collections.defaultdict(list)
    run(handler, ballots, lambda step, seconds: cpu[step].append(seconds))
    print(f"\n1. CPU per request, ms: mean (p50), {ballots} voters in one process (under load)")
    for step in STEPS:
        print(f"   {step:<20} {_ms(cpu[step])}")
    total = [sum(parts) for parts in zip(*(cpu[step] for step in STEPS), strict=True)]
    print(f"   {'voter (all three)':<20} {_ms(total)}")

    layered = WSGIHandler()
    names, inside = _layers(layered)
    paths = {"GET /vote/": ("GET", "/vote/"), "POST /vote/": ("POST", "/vote/")}
    paths["POST /vote/ballot/"] = ("POST", "/vote/ballot/")

    under_way = [""]

    def total(name, seconds):
        inside[(*paths[name], -1)] += seconds

    restore = _parts(under_way, inside)
    for _n in range(ballots):
        results.append(("ok", _voter(layered, next(codes), reporter_ids, total, under_way), 0.0))
    restore()
    print("\n2. CPU per request by layer (own time: before and after the layers inside it), ms")
    print(f"   {'layer':<46} " + " ".join(f"{step:>19}" for step in STEPS))
    for index, name in enumerate(names):
        own = [
            inside[(*paths[step], index - 1)]
            - (inside[(*paths[step], index)] if index < len(names) - 1 else 0)
            for step in STEPS
        ]
        print(f"   {name:<46} " + " ".join(f"{1000 * value / ballots:>19.3f}" for value in own))
    print("   of the view, inclusive (nested parts are in their callers):")
    for _module, name in PARTS:
        print(f"   {name:<46} " + " ".join(f"{1000 * inside[(s, name)] / ballots:>19.3f}" for s in STEPS))

    queries = collections.defaultdict(list)

    def counted(step, _seconds):
        queries[step].append([q["sql"] for q in context.captured_queries[marks[-1] :]])
        marks.append(len(context.captured_queries))

    marks = [0]
    with CaptureQueriesContext(connection) as context:  # its log keeps the last 9,000 statements
        for _n in range(ballots):
            results.append(("ok", _voter(handler, next(codes), reporter_ids, counted), 0.0))
    print("\n3. SQL statements per request (count: requests)")
    for step in STEPS:
        spread = collections.Counter(len(sql) for sql in queries[step])
        print(f"   {step:<20} " + ", ".join(f"{n}: {k}" for n, k in sorted(spread.items())))
    for step in STEPS[1:]:
        typical = min(queries[step], key=len)
        batch = max(queries[step], key=len)
        print(f"   {step}, a typical request:")
        print("".join(f"     {sql[:200]}\n" for sql in typical), end="")
        if len(batch) > len(typical):
            print(f"   {step}, with a batch moved into the box, besides those:")
            print("".join(f"     {sql[:200]}\n" for sql in batch[len(typical) :]), end="")

    profiler = cProfile.Profile()  # wall time, about 2x the CPU: a map, not the figures
    profiler.enable()
    run(handler, ballots)
    profiler.disable()
    profiler.dump_stats(out)
    print(f"\n4. cProfile of {ballots} voters written to {out}; the top by cumulative time:")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(45)
    return results

"""Benchmark: electronic ballots cast by many voters at once, through gunicorn and without the web layer.

Creates a PostgreSQL database of its own (dropped at the end, also on error), a campaign with N
reporters and an open evaluation, and starts gunicorn on a free local port with production settings.
Voter threads then each GET /vote/ (for the CSRF cookie) and POST /vote/ballot/ a full ballot. The
same database work is then done by plain psycopg on fresh codes, one connection per thread: the code
used and the ballot staged sealed in one transaction, a batch moved into the box once enough wait (with
the ballots' digests and the category's running count, as the product does).
Afterwards what still waits goes in (as close would), and the stored ballots, receipts and used codes
must match the accepted ballots, or the exit status is 1.

Ballots/s count whole voters (GET and POST) over the wall time; latency is that of the POST,
and of the plain transaction; "CPU ms" per ballot is that of gunicorn's workers, and of this
process's threads for plain psycopg (the database server's own CPU is in neither).

    .venv/bin/python bench/ballots.py                          # 32 voters, 4 sync workers
    .venv/bin/python bench/ballots.py --threads 4              # gthread workers
    .venv/bin/python bench/ballots.py --profile ballots.prof --ballots 100   # in one process, profiled
    DATABASE_URL=postgres://postgres@db:5432/x .venv/bin/python bench/ballots.py

Only the server of DATABASE_URL is used (default postgres://postgres@127.0.0.1:5432/test);
its database is left alone. Without a reachable PostgreSQL it prints why and exits 0.
"""

from __future__ import annotations

import argparse
import http.client
import os
import queue
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from postgres import database_urls, recreate_database  # noqa: E402

RATINGS = ["excellent", "good", "fair", "poor"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'<p class="receipt" id="receipt">\s*([^<\s]+)\s*</p>')
COOKIE = re.compile(r"csrftoken=([^;]+)")
# The tables of debrief.evaluation's BallotCode, Evaluation, Ballot, Receipt and StagedBallot
CODES, EVALUATIONS = "evaluation_ballotcode", "evaluation_evaluation"
BALLOTS, RECEIPTS, STAGED = "evaluation_ballot", "evaluation_receipt", "evaluation_stagedballot"
COLUMNS = {BALLOTS: "id, evaluation_id, category_id, ratings, digest", RECEIPTS: "id, evaluation_id, code"}
COLUMNS[STAGED] = "id, evaluation_id, category_id, receipt_hash, sealed"
BOXES, CATEGORIES = "evaluation_boxcount", "evaluation_evaluatorcategory"
# Production settings for the server (and for this process, which hashes the codes under the same key)
SETTINGS = "DEBRIEF_PRODUCTION=1 DEBRIEF_DEBUG=0 DEBRIEF_ALLOWED_HOSTS=127.0.0.1 DEBRIEF_SECURE_COOKIES=0 DEBRIEF_SSL_REDIRECT=0"
HEADER = f"{'path':<24} {'ok/ballots':>13} {'wall s':>7} {'ballots/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7}"


def set_up(reporters: int, code_counts: list[int]):
    """A host with `reporters` reporting counties and voting open; codes issued in batches of the given
    sizes, spread over the three categories. Returns (reporter ids, code batches)."""
    from django.db import connections

    from debrief.accounts.models import Role
    from debrief.campaigns import services as campaigns
    from debrief.evaluation import services
    from debrief.orgs.models import Level
    from debrief.testing import factories

    host = factories.OrganizationFactory(code="BB", name="测评市委", level=Level.CITY)
    organizer = factories.user_with_role(Role.ORGANIZER, host, username="bench_organizer")
    counties = [
        factories.subordinate_with_secretary(
            host, f"BB{i:03d}", f"测评县{i:03d}", f"书记{i}", level=Level.COUNTY
        )
        for i in range(1, reporters + 1)
    ]
    campaign = factories.campaign_open(host, year=2025, user=organizer)
    campaigns.reporters_add(campaign=campaign, organizations=counties, mode="on_site")
    campaigns.campaign_advance(campaign=campaign, user=organizer, reason="benchmark")
    evaluation = services.evaluation_set_up(campaign)
    categories = list(evaluation.categories.all())
    batches = []
    for index, count in enumerate(code_counts):
        codes = []
        for offset, category in enumerate(categories):
            share = count // len(categories) + (offset < count % len(categories))
            for start in range(0, share, services.MAX_CODES_PER_ISSUE):
                size = min(services.MAX_CODES_PER_ISSUE, share - start)
                codes += services.codes_issue(evaluation=evaluation, category=category, count=size)
        random.Random(index).shuffle(codes)
        batches.append(codes)
    services.voting_open(evaluation=evaluation, user=organizer)
    connections.close_all()
    return list(campaign.reporters.values_list("pk", flat=True)), batches


def in_threads(voters: int, jobs: list, cast_one, connect=lambda: None):
    """Cast every job from `voters` threads started together; returns ([(outcome, receipt, s)], wall s)."""
    pending: queue.SimpleQueue = queue.SimpleQueue()
    for job in jobs:
        pending.put(job)
    results: list = []
    barrier = threading.Barrier(voters + 1)

    def voter():
        conn = connect()
        barrier.wait()
        while True:
            try:
                job = pending.get_nowait()
            except queue.Empty:
                break
            try:
                results.append(cast_one(conn, job))
            except Exception as error:  # noqa: BLE001 - counted as a failed ballot
                results.append((repr(error), None, 0.0))
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=voter) for _ in range(voters)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def http_ballot(port: int, reporter_ids: list[int]):
    def cast_one(_conn, code: str):
        rng = random.Random(code)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("GET", "/vote/")
            response = conn.getresponse()
            page = response.read().decode()
            token, cookie = TOKEN.search(page), COOKIE.search(response.headers.get("Set-Cookie", ""))
            if response.status != 200 or token is None or cookie is None:
                return (f"GET /vote/: {response.status}", None, 0.0)
            fields = [("csrfmiddlewaretoken", token.group(1)), ("code", code)]
            fields += [(f"r-{pk}-0", rng.choice(RATINGS)) for pk in reporter_ids]
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie.group(1)}",
            }
            started = time.perf_counter()
            conn.request("POST", "/vote/ballot/", urlencode(fields), headers)
            response = conn.getresponse()
            page = response.read().decode()
            elapsed = time.perf_counter() - started
        finally:
            conn.close()
        receipt = RECEIPT.search(page)
        if response.status != 200 or receipt is None:
            return (f"POST: {response.status}{'' if receipt else ', no receipt'}", None, elapsed)
        return ("ok", receipt.group(1), elapsed)

    return cast_one


def plain_ballot(reporter_ids: list[int]):
    """The database work of services.ballot_cast, as plain SQL on a connection of the thread's own."""
    from debrief.evaluation.services import ballot_box
    from debrief.evaluation.services.counts import ballot_digest, counts_add
    from debrief.lib import ballot_codes

    key = ballot_box._key()

    def cast_one(conn, code_hash: str):
        rng = random.Random(code_hash)
        ratings = {str(pk): [rng.choice(RATINGS)] for pk in reporter_ids}
        started = time.perf_counter()
        with conn.transaction():
            code_id, evaluation_id, category_id, used = conn.execute(
                f"SELECT id, evaluation_id, category_id, used FROM {CODES} WHERE code_hash = %s", [code_hash]
            ).fetchone()
            state = conn.execute(
                f"SELECT state FROM {EVALUATIONS} WHERE id = %s FOR SHARE", [evaluation_id]
            ).fetchone()[0]
            if used or state != "open":
                return (f"refused: used={used}, state={state}", None, time.perf_counter() - started)
            conn.execute(f"UPDATE {CODES} SET used = true WHERE id = %s AND NOT used", [code_id])
            receipt = ballot_codes.receipt_code()
            hashed = ballot_box._receipt_hash(key, evaluation_id, receipt)
            waiting = conn.execute(
                f"SELECT EXISTS (SELECT 1 FROM {RECEIPTS} WHERE evaluation_id = %s AND code = %s)"
                f" OR EXISTS (SELECT 1 FROM {STAGED} WHERE evaluation_id = %s AND receipt_hash = %s),"
                f" (SELECT count(*) FROM {STAGED} WHERE category_id = %s)",
                [evaluation_id, receipt, evaluation_id, hashed, category_id],
            ).fetchone()[1]
            sealed = ballot_box._seal(key, evaluation_id, category_id, ratings, receipt)
            insert_shuffled(conn, STAGED, [[uuid.uuid4(), evaluation_id, category_id, hashed, sealed]])
        if waiting + 1 >= ballot_box.BALLOT_BATCH_SIZE:
            move_batch(conn, evaluation_id, category_id)
        return ("ok", receipt, time.perf_counter() - started)

    def move_batch(conn, evaluation_id: int, category_id: int) -> None:
        with conn.transaction():
            conn.execute(f"SELECT state FROM {EVALUATIONS} WHERE id = %s FOR SHARE", [evaluation_id])
            rows = conn.execute(
                f"SELECT id, sealed FROM {STAGED} WHERE category_id = %s FOR UPDATE SKIP LOCKED",
                [category_id],
            ).fetchall()
            if len(rows) < ballot_box.BALLOT_BATCH_SIZE:
                return
            # The category's running count, locked, with the name the ballots' digests need.
            box, name, counts = conn.execute(
                f"SELECT b.id, c.name, b.counts FROM {BOXES} b JOIN {CATEGORIES} c ON c.id = b.category_id"
                " WHERE b.category_id = %s FOR UPDATE OF b",
                [category_id],
            ).fetchone()
            opened = [ballot_box._open(key, evaluation_id, category_id, sealed) for _id, sealed in rows]
            ballots = [
                [uuid.uuid4(), evaluation_id, category_id, Jsonb(r), ballot_digest(name, r)]
                for r, _t in opened
            ]
            insert_shuffled(conn, BALLOTS, ballots)
            insert_shuffled(conn, RECEIPTS, [[uuid.uuid4(), evaluation_id, t] for _r, t in opened])
            conn.execute(f"DELETE FROM {STAGED} WHERE id = ANY(%s)", [[pk for pk, _sealed in rows]])
            for ratings, _receipt in opened:
                counts_add(counts, ratings)
            conn.execute(
                f"UPDATE {BOXES} SET ballots = ballots + %s, counts = %s WHERE id = %s",
                [len(opened), Jsonb(counts), box],
            )

    return cast_one


def insert_shuffled(conn, table: str, rows: list[list]) -> None:
    """All rows in one INSERT, in random order."""
    random.SystemRandom().shuffle(rows)
    marks = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
    values = ", ".join([marks] * len(rows))
    conn.execute(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES {values}", [v for row in rows for v in row])


def start_server(args, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", "debrief.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(args.workers), "--threads", str(args.threads), "--error-logfile", str(log)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/vote/")
            if conn.getresponse().status == 200:
                return server, port
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    server.terminate()  # the caller never gets it to stop
    server.wait(timeout=20)
    raise RuntimeError(f"gunicorn did not answer on port {port}:\n{log.read_text()[-3000:]}")


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU of this process, or of the children (gunicorn's workers) of `pid` (Linux)."""
    if pid is None:
        return time.process_time()
    try:
        ticks = 0
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


def summary(label: str, results: list, wall: float, cpu: float) -> tuple[float, str]:
    times = sorted(seconds * 1000 for outcome, _r, seconds in results if outcome == "ok")
    ok = len(times)
    rate = ok / wall if wall else 0.0
    p50 = statistics.median(times) if times else 0.0
    p95 = times[min(ok - 1, int(0.95 * ok))] if times else 0.0
    cpu_ms = 1000 * cpu / ok if ok else 0.0
    row = f"{label:<24} {ok:>6}/{len(results):<6} {wall:>7.2f} {rate:>9.1f} {p50:>7.1f} {p95:>7.1f} {cpu_ms:>7.1f}"
    return rate, row


def check_integrity(url: str, results: list) -> list[str]:
    """Stored ballots, receipts and used codes must each number the accepted ballots."""
    accepted = {receipt for outcome, receipt, _s in results if outcome == "ok"}
    failures = sorted({outcome for outcome, _r, _s in results if outcome != "ok"})
    with psycopg.connect(url) as conn:
        stored = conn.execute(
            f"SELECT (SELECT count(*) FROM {BALLOTS}), (SELECT count(*) FROM {RECEIPTS}),"
            f" (SELECT count(*) FROM {CODES} WHERE used)"
        ).fetchone()
        receipts = {row[0] for row in conn.execute(f"SELECT code FROM {RECEIPTS}")}
    ok = sum(outcome == "ok" for outcome, _r, _s in results)
    problems = [
        f"{count} {name} stored for {ok} accepted ballots"
        for name, count in zip(["ballots", "receipts", "used codes"], stored, strict=True)
        if count != ok
    ]
    if len(results) - ok:
        problems.append(f"{len(results) - ok} ballots failed, e.g. {failures[:3]}")
    if len(accepted) != ok:
        problems.append("a receipt code was handed out twice")
    if accepted - receipts:
        problems.append(f"{len(accepted - receipts)} receipts handed out but not stored")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=32, help="concurrent voters (client threads)")
    parser.add_argument("--ballots", type=int, default=1000, help="timed ballots, each path")
    parser.add_argument("--warmup", type=int, default=64, help="untimed HTTP ballots first")
    parser.add_argument("--reporters", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (>1: gthread)")
    parser.add_argument("--conn-max-age", default="0", help="DEBRIEF_DB_CONN_MAX_AGE of the server")
    parser.add_argument("--database", default="debrief_bench_ballots", help="created and dropped")
    parser.add_argument(
        "--profile",
        metavar="OUT",
        help="instead of gunicorn and plain psycopg: voters in this process, timed per request and per"
        " middleware, their SQL counted, and profiled into OUT (bench/ballots_profile.py)",
    )
    args = parser.parse_args()

    maintenance, url = database_urls(args.database)
    try:
        if not url.startswith("postgres"):
            raise psycopg.OperationalError("DATABASE_URL is not a PostgreSQL URL")
        recreate_database(maintenance, args.database)
    except psycopg.OperationalError as error:
        reason = " ".join(str(error).split())[:200]
        print(f"bench/ballots.py skipped: no PostgreSQL at {urlsplit(url).netloc or url} ({reason})")
        return 0
    server, workdir = None, tempfile.TemporaryDirectory(prefix="debrief-bench-ballots-")
    try:
        os.environ.update(item.split("=") for item in SETTINGS.split())
        os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="debrief.settings")
        os.environ.update(DEBRIEF_SECRET_KEY=secrets.token_urlsafe(48), DEBRIEF_LOG_LEVEL="WARNING")
        os.environ.update(DEBRIEF_DB_CONN_MAX_AGE=args.conn_max_age, DEBRIEF_STATIC_ROOT=workdir.name)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
        # Production serves hashed static files: the pages name them from the manifest collectstatic writes.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
        )
        import django

        django.setup()
        from django.db import transaction

        from debrief.evaluation.models import Evaluation
        from debrief.evaluation.services import ballot_box, code_key
        from debrief.lib.ballot_codes import code_hash

        started = time.perf_counter()
        if args.profile:
            from ballots_profile import profile

            reporter_ids, (codes,) = set_up(args.reporters, [4 * args.ballots + 20])
            print(
                f"set up {args.reporters} reporters, {len(codes):,} codes: {time.perf_counter() - started:.1f} s"
            )
            results = profile(reporter_ids, codes, args.ballots, args.profile)
            with transaction.atomic():
                ballot_box.staged_move_all(evaluation_id=Evaluation.objects.get().pk)
            problems = check_integrity(url, results)
            print(f"integrity: {'; '.join(problems) or 'ok'}")
            return 1 if problems else 0
        reporter_ids, (warm, timed, plain) = set_up(args.reporters, [args.warmup, args.ballots, args.ballots])
        plain = [code_hash(code, code_key()) for code in plain]
        codes = len(warm) + len(timed) + len(plain)
        print(f"set up {args.reporters} reporters, {codes:,} codes: {time.perf_counter() - started:.1f} s")

        server, port = start_server(args, dict(os.environ), Path(workdir.name) / "gunicorn.log")
        cast_http = http_ballot(port, reporter_ids)
        warm_results, _wall = in_threads(args.voters, warm, cast_http)
        server_cpu, client_cpu = cpu_seconds(server.pid), cpu_seconds()
        http_results, http_wall = in_threads(args.voters, timed, cast_http)
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, cpu_seconds() - client_cpu
        plain_cpu = cpu_seconds()
        plain_results, plain_wall = in_threads(
            args.voters, plain, plain_ballot(reporter_ids), connect=lambda: psycopg.connect(url)
        )
        plain_cpu = cpu_seconds() - plain_cpu

        kind = "sync" if args.threads == 1 else f"gthread x {args.threads} threads"
        print(f"\n{args.voters} voters, {args.reporters} reporters, {os.cpu_count()} CPUs; gunicorn", end=" ")
        print(f"{args.workers} {kind} workers, CONN_MAX_AGE={args.conn_max_age}\n{HEADER}")
        http_rate, row = summary("HTTP (GET + POST)", http_results, http_wall, server_cpu)
        plain_rate, plain_row = summary("plain psycopg", plain_results, plain_wall, plain_cpu)
        print(f"{row}\n{plain_row}\nHTTP / plain: {http_rate / plain_rate if plain_rate else 0:.3f}")
        print(
            f"the HTTP voters themselves (client threads) used {1000 * client_cpu / len(timed):.1f} ms CPU each"
        )

        with transaction.atomic():  # what still waits goes in, as at close
            ballot_box.staged_move_all(evaluation_id=Evaluation.objects.get().pk)
        problems = check_integrity(url, warm_results + http_results + plain_results)
        print(f"integrity: {'; '.join(problems) or 'ok'}")
        return 1 if problems else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        recreate_database(maintenance, args.database, create=False)
        workdir.cleanup()


if __name__ == "__main__":
    sys.exit(main())

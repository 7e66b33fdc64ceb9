#!/usr/bin/env python3
"""Small HTTP client for the reliability scripts (standard library only, loopback only).

Subcommands:
  writes  URL KEY ACKED_LOG SOURCE_JSONL [--prefix P] [--max N]
          POSTs one JSON record after another (bodies taken from real congbao records) and
          appends the id of every acknowledged (201) write to ACKED_LOG, flushed and fsynced
          before the next write: the log never claims a write the server did not acknowledge.
          Runs until killed, the server goes away, or N writes.
  verify  URL ACKED_LOG
          GETs every acknowledged id; prints `verified N, missing M` and exits 1 if any is missing.
  soak    URL KEY SOURCE_JSONL QUERIES PID SECONDS [--clients 16] [--out FILE]
          16 search clients replay QUERIES, one writer POSTs records; VmRSS of PID sampled every
          5 s; at the end every acknowledged write is read back. Prints a JSON summary.
"""

import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


def only_loopback(url):
    host = urllib.parse.urlparse(url).hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        sys.exit(f"refusing non-loopback target {host!r}")


def records(source_jsonl, prefix):
    """Endless stream of write records built from real congbao lines, each with a fresh id."""
    lines = []
    with open(source_jsonl, encoding="utf-8") as f:
        for line in f:
            try:
                r = json.loads(line)
            except ValueError:
                continue
            body = r.get("noi_dung") or ""
            if len(body) < 200:
                continue
            lines.append(r)
            if len(lines) >= 300:
                break
    if not lines:
        sys.exit(f"no usable records in {source_jsonl}")
    n = 0
    while True:
        r = lines[n % len(lines)]
        n += 1
        issued = r.get("ngay_ban_hanh") or "2020-01-01"
        if len(issued) != 10 or issued[4] != "-":
            issued = "2020-01-01"
        yield {
            "id": f"{prefix}-{n}",
            "number": f"{n}/{(r.get('so_hieu') or 'KH-UBND').split('/')[-1]}",
            "doc_type": r.get("loai_van_ban") or "Quyết định",
            "title": (r.get("trich_yeu") or "văn bản")[:300],
            "issuer": r.get("co_quan_ban_hanh") or "UBND tỉnh",
            "issued": issued,
            "body": r["noi_dung"][:20000],
        }


def request(url, method="GET", body=None, key=None, timeout=30):
    data = None
    headers = {}
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if key:
        headers["Authorization"] = f"Bearer {key}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def cmd_writes(url, key, acked_log, source, prefix="w", max_n=None):
    only_loopback(url)
    n = 0
    with open(acked_log, "a", encoding="utf-8") as log:
        for rec in records(source, prefix):
            if max_n is not None and n >= max_n:
                break
            try:
                status, _ = request(url + "/api/documents", "POST", rec, key)
            except (OSError, urllib.error.URLError):
                return  # the server is gone (killed): stop quietly
            if status == 201:
                log.write(rec["id"] + "\n")
                log.flush()
                os.fsync(log.fileno())
            elif status >= 500:
                print(f"write {rec['id']}: HTTP {status}", file=sys.stderr)
            n += 1


def verify(url, ids):
    missing = []
    for i in ids:
        status, _ = request(url + "/api/documents/" + urllib.parse.quote(i, safe=""))
        if status != 200:
            missing.append((i, status))
    return missing


def cmd_verify(url, acked_log):
    only_loopback(url)
    with open(acked_log, encoding="utf-8") as f:
        ids = [l.strip() for l in f if l.strip()]
    missing = verify(url, ids)
    print(f"verified {len(ids) - len(missing)}, missing {len(missing)}")
    for i, status in missing[:20]:
        print(f"  missing {i}: HTTP {status}")
    sys.exit(1 if missing else 0)


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def percentile(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def cmd_soak(url, key, source, queries_file, pid, seconds, clients=16, out=None):
    only_loopback(url)
    with open(queries_file, encoding="utf-8") as f:
        queries = [q.strip() for q in f if q.strip() and not q.startswith("#")]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    lat = []
    status_counts = {}
    errors = []
    acked = []
    rss = []

    def count(status):
        with lock:
            status_counts[status] = status_counts.get(status, 0) + 1

    def searcher(seed):
        rnd = random.Random(seed)
        while time.monotonic() < deadline:
            q = rnd.choice(queries)
            params = {"q": q, "limit": "10"}
            if rnd.random() < 0.2:
                params["offset"] = str(rnd.choice([10, 50, 200]))
            t0 = time.monotonic()
            try:
                status, _ = request(url + "/api/search?" + urllib.parse.urlencode(params))
            except Exception as e:  # connection refused/reset: counted, never hidden
                with lock:
                    errors.append(repr(e))
                continue
            dt = time.monotonic() - t0
            with lock:
                lat.append(dt)
            count(status)

    def writer():
        for rec in records(source, f"soak{os.getpid()}"):
            if time.monotonic() >= deadline:
                break
            try:
                status, _ = request(url + "/api/documents", "POST", rec, key)
            except Exception as e:
                with lock:
                    errors.append(repr(e))
                continue
            count(f"write-{status}")
            if status == 201:
                acked.append(rec["id"])
            time.sleep(0.2)  # a steady stream, not a flood

    def sampler():
        start = time.monotonic()
        while time.monotonic() < deadline:
            rss.append((round(time.monotonic() - start), rss_kb(pid)))
            time.sleep(5)
        rss.append((round(time.monotonic() - start), rss_kb(pid)))

    threads = [threading.Thread(target=searcher, args=(i,)) for i in range(clients)]
    threads += [threading.Thread(target=writer), threading.Thread(target=sampler)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    missing = verify(url, acked)
    fives = sum(v for k, v in status_counts.items() if str(k).split("-")[-1].startswith("5"))
    summary = {
        "seconds": round(wall, 1),
        "searches": len(lat),
        "searches_per_s": round(len(lat) / wall, 1),
        "p50_ms": round(1000 * (percentile(lat, 50) or 0), 1),
        "p99_ms": round(1000 * (percentile(lat, 99) or 0), 1),
        "max_ms": round(1000 * (max(lat) if lat else 0), 1),
        "status": {str(k): v for k, v in sorted(status_counts.items(), key=lambda kv: str(kv[0]))},
        "http_5xx": fives,
        "connection_errors": len(errors),
        "writes_acked": len(acked),
        "writes_missing": len(missing),
        "rss_kb": rss,
    }
    text = json.dumps(summary, indent=1)
    print(text)
    if out:
        with open(out, "w") as f:
            f.write(text)
    ok = fives == 0 and not missing and not errors and lat
    sys.exit(0 if ok else 1)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    opts = {}
    pos = []
    it = iter(args)
    for a in it:
        if a.startswith("--"):
            opts[a[2:]] = next(it)
        else:
            pos.append(a)
    if cmd == "writes":
        url, key, acked_log, source = pos
        mx = opts.get("max")
        cmd_writes(url, key, acked_log, source, opts.get("prefix", "w"),
                   int(mx) if mx else None)
    elif cmd == "verify":
        cmd_verify(*pos)
    elif cmd == "soak":
        url, key, source, queries, pid, seconds = pos
        cmd_soak(url, key, source, queries, int(pid), float(seconds),
                 int(opts.get("clients", 16)), opts.get("out"))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

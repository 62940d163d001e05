#!/usr/bin/env python3
"""Save-to-served latency of `policypress serve` (Python 3 standard library only).

    python3 bench/serve_latency.py BIN PROJECT [--school ID] [--runs N] [--roster FILE]
                                   [--style write|rename] [--budget-ms MS] [--json FILE]

Starts BIN serve on a free port of 127.0.0.1 for PROJECT (a project from
bench/generate.py), waits for the first build, then N times: picks a different policy,
saves it with a new sentence in it (written in place, or with --style rename through a
temporary file renamed over it, as many editors save), and polls the policy's page over
HTTP until the sentence is in it. The latency of a run is from the moment the save
returned to the moment the first response holding the sentence was read. Between runs it
waits for the server to settle. Prints each run and the median, 90th percentile and
maximum; with --budget-ms, PASS or FAIL on the median.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time


def fetch(host, port, path):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def save(path, text, style):
    if style == "rename":
        folder, name = os.path.split(path)
        temporary = os.path.join(folder, "." + name + ".tmp")
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, path)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bin")
    ap.add_argument("project")
    ap.add_argument("--school", default="bench")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--roster")
    ap.add_argument("--style", choices=["write", "rename"], default="write")
    ap.add_argument("--budget-ms", type=float)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--poll-ms", type=float, default=1.0, help="pause between polls (default 1 ms)")
    args = ap.parse_args()

    command = [args.bin, "--project", args.project, "serve", "--school", args.school, "--port", "0"]
    if args.roster:
        command += ["--roster", args.roster]
    env = dict(os.environ)
    env.setdefault("POLICYPRESS_TODAY", "2026-11-23")
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    log = []
    threading.Thread(target=lambda: log.extend(server.stderr), daemon=True).start()
    try:
        started = time.perf_counter()
        line = server.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            sys.exit("serve did not start: %r\n%s" % (line, "".join(log)))
        print("first build and start: %.2f s" % (time.perf_counter() - started), file=sys.stderr)
        host, port = line[len("http://"):].rstrip("/").split(":")
        port = int(port)

        policies = sorted(f for f in os.listdir(os.path.join(args.project, "content", "policies")) if f.endswith(".md"))
        latencies = []
        for run in range(args.runs):
            name = policies[(run * 37) % len(policies)]
            slug = name[:-3]
            path = os.path.join(args.project, "content", "policies", name)
            page = "/policies/%s/index.html" % slug
            status, _ = fetch(host, port, page)
            if status != 200:
                sys.exit("%s: HTTP %d before the edit" % (page, status))
            marker = "Edited in run %d at %d." % (run, time.time_ns())
            with open(path, encoding="utf-8") as f:
                text = f.read()
            save(path, text.rstrip("\n") + "\n\n" + marker + "\n", args.style)
            saved = time.perf_counter()
            deadline = saved + 10
            while True:
                status, body = fetch(host, port, page)
                if marker.encode() in body:
                    served = time.perf_counter()
                    break
                if time.perf_counter() > deadline:
                    sys.exit("%s never showed the edit\n%s" % (page, "".join(log[-20:])))
                time.sleep(args.poll_ms / 1000)
            latency = (served - saved) * 1000
            latencies.append(latency)
            print("run %2d  %-16s %7.1f ms" % (run + 1, slug, latency), file=sys.stderr)
            # Let the search index and any late events settle before the next save.
            time.sleep(0.5)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()

    rebuilt = [l.strip() for l in log if l.startswith("rebuilt ")]
    ordered = sorted(latencies)
    figures = {
        "runs": len(latencies),
        "style": args.style,
        "median_ms": statistics.median(latencies),
        "p90_ms": ordered[max(0, int(round(0.9 * len(ordered))) - 1)],
        "min_ms": ordered[0],
        "max_ms": ordered[-1],
        "server_says": rebuilt[-3:],
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
    if args.budget_ms is not None:
        verdict = "PASS" if figures["median_ms"] < args.budget_ms else "FAIL"
        print("budget  median save-to-served %.1f ms < %g ms   %s" % (figures["median_ms"], args.budget_ms, verdict))
        if verdict == "FAIL":
            sys.exit(1)


if __name__ == "__main__":
    main()

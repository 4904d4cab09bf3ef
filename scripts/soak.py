#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Soak run: back-to-back calls for a long time with a fault injected every few minutes.

Starts the service simulator and `audin-cli online --auto-answer` (the same core library as the
desktop softphone) with real Opus audio from a WAV file, rings a call as soon as the last one
ended, and injects one fault every --fault-every seconds, cycling through: the presence
connection dropped, closed with 1011, stalled (half-open), a garbage frame, the next two auths
rejected, refreshes ignored for a minute, the call's media dropped, and the far end hanging up at
once. Every --sample seconds it records the CLI's resident memory, open file descriptors,
threads and CPU, and at the end prints a summary and writes soak.csv and events.jsonl to --out.

Not run in CI (it takes an hour by default). docs/RELIABILITY.md has the results.

    scripts/soak.py                      # one hour, build/ binaries
    scripts/soak.py --minutes 5 --fault-every 30
"""
import argparse
import csv
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def http(base, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def proc_sample(pid, clk):
    with open(f"/proc/{pid}/status") as f:
        status = dict(line.split(":", 1) for line in f if ":" in line)
    rss_kb = int(status["VmRSS"].split()[0])
    threads = int(status["Threads"])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu_s = (int(fields[11]) + int(fields[12])) / clk  # utime + stime
    return rss_kb, fds, threads, cpu_s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=60)
    ap.add_argument("--fault-every", type=float, default=180, help="seconds between faults")
    ap.add_argument("--call-seconds", type=float, default=20, help="how long each call talks")
    ap.add_argument("--sample", type=float, default=5, help="seconds between samples")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=None, help="directory for soak.csv and events.jsonl")
    args = ap.parse_args()

    out = args.out or tempfile.mkdtemp(prefix="audin-soak-")
    os.makedirs(out, exist_ok=True)
    sim_bin = os.path.join(args.build, "src/sim/audin-core-sim")
    cli_bin = os.path.join(args.build, "src/cli/audin-cli")
    voice = os.path.join(out, "voice.wav")
    subprocess.run(["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", voice, "synth", "30", "sine", "440",
                    "vol", "0.3"], check=True)

    sim = subprocess.Popen([sim_bin, "--port", "0", "--log-level", "warn"], stdout=subprocess.PIPE,
                           stderr=open(os.path.join(out, "sim.log"), "w"), text=True)
    listening = json.loads(sim.stdout.readline())
    base = listening["url"]
    # Tokens live two minutes, so refreshes happen all the time; a dead session is reaped in 20 s.
    http(base, "POST", "/sim/settings", {"tokenTtlMs": 120000, "idleTimeoutMs": 20000})

    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIN_")}
    env.update({"AUDIN_CORE_URL": base, "AUDIN_TOKEN_URL": base + "/partner/token",
                "AUDIN_TOKEN_HEADER": "Authorization: Bearer ok_alice_demo"})
    cli = subprocess.Popen([cli_bin, "online", "pn_1", "--auto-answer", "--hangup-after-ms",
                            str(int(args.call_seconds * 1000)), "--audio", voice, "--backoff", "1000,2000,5000",
                            "--log-level", "info"], env=env, stdout=subprocess.PIPE,
                           stderr=open(os.path.join(out, "cli.log"), "w"), text=True)

    counts = {"callEnded": 0, "online": 0, "errors": 0}
    end_reasons = {}
    active = threading.Event()  # a call is ringing or talking
    lock = threading.Lock()
    events_file = open(os.path.join(out, "events.jsonl"), "w")

    def read_events():
        for line in cli.stdout:
            events_file.write(line)
            try:
                e = json.loads(line)
            except ValueError:
                continue
            with lock:
                if e.get("event") == "callEnded":
                    counts["callEnded"] += 1
                    end_reasons[e.get("endReason")] = end_reasons.get(e.get("endReason"), 0) + 1
                    active.clear()
                elif e.get("event") == "presenceStateChanged" and e.get("state") == "online":
                    counts["online"] += 1
                elif e.get("event") == "error":
                    counts["errors"] += 1

    threading.Thread(target=read_events, daemon=True).start()

    faults = [
        ("drop", {"action": "drop"}),
        ("close 1011", {"action": "close", "code": 1011, "reason": "soak"}),
        ("stall", {"action": "stall"}),
        ("garbage frame", {"action": "send", "text": "{\"type\":\"callOffer\",\"callSid\":[]}"}),
        ("reject two auths", {"action": "rejectAuth", "count": 2, "code": 4001}),
        ("ignore refresh", {"action": "ignoreRefresh", "on": True}),
        ("drop media", None),
        ("far end hangs up", None),
    ]
    clk = os.sysconf("SC_CLK_TCK")
    samples = []
    fault_log = []
    rung = 0
    start = time.monotonic()
    next_sample = start
    next_fault = start + args.fault_every
    fault_index = 0
    refresh_undo_at = None
    last_sid = None
    deadline = start + args.minutes * 60
    writer = csv.writer(open(os.path.join(out, "soak.csv"), "w", newline="", buffering=1))
    writer.writerow(["t_s", "rss_kb", "fds", "threads", "cpu_s", "calls_ended", "onlines"])
    try:
        while time.monotonic() < deadline:
            now = time.monotonic()
            if cli.poll() is not None:
                print(f"soak: the CLI exited with {cli.returncode}", file=sys.stderr)
                break
            if not active.is_set():
                status, body = http(base, "POST", "/sim/calls", {"to": "+15551230001", "from": "+4930123456"})
                if status == 201:
                    rung += 1
                    last_sid = body["callSid"]
                    active.set()
            if refresh_undo_at and now >= refresh_undo_at:
                http(base, "POST", "/sim/faults", {"operatorId": "op_alice", "action": "ignoreRefresh", "on": False})
                refresh_undo_at = None
            if now >= next_fault:
                name, body = faults[fault_index % len(faults)]
                fault_index += 1
                if name == "drop media" and last_sid:
                    status, _ = http(base, "POST", f"/sim/calls/{last_sid}/drop-media", {})
                elif name == "far end hangs up" and last_sid:
                    status, _ = http(base, "POST", f"/sim/calls/{last_sid}/hangup", {})
                else:
                    status, _ = http(base, "POST", "/sim/faults", dict(body, operatorId="op_alice"))
                    if name == "ignore refresh":
                        refresh_undo_at = now + 60
                fault_log.append((round(now - start), name, status))
                next_fault += args.fault_every
            if now >= next_sample:
                rss, fds, threads, cpu = proc_sample(cli.pid, clk)
                with lock:
                    row = [round(now - start, 1), rss, fds, threads, round(cpu, 2), counts["callEnded"],
                           counts["online"]]
                samples.append(row)
                writer.writerow(row)
                next_sample += args.sample
            time.sleep(0.2)
    finally:
        cli.send_signal(signal.SIGTERM)
        try:
            cli.wait(timeout=15)
        except subprocess.TimeoutExpired:
            cli.kill()
        sim.send_signal(signal.SIGTERM)
        sim.wait(timeout=15)

    if len(samples) < 4:
        print("soak: too short to summarise", file=sys.stderr)
        return 1
    # The first tenth is the warm-up (the first call opens the audio devices and codecs): compare the
    # second tenth with the last one.
    tenth = max(1, len(samples) // 10)
    first, last = samples[tenth:2 * tenth], samples[-tenth:]

    def med(rows, i):
        return statistics.median(r[i] for r in rows)

    cpu_pct = 100.0 * (samples[-1][4] - samples[0][4]) / (samples[-1][0] - samples[0][0])
    print(f"soak: {args.minutes:g} min, {rung} calls rung, {counts['callEnded']} ended {end_reasons}, "
          f"{counts['online']} times online, {counts['errors']} error events, {len(fault_log)} faults")
    print("| measure | second tenth (median) | last tenth (median) | max |")
    print("| --- | --- | --- | --- |")
    for name, i in (("RSS (KiB)", 1), ("file descriptors", 2), ("threads", 3)):
        print(f"| {name} | {med(first, i):g} | {med(last, i):g} | {max(r[i] for r in samples)} |")
    print(f"| CPU (whole run) | {cpu_pct:.1f} % of one core | | |")
    print("faults (t_s, fault, HTTP status):", fault_log)
    print(f"files: {out}")
    return 0 if cli.returncode in (0, None) else 1


if __name__ == "__main__":
    sys.exit(main())

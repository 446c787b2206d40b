#!/usr/bin/env python3
"""Summarises a speedscope export of a dotnet-trace thread-time trace (bench/delivery/profile.sh).

Samples of threads that are waiting (thread-pool semaphores, the socket event loop, timers, the file watcher) are left out; every
other sample is charged to the deepest frame that names one of the categories below, and the shares are printed per kind: managed
code on the CPU, native code (SQLite, sockets, crypto), and the left-out waits.
"""
import collections
import json
import re
import sys

CATEGORIES = [
    ("secrets open", r"SecretProtector"),
    ("body build", r"DeliveryBody\.Build|ForgeEventBody"),
    ("jwt sign", r"ConnectToken|JwtSigner"),
    ("webhook hmac", r"StandardWebhookSignature"),
    ("descriptor / base URL", r"ReadApp|AppDescriptorCache|DeliveryTarget"),
    ("sqlite commit", r"SqliteTransaction\.Commit"),
    ("sqlite open", r"SqliteConnection\.Open|SqliteConnectionPool|SqliteConnection\.Close|SqliteConnection\.Dispose"),
    ("sqlite prepare", r"sqlite3_prepare|GetStatements"),
    ("sqlite step", r"sqlite3_step"),
    ("ado.net / dapper", r"Dapper|Microsoft\.Data\.Sqlite|Npgsql|SqlRows"),
    ("spans", r"OpenTelemetry|System\.Diagnostics\.Activity|ActivitySource|DiagnosticListener|ServiceTracing"),
    ("metrics", r"System\.Diagnostics\.Metrics|ServiceMetrics"),
    ("logging", r"Microsoft\.Extensions\.Logging"),
    ("http client", r"System\.Net\.Http"),
    ("sockets", r"System\.Net\.Sockets"),
    ("kestrel / asp.net core (start-up)", r"Kestrel|AspNetCore"),
    ("dispatcher", r"DeliveryDispatcher|DeliveryOutcomeWriter|DeliveryStore"),
    ("timers / cancellation", r"TimerQueue|CancellationTokenSource"),
]
WAITING = re.compile(
    r"WaitForSocketEvents|SocketAsyncEngine\.EventLoop|FileSystemWatcher|LowLevelLifoSemaphore|WaitHandle|Monitor\.Wait|Thread\.Sleep"
    r"|LowLevelMonitor|GateThread|WaitOne|TimerQueue\.TimerThread|Interop\+Sys\.Read\(")


def main(path):
    profile = json.load(open(path))
    frames = [frame["name"] for frame in profile["shared"]["frames"]]
    compiled = [(name, re.compile(pattern)) for name, pattern in CATEGORIES]
    totals = collections.defaultdict(collections.Counter)
    for thread in profile["profiles"]:
        stack, last = [], thread["startValue"]
        for event in thread["events"]:
            elapsed = event["at"] - last
            if stack and elapsed > 0:
                names = [frames[i] for i in stack]
                kind = "cpu" if names[-1] == "CPU_TIME" else "native"
                if WAITING.search(" | ".join(names)):
                    kind = "waiting"
                category = next((name for frame in reversed(names[:-1]) for name, pattern in compiled if pattern.search(frame)),
                                "thread pool / async plumbing")
                totals[kind][category] += elapsed
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            elif event["frame"] in stack:
                del stack[len(stack) - 1 - stack[::-1].index(event["frame"]):]
    for kind in ("cpu", "native", "waiting"):
        total = sum(totals[kind].values())
        print(f"== {kind}: {total:.0f} ms of thread time")
        for name, value in totals[kind].most_common():
            print(f"{value:8.0f} {100 * value / max(total, 1):5.1f}% {name}")


if __name__ == "__main__":
    main(sys.argv[1])

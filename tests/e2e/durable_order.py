#!/usr/bin/env python3
"""durable_order.py TRACE - checks, in an strace of bylawd (-f -tt -y), that
no answer left before what was written to the store's log was on disk.

For every write to a socket (an answer to a client) at time T, take W, the
start of the latest write to the write-ahead log (a file ending in -wal)
before T: some fdatasync() or fsync() of the log must have started after W
and ended before T.  This holds when clients wait for each answer before sending the
next request (one client at a time): then nothing else is written to the
log between an event's commit and its answer.

Prints one line per answer that broke the rule and exits 1 when there was
one; prints how many answers and flushes it saw.
"""
import re
import sys

LINE = re.compile(r"^(\d+)\s+(\d+):(\d+):(\d+\.\d+)\s+(.*)$")
CALL = re.compile(r"^(\w+)\((\d+)<([^>]*)>")
RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>")


def seconds(h, m, s):
    return int(h) * 3600 + int(m) * 60 + float(s)


def main(path):
    wal_writes = []  # start times
    flushes = []  # (start, end)
    answers = []  # start times
    open_flush = {}  # pid -> start of an fdatasync not finished yet
    with open(path) as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if not m:
                continue
            pid, t, rest = m.group(1), seconds(*m.group(2, 3, 4)), m.group(5)
            r = RESUMED.match(rest)
            if r:
                start = open_flush.pop(pid, None)
                if start is not None and rest.rstrip().endswith("= 0"):
                    flushes.append((start, t))
                continue
            c = CALL.match(rest)
            if not c:
                continue
            name, target = c.group(1), c.group(3)
            if name.startswith("pwrite") and target.endswith("-wal"):
                wal_writes.append(t)
            elif name in ("fdatasync", "fsync") and target.endswith("-wal"):
                if "<unfinished ...>" in rest:
                    open_flush[pid] = t
                elif rest.rstrip().endswith("= 0"):
                    # Not interrupted by another thread's line: it ended
                    # before this thread's next call, which is all the
                    # check needs of it.
                    flushes.append((t, t))
            elif name in ("write", "writev", "sendmsg", "sendto") and target.startswith(("TCP", "socket:")):
                answers.append(t)
    bad = 0
    for a in answers:
        before = [w for w in wal_writes if w < a]
        if not before:
            continue
        w = before[-1]
        if not any(s > w and e < a for s, e in flushes):
            bad += 1
            print(f"answer at {a:.6f}: the log was written at {w:.6f} and not flushed since")
    print(f"{len(answers)} answers, {len(wal_writes)} log writes, {len(flushes)} flushes, {bad} too early")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

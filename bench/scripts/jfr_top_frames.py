#!/usr/bin/env python3
"""Where one thread's time went in a JFR recording: its execution samples (Java code running) and
native-method samples (inside a JNI call, e.g. libtorch or MXNet), by top frame and by the nearest
gengap frame on the stack.

  jfr print --json --stack-depth 128 --events jdk.ExecutionSample,jdk.NativeMethodSample rec.jfr \
    | python3 bench/scripts/jfr_top_frames.py worker-bench
"""
import collections
import json
import sys


def frame_name(frame):
    method = frame["method"]
    # JFR names classes in internal form (dev/gengap/...), hidden classes with dots.
    return method["type"]["name"].replace("/", ".") + "." + method["name"]


def main():
    thread = sys.argv[1]
    events = json.load(sys.stdin)["recording"]["events"]
    kinds = collections.Counter()
    top = collections.Counter()
    gengap = collections.Counter()
    for event in events:
        values = event["values"]
        sampled = values.get("sampledThread") or {}
        if sampled.get("javaName") != thread:
            continue
        frames = (values.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        kind = "native" if event["type"] == "jdk.NativeMethodSample" else "java"
        kinds[kind] += 1
        top[kind + " " + frame_name(frames[0])] += 1
        nearest = next(
            (
                frame_name(f)
                for f in frames
                if frame_name(f).startswith("dev.gengap.") and "$$Lambda" not in frame_name(f)
            ),
            "(none)",
        )
        gengap[nearest] += 1
    total = sum(kinds.values())
    print(f"thread {thread}: {total} samples ({dict(kinds)})")
    for title, counter in (("top frame", top), ("nearest gengap frame", gengap)):
        print(f"\n{title}:")
        for name, count in counter.most_common(15):
            print(f"  {100 * count / total:5.1f}%  {count:5d}  {name}")


if __name__ == "__main__":
    main()

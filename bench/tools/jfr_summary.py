#!/usr/bin/env python3
"""Where a plantflow pass spends its time, from a JFR recording of `bench.jar profile`.

  jfr print --json --stack-depth 96 --events jdk.ExecutionSample FILE.jfr > exec.json
  jfr print --json --stack-depth 96 --events jdk.NativeMethodSample FILE.jfr > native.json
  python3 bench/tools/jfr_summary.py exec.json native.json [thread-name-prefix]

Only samples of the benchmark's worker threads count (default prefix "bench-worker", "plantflow-user").
On-CPU samples (ExecutionSample) are split by the code they are in (self) and by the engine step that called it
(inclusive); native samples of the workers are time spent waiting in socket reads, i.e. for PostgreSQL.
"""
import json, sys, collections

def frames(ev):
    st = ev["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f["method"]
        out.append(m["type"]["name"].replace("/", ".") + "." + m["name"])
    return out

def load(path, prefixes):
    with open(path) as fh:
        evs = json.load(fh)["recording"]["events"]
    keep = []
    for ev in evs:
        t = ev["values"].get("sampledThread") or {}
        name = t.get("javaName") or ""
        if any(name.startswith(p) for p in prefixes):
            keep.append(frames(ev))
    return keep

SELF = [("org.drools", "Drools"), ("org.kie", "Drools"), ("org.mvel2", "Drools (MVEL)"),
        ("org.apache.ibatis", "MyBatis"), ("org.postgresql", "pgjdbc driver"), ("com.zaxxer.hikari", "HikariCP"),
        ("org.plantflow.approval", "plantflow engine"), ("org.plantflow.bench", "benchmark harness"),
        ("com.fasterxml.jackson", "Jackson (variables JSON)"), ("java.", "JDK"), ("jdk.", "JDK"), ("sun.", "JDK")]

STEPS = [("Views.instance", "InstanceView returned by pass (Views.instance)"),
         ("Views.pendingTasks", "pending list (Views.pendingTasks)"),
         ("DroolsDecisions.decide", "rules (DroolsDecisions.decide)"),
         ("InstanceContext.of", "instance context (variables JSON, facts)"),
         ("MyBatisStore", "SQL through MyBatisStore"),
         ("JdbcTransactions.execute", "transaction begin/commit/close"),
        ]

def classify(stack, table):
    for fr in stack:
        for key, name in table:
            if key in fr:
                return name
    return "other"

def self_class(stack):
    top = stack[0] if stack else ""
    for key, name in SELF:
        if top.startswith(key):
            return name
    return "other"

def step_of(stack):
    # innermost engine step wins (stack[0] is the top frame)
    for fr in stack:
        for key, name in STEPS:
            if key in fr:
                return name
    return "engine logic / other"

def show(title, counter, total, unit):
    print(f"\n{title} ({total} samples)")
    for k, v in counter.most_common():
        print(f"  {100.0 * v / total:5.1f} %  {k}")

def main():
    prefixes = sys.argv[3].split(",") if len(sys.argv) > 3 else ["bench-worker", "plantflow-user"]
    cpu = load(sys.argv[1], prefixes)
    nat = load(sys.argv[2], prefixes) if len(sys.argv) > 2 else []
    print(f"worker samples: on-CPU {len(cpu)} (10 ms period), in native {len(nat)} (20 ms period with settings=profile)")
    show("on-CPU, by the code running (self)", collections.Counter(self_class(s) for s in cpu), len(cpu), "")
    show("on-CPU, by engine step (inclusive, innermost step)", collections.Counter(step_of(s) for s in cpu), len(cpu), "")
    if nat:
        show("waiting in native (socket reads = PostgreSQL round trips), by engine step", collections.Counter(step_of(s) for s in nat), len(nat), "")
        mapper = collections.Counter()
        for s in nat:
            for fr in s:
                if ".MyBatisStore." in fr or ".Views." in fr:
                    mapper[fr.split(".")[-2] + "." + fr.split(".")[-1]] += 1
                    break
        show("waiting in native, by store/view method", mapper, len(nat), "")
    tops = collections.Counter()
    for s in cpu:
        for fr in s:
            if fr.startswith("org.plantflow.approval"):
                tops[fr] += 1
                break
    show("on-CPU, innermost plantflow frame", collections.Counter(dict(tops.most_common(25))), len(cpu), "")

if __name__ == "__main__":
    main()

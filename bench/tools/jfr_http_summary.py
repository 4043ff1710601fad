#!/usr/bin/env python3
"""Where an HTTP call of the REST API spends its CPU, from a JFR recording of `bench.jar http`.

  BENCH_JAVA_OPTS="-Xmx2g -XX:StartFlightRecording=filename=http.jfr,settings=profile" bench/run.sh http --http-n=400
  jfr print --json --stack-depth 128 --events jdk.ExecutionSample http.jfr > exec.json
  python3 bench/tools/jfr_http_summary.py exec.json

On-CPU samples of Tomcat's request threads (http-nio-*) are split by the first step of the request they are under
(inclusive, first match from the top of the list below), so "engine: pass" is the same work the Java path does and
the rest is what HTTP adds. The benchmark's own thread (main: the HTTP client and, alternately, the Java calls) is
split the same way.
"""
import json, sys, collections

STEPS = [
    ("org.plantflow.approval.web.Callers.offeredTask", "controller: is the task offered to the caller (whole pending list)"),
    ("org.plantflow.approval.web.TaskController.pending", "controller: pending list (engine call and paging)"),
    ("DefaultApprovalEngine.pass", "engine: pass"),
    ("AbstractJackson2HttpMessageConverter.writeInternal", "JSON: write the response (Jackson)"),
    ("AbstractJackson2HttpMessageConverter.read", "JSON: read the request body (Jackson)"),
    ("org.plantflow.approval.web.DevHeaderActorResolver", "caller from the headers"),
    ("org.springframework.web.servlet.DispatcherServlet", "Spring MVC (dispatch, argument resolution, other)"),
    ("org.apache.catalina", "Tomcat (servlet container)"),
    ("org.apache.coyote", "Tomcat (HTTP parsing and writing)"),
    ("org.apache.tomcat", "Tomcat (connector, NIO)"),
    ("jdk.internal.net.http", "HTTP client (java.net.http)"),
    ("com.fasterxml.jackson", "JSON: client reads the response (Jackson)"),
    ("DefaultApprovalEngine.pendingTasks", "engine: pending list"),
    ("DefaultApprovalEngine.start", "engine: start (untimed)"),
]


def frames(ev):
    st = ev["values"].get("stackTrace") or {}
    return [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in st.get("frames", [])]


def main():
    with open(sys.argv[1]) as fh:
        evs = json.load(fh)["recording"]["events"]
    by_thread = collections.defaultdict(collections.Counter)
    for ev in evs:
        t = (ev["values"].get("sampledThread") or {}).get("javaName") or ""
        group = "tomcat http-nio" if t.startswith("http-nio") else ("bench main" if t == "main" else None)
        if group is None:
            continue
        fs = frames(ev)
        step = "other"
        for key, name in STEPS:
            if any(key in f for f in fs):
                step = name
                break
        by_thread[group][step] += 1
    for group, c in by_thread.items():
        total = sum(c.values())
        print(f"{group}: {total} on-CPU samples")
        for step, n in c.most_common():
            print(f"  {100.0 * n / total:5.1f} %  {step}")


if __name__ == "__main__":
    main()

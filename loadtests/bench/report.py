"""Prints bench.sh's results as a Markdown table.

Input: results.tsv, one line per run: case, side (vellum | raw | raw+index), rate, p50 ms, p99 ms,
failed, requests, then CPU ticks during the run: Vellum's JVM, PostgreSQL (backends and ended
backends), Redis, the whole machine (busy), and the load generator (wrk, pgbench, curl, psql);
then the milliseconds between the two readings of the machine's busy ticks.
"""
import sys

path, docs, duration, ticks, cores = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
runs = {}
order = []
for line in open(path):
    f = line.rstrip("\n").split("\t")
    case, side = f[0], f[1]
    rate = float(f[2] or 0)
    requests = int(f[6] or 0)
    jvm, pg, redis, busy, gen = (int(x or 0) for x in f[7:12])
    ms = 1000.0 / ticks
    per = (lambda t: t * ms / requests) if requests else (lambda t: float("nan"))
    seconds = int(f[12]) / 1000.0 if len(f) > 12 and f[12] else (requests / rate if rate else duration)
    foreign = (busy - jvm - pg - redis - gen) / (ticks * seconds * cores) * 100
    runs.setdefault((case, side), []).append(dict(rate=rate, p50=f[3], p99=f[4], failed=f[5], requests=requests,
                                                 jvm=per(jvm), pg=per(pg), redis=per(redis), foreign=foreign))
    if case not in order:
        order.append(case)


def median_run(side_runs):
    """The run with the median rate (the lower middle one of an even number), whole: its latencies and CPU too."""
    return sorted(side_runs, key=lambda r: r["rate"])[(len(side_runs) - 1) // 2]


rows = {key: median_run(side_runs) for key, side_runs in runs.items()}
rounds = max(len(side_runs) for side_runs in runs.values()) if runs else 0

names = {
    "get": "get by key (KV)",
    "find_dense": "find status (1/3) LIMIT 20",
    "find_selective": "find address.city (0.1 %) LIMIT 20",
    "range_sort": "age >= X order by age LIMIT 20",
    "insert": "insert one document",
    "counter": "counter +1 (mutate_in)",
    "mutate3": "3-path mutate_in",
    "tx": "transaction with one insert",
    "export": "NDJSON export (documents/s)",
}


def cell(v, fmt="{:.0f}"):
    return fmt.format(v) if v == v else "–"


print(f"\n{docs:,} documents, {duration:g} s per case, c=64, {cores} cores, "
      f"{rounds} round{'s' if rounds != 1 else ''} (each side: its median run)\n")
print("| operation | Vellum /s | p50 / p99 ms | Vellum CPU per request: JVM + PG + Redis ms | raw PG /s | p50 / p99 ms "
      "| raw PG CPU ms | Vellum / raw | each round | foreign CPU V / raw |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for case in order:
    v = rows.get((case, "vellum"))
    raws = [(s, rows[(case, s)]) for s in ("raw", "raw+index") if (case, s) in rows]
    if not raws:
        raws = [("raw", None)]
    for side, r in raws:
        label = names.get(case, case) + (" (raw with an expression index)" if side == "raw+index" else "")
        vcols = ["–"] * 3
        if v:
            failed = f" ({v['failed']} failed)" if v["failed"] not in ("0", "") else ""
            vcols = [cell(v["rate"]) + failed, f"{v['p50']} / {v['p99']}",
                     f"{cell(v['jvm'], '{:.3f}')} + {cell(v['pg'], '{:.3f}')} + {cell(v['redis'], '{:.3f}')}"]
        rcols = ["–"] * 3
        ratio = "–"
        fr = "–"
        each = "–"
        if r:
            pairs = zip(runs.get((case, "vellum"), []), runs[(case, side)])
            each = " / ".join(f"{a['rate'] / b['rate'] * 100:.0f}" for a, b in pairs if b["rate"]) or "–"
            rcols = [cell(r["rate"]), f"{r['p50']} / {r['p99']}", cell(r["pg"], "{:.3f}")]
            if v and r["rate"]:
                ratio = f"{v['rate'] / r['rate'] * 100:.0f} %"
            fr = f"{cell(v['foreign'] if v else float('nan'))} / {cell(r['foreign'])} %"
        print(f"| {label} | " + " | ".join(vcols + rcols + [ratio, each, fr]) + " |")
print("\nforeign CPU: the machine's busy CPU during the run that was neither Vellum, PostgreSQL, Redis nor the "
      "load generator, as a share of all cores (other work on a shared machine, and PostgreSQL's own background "
      "processes). CPU per request counts busy time, whatever the request waited for. Each round: the Vellum/raw ratio "
      "of each round's own runs, in %.")

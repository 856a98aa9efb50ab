#!/usr/bin/env python3
"""Buckets the JFR execution samples of Keycloak's request threads by benchmark arm and by phase.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 256 kc.jfr > samples.txt
       python3 scripts/jfr-buckets.py samples.txt it-tests/target/scim-benchmark-windows.txt [requests-per-window]

The windows file has lines "BENCHWIN arm round startEpochMs endEpochMs" (ScimBenchmarkIT writes it):
the arms run one after the other, so every sample of a request thread inside an arm's window is that
arm's. Each sample goes to the first phase (in the order below) that any frame of its stack matches;
the pgjdbc statement-timeout timer (java.util.Timer.schedule, cancel and purge) is counted across phases.

JFR's printed sample times can be seconds off the wall clock the windows use (10.75 s in one run on a
loaded VM): the script fits one offset first, the shift that puts the most samples whose stack names an
arm's own entry point (OrganizationEndpoint.create, UsersResource.createUser, BulkService) into that
arm's windows, and prints it. A fourth argument (milliseconds) fixes the offset instead.
"""
import collections
import datetime
import re
import sys

PHASES = [
    ("provisioning capture at commit", r"dev\.tenancy\.provisioning\.capture\.(OutboxWriter|ChangeCollector\.commit|UserStateReader)|dev\.tenancy\.provisioning\.apps\.AppOutbox"),
    ("governance listener", r"dev\.tenancy\.orgs\.governance\."),
    ("admin event + listeners", r"dev\.tenancy\.scim\.Audit\.|AdminEventBuilder\.|dev\.tenancy\.provisioning\.capture\.CaptureEventListener|JpaAdminEventStore|JBossLoggingEventListener|EventStoreProvider"),
    ("membership (addMember)", r"OrganizationProvider\.add(Managed)?Member|JpaOrganizationProvider\.add"),
    ("link store", r"dev\.tenancy\.orgs\.jpa\.(JpaUserLinkStore|LinkStoreBase)"),
    ("user profile", r"org\.keycloak\.userprofile\."),
    ("existing/externalId lookups", r"UserService\.(existing|claimExternalId)|AccountValidation|getUserByUsername|getUserByEmail|findByExternalId"),
    ("user insert", r"(JpaUserProvider|UserCacheSession|UserStorageManager)\.addUser|RepresentationToModel\.createUser|UserResource\.updateUserFromRep"),
    ("attributes and fields", r"UserWriter\.|UserService\.writeAccount|UserAdapter\.set|UserModelDelegate\.set|CachedUserAdapter|UserAdapter\.setAttribute"),
    ("session close / commit (flush, DB commit)", r"KeycloakTransactionManager\.commit|DefaultKeycloakTransactionManager\.commit|JtaTransactionWrapper\.commit|TransactionImple\.commit|KeycloakSession.*\.close|DefaultKeycloakSession\.close|SessionImpl\.flush|AbstractFlushingEventListener"),
    ("response (toScim, representation)", r"UserReader\.toScim|ModelToRepresentation\.|ScimResult"),
    ("auth", r"dev\.tenancy\.scim\.(ScimContext|ScimRootResource\.(auth|resolve))|Authenticat|TokenVerifier|AdminAuth|AppAuthManager|BearerToken|Signature|Secret|Verification|Credential"),
    ("JSON", r"com\.fasterxml\.jackson"),
    ("HTTP/JAX-RS/Vert.x", r"org\.jboss\.resteasy|io\.vertx|io\.netty|io\.quarkus"),
]
TIMER = re.compile(r"java\.util\.Timer\.(schedule|sched|cancel|purge)|java\.util\.TaskQueue|PgStatement\.(startTimer|killTimerTask|cancelTimeout)")
REQUEST_THREAD = re.compile(r'"(executor-thread-\d+|vert\.x-eventloop-thread-\d+|vert\.x-worker-thread-\d+|scim-bulk-\d+)"')
COMPILED = [(n, re.compile(p)) for n, p in PHASES]


def samples(path):
    block = None
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("jdk.ExecutionSample"):
            block = {"frames": []}
        elif block is None:
            continue
        elif line.startswith("}"):
            yield block
            block = None
        else:
            s = line.strip()
            if s.startswith("startTime ="):
                m = re.match(r"startTime = (\d\d:\d\d:\d\d\.\d+) \((\d{4}-\d\d-\d\d)\)", s)
                if m:
                    t = datetime.datetime.strptime(m.group(2) + " " + m.group(1)[:12], "%Y-%m-%d %H:%M:%S.%f")
                    block["t"] = t.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000
            elif s.startswith("sampledThread ="):
                block["thread"] = s
            elif s and not s.startswith(("stackTrace", "state", "]", "...")):
                block["frames"].append(s)


MARKERS = [("bulk", re.compile(r"dev\.tenancy\.scim\.bulk\.BulkService")),
           ("ours", re.compile(r"dev\.tenancy\.scim\.OrganizationEndpoint\.(lambda\$)?create")),
           ("admin", re.compile(r"org\.keycloak\.services\.resources\.admin\.UsersResource\.createUser"))]


def fit_offset(all_samples, windows):
    marked = []
    for s in all_samples:
        if "t" not in s:
            continue
        for arm, rx in MARKERS:
            if any(rx.search(f) for f in s["frames"]):
                marked.append((s["t"], arm))
                break
    best = (0, -1)
    for off in range(-60000, 60001, 250):
        good = 0
        for t, arm in marked:
            w = next((w for w in windows if w[1] <= t + off <= w[2]), None)
            if w is not None and w[0] == arm:
                good += 1
        if good > best[1]:
            best = (off, good)
    return best[0], best[1], len(marked)


def main():
    windows = []
    for line in open(sys.argv[2]):
        p = line.split()
        if p and p[0] == "BENCHWIN":
            windows.append((p[1], int(p[3]), int(p[4])))
    per_window = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    counts = collections.defaultdict(collections.Counter)
    timer = collections.defaultdict(collections.Counter)
    timer_callers = collections.defaultdict(collections.Counter)
    totals = collections.Counter()
    nwin = collections.Counter(w[0] for w in windows)
    all_samples = list(samples(sys.argv[1]))
    if len(sys.argv) > 4:
        offset = int(sys.argv[4])
    else:
        offset, good, marked = fit_offset(all_samples, windows)
        print(f"clock offset {offset} ms ({good} of {marked} entry-point samples in their arm's windows)", file=sys.stderr)
    for s in all_samples:
        if "t" not in s or not REQUEST_THREAD.search(s.get("thread", "")):
            continue
        arm = next((w[0] for w in windows if w[1] <= s["t"] + offset <= w[2]), None)
        if arm is None:
            continue
        stack = s["frames"]
        phase = "other"
        for name, rx in COMPILED:
            if any(rx.search(f) for f in stack):
                phase = name
                break
        counts[arm][phase] += 1
        totals[arm] += 1
        if TIMER.search(stack[0]) or (len(stack) > 1 and TIMER.search(stack[1])) or any("java.util.Timer.sched" in f for f in stack[:6]):
            timer[arm][phase] += 1
            # who issued the statement: the first frame above pgjdbc/agroal/hibernate
            caller = next((f for f in stack if not re.match(r"(java\.|jdk\.|org\.postgresql|io\.agroal|org\.hibernate|sun\.)", f)), "?")
            timer_callers[arm][re.sub(r"\s+line:.*", "", caller)] += 1
    arms = [a for a in ("ours", "admin", "realm", "bulk") if a in totals] + [a for a in totals if a not in ("ours", "admin", "realm", "bulk")]
    names = [n for n, _ in PHASES] + ["other"]
    print("| phase | " + " | ".join(f"{a} ({totals[a]} samples)" for a in arms) + " |")
    print("|---|" + "---|" * len(arms))
    for n in names:
        if not any(counts[a][n] for a in arms):
            continue
        cells = []
        for a in arms:
            c = counts[a][n]
            pct = 100.0 * c / totals[a] if totals[a] else 0
            per = f", {c * 10.0 / (per_window * nwin[a]):.2f} ms/req" if per_window else ""
            cells.append(f"{pct:.0f} % ({c}{per})")
        print(f"| {n} | " + " | ".join(cells) + " |")
    print()
    for a in arms:
        t = sum(timer[a].values())
        print(f"{a}: statement-timeout timer {t} samples = {100.0 * t / totals[a]:.1f} % ; by phase: {dict(timer[a].most_common())}")
        for c, k in timer_callers[a].most_common(8):
            print(f"    {k}: {c}")


if __name__ == "__main__":
    main()

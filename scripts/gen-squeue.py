#!/usr/bin/env python3
"""Write a `squeue --json` document (Slurm 24.05, data_parser/v0.0.41) for a synthetic GPU cluster
(fixtures, benchmarks).

usage: gen-squeue.py [--jobs N] [--seed S] [--now EPOCH] [--cores-per-socket C] [--indent K] [--out PATH|-]

Every job object carries all 130 fields of a real v0.0.41 job, in the order slurmctld writes them
(copied from a slurmrestd 24.05 /slurm/v0.0.41/jobs response): numbers that may be unset or infinite
are {"set","infinite","number"} objects, job_state is a list, pending jobs have job_resources {} and
running ones list every core of every allocated node (2 sockets x C cores, like the real thing), so
the size per job is what squeue really prints (~4-9 kB compact).

The cluster: partitions gpu-h100/gpu-h200/gpu-a100/gpu-l40s (8, 8, 8, 4 GPUs per node) and debug
(on the a100 nodes), 12 teams (accounts) of users, 5 QOS. About 40% of the records are pending
(reasons Priority, Resources, QOSMaxGRESPerUser, AssocGrpGRES, Dependency, ...), ~52% running, the
rest completing (["COMPLETED","COMPLETING"]: still holding GPUs), suspended or recently finished. Running jobs get real GPUs: a first-fit allocator
hands out GPU indices per node, so nodes ("h100-[00012-00013]"), gres_detail
("gpu:h100:2(IDX:4-5)", one entry per node) and tres_alloc_str ("...,gres/gpu=16,gres/gpu:h100=16")
agree and no node is over-booked (node pools grow with --jobs; 5-digit node names above 15,000 jobs).
GPU requests are 1..64 per job, written the way users ask for them: --gpus (tres_per_job
"gres/gpu:h100:16"), --gpus-per-node (tres_per_node "gres/gpu:h100:8"), --gres (tres_per_node
"gres/gpu:4"), --gpus-per-task (tres_per_task "gres/gpu:1"); tres_req_str always has "gres/gpu=N".
~10% of records belong to job arrays: running tasks are their own records (array_job_id/array_task_id
set) and the rest of the array is one pending record whose array_task_string ("17-99%8") stands for
many tasks. A few heterogeneous jobs have two components (het_job_id, het_job_offset, het_job_id_set).
A summary (pending records/tasks/GPUs, running records/GPUs) goes to stderr; GPUs of a pending array
record count once per task.

The same --seed and --now give the same bytes. Jobs are streamed one at a time through the C JSON
encoder (json.dumps per job, default separators), so memory stays flat; with --indent the pure-Python
pretty printer is used instead (squeue's own layout, several times slower).
"""
import argparse
import json
import random
import sys
import time

NOW_DEFAULT = 1762790000  # 2025-11-10; fixed so output is reproducible

# partition, node pool (name prefix), initial pool size, GPUs per node, GPU type
PARTITIONS = [
    ("gpu-h100", "h100", 1024, 8, "h100"),
    ("gpu-h200", "h200", 256, 8, "h200"),
    ("gpu-a100", "a100", 512, 8, "a100"),
    ("gpu-l40s", "l40s", 256, 4, "l40s"),
    ("debug", "a100", 512, 8, "a100"),
]
PART_WEIGHTS = [45, 12, 25, 10, 8]

TEAMS = ["nlp", "vision", "speech", "recsys", "robotics", "genai", "safety", "infra", "search",
         "biology", "climate", "eval"]
QOS = [("normal", 60), ("high", 12), ("low", 15), ("scavenger", 8), ("urgent", 5)]
QOS_PRIO = {"normal": 1000, "high": 5000, "low": 100, "scavenger": 0, "urgent": 20000}

PENDING_REASONS = [
    ("Priority", 38), ("Resources", 22), ("QOSMaxGRESPerUser", 9), ("AssocGrpGRES", 7),
    ("Dependency", 7), ("QOSGrpGRES", 4), ("BeginTime", 3), ("ReqNodeNotAvail", 3),
    ("JobHeldUser", 2), ("AssocMaxJobsLimit", 2), ("QOSMaxJobsPerUserLimit", 2),
    ("PartitionTimeLimit", 1),
]
# gpus requested per job
GPU_COUNTS = [(1, 22), (2, 14), (4, 18), (8, 26), (16, 10), (32, 6), (64, 4)]
MODELS = ["llama3-8b", "llama3-70b", "mixtral-8x7b", "vit-h14", "whisper-l", "sd-xl", "bert-base",
          "t5-xxl", "gpt-neox", "dino-v2", "wav2vec2", "dlrm", "esm2", "graphcast"]
TASKS = ["pretrain", "sft", "dpo", "eval", "sweep", "infer", "ablation", "finetune", "distill", "bench"]

# ------------------------------------------------------------------ shared sub-objects
# json.dumps serialises a shared dict as often as it is referenced; sharing only saves memory/time.


def ns(n):
    return {"set": True, "infinite": False, "number": n}


UNSET = {"set": False, "infinite": False, "number": 0}
INF = {"set": False, "infinite": True, "number": 0}
ZERO = ns(0)
ONE = ns(1)
EXIT_OK = {"status": ["SUCCESS"], "return_code": ZERO,
           "signal": {"id": UNSET, "name": ""}}
EXIT_ERR = {"status": ["ERROR"], "return_code": ns(1), "signal": {"id": UNSET, "name": ""}}
EXIT_TERM = {"status": ["SIGNALED"], "return_code": UNSET,
             "signal": {"id": ns(15), "name": "TERM"}}
EXIT_KILL = {"status": ["SIGNALED"], "return_code": UNSET,
             "signal": {"id": ns(9), "name": "KILL"}}
SHOW_FLAGS = ["ALL", "DETAIL", "LOCAL"]
PROFILE = ["NOT_SET"]
POWER = {"flags": []}
EMPTY_LIST = []


def weighted(rng, table):
    tot = sum(w for _, w in table)
    x = rng.random() * tot
    for v, w in table:
        x -= w
        if x < 0:
            return v
    return table[-1][0]


def hostlist(prefix, idxs, w=4):
    """[12,13,14,40] -> 'h100-[0012-0014,0040]'; [12] -> 'h100-0012' (w = digits)."""
    idxs = sorted(idxs)
    if len(idxs) == 1:
        return "%s-%0*d" % (prefix, w, idxs[0])
    ranges, lo, prev = [], idxs[0], idxs[0]
    for i in idxs[1:] + [None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        ranges.append("%0*d" % (w, lo) if lo == prev else "%0*d-%0*d" % (w, lo, w, prev))
        if i is not None:
            lo = prev = i
    return "%s-[%s]" % (prefix, ",".join(ranges))


def idx_list(bits):
    """GPU index bitmask -> Slurm IDX string: 0b1111 -> '0-3', 0b1011 -> '0-1,3'."""
    out, i = [], 0
    while bits >> i:
        if bits >> i & 1:
            j = i
            while bits >> (j + 1) & 1:
                j += 1
            out.append(str(i) if i == j else "%d-%d" % (i, j))
            i = j + 1
        else:
            i += 1
    return ",".join(out)


class Pool:
    """Nodes of one GPU model. Running jobs take GPUs first-fit from a moving cursor, so no node
    is ever over-booked; the pool grows (more nodes) when a bounded scan finds no room."""

    SCAN = 64

    def __init__(self, prefix, size, gpn, rng):
        self.prefix, self.gpn = prefix, gpn
        self.used = [0] * (size + 1)  # GPU index bitmask per node, 1-based
        self.cursor = rng.randrange(1, size + 1)

    def take(self, nnodes, per_node):
        got, i, scanned, n = [], self.cursor, 0, len(self.used) - 1
        while len(got) < nnodes and scanned < self.SCAN + nnodes:
            if bin(self.used[i]).count("1") + per_node <= self.gpn:
                got.append(i)
            i = i + 1 if i < n else 1
            scanned += 1
        if len(got) < nnodes:  # cluster full here: grow the pool
            start = len(self.used)
            self.used.extend([0] * (nnodes + 16))
            got = list(range(start, start + nnodes))
            i = start + nnodes
        self.cursor = i
        out = []
        for k in got:
            u, bits, b = self.used[k], 0, 0
            while bin(bits).count("1") < per_node:
                if not (u >> b) & 1:
                    bits |= 1 << b
                b += 1
            self.used[k] = u | bits
            out.append((k, bits))
        return out


class Gen:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.now = args.now
        self.cps = args.cores_per_socket
        self.next_id = 4_200_000
        self.socket_cache = {}
        rng = self.rng
        self.width = 4 if args.jobs <= 15000 else 5  # node-name digits
        self.pools = {}
        for _, prefix, size, gpn, _ in PARTITIONS:
            self.pools.setdefault(prefix, Pool(prefix, size, gpn, rng))
        self.stats = dict(jobs=0, pending=0, pending_tasks=0, running=0, gpus_pending=0, gpus_running=0)
        self.users = []  # (name, uid, team, gid)
        uid = 20000
        for gi, team in enumerate(TEAMS):
            for k in range(rng.randint(12, 40)):
                self.users.append(("%s%02d" % (team[:3], k), uid, team, 30000 + gi))
                uid += 1
        self.user_weights = [rng.paretovariate(1.2) for _ in self.users]  # a few heavy users
        self.cum_uw = []
        acc = 0.0
        for w in self.user_weights:
            acc += w
            self.cum_uw.append(acc)

    # -------------------------------------------------------------- helpers
    def pick_user(self):
        import bisect
        x = self.rng.random() * self.cum_uw[-1]
        return self.users[min(bisect.bisect_right(self.cum_uw, x), len(self.users) - 1)]

    def sockets(self, cpus_on_node):
        """Two sockets of self.cps cores, the first cpus_on_node cores ALLOCATED (cached, shared)."""
        key = cpus_on_node
        s = self.socket_cache.get(key)
        if s is None:
            s, left = [], cpus_on_node
            for si in range(2):
                cores = []
                for ci in range(self.cps):
                    cores.append({"index": ci, "status": ["ALLOCATED"] if left > 0 else ["UNALLOCATED"]})
                    left -= 1
                s.append({"index": si, "cores": cores})
            self.socket_cache[key] = s
        return s

    def new_id(self):
        self.next_id += self.rng.randint(1, 3)
        return self.next_id

    # -------------------------------------------------------------- one job
    def job(self, state, reason, array=None, het=None, job_id=None):
        """state: PENDING/RUNNING/COMPLETING/COMPLETED/FAILED/CANCELLED/TIMEOUT/SUSPENDED.
        array: None | ("task", array_job_id, task_id) | ("meta", array_job_id, task_string, n_tasks).
        het: None | (het_job_id, offset, id_set)."""
        rng, now = self.rng, self.now
        pname, prefix, _, gpn, gtype = PARTITIONS[weighted(rng, list(zip(range(5), PART_WEIGHTS)))]
        pool = self.pools[prefix]
        w = self.width
        pnodes = len(pool.used) - 1
        if pname == "debug":
            gpus = weighted(rng, [(1, 50), (2, 30), (4, 15), (8, 5)])
        else:
            gpus = weighted(rng, GPU_COUNTS)
        per_node = min(gpus, gpn)
        nnodes = (gpus + per_node - 1) // per_node
        gpus = per_node * nnodes
        user, uid, team, gid = self.pick_user()
        qos = weighted(rng, QOS)
        if job_id is None:
            job_id = self.new_id()
        cpus_per_gpu = rng.choice((4, 8, 12, 16))
        cpn = min(per_node * cpus_per_gpu, 2 * self.cps)
        cpus = cpn * nnodes
        mem_per_node = per_node * rng.choice((64000, 96000, 128000, 192000))  # MB
        style = weighted(rng, [("gpus", 35), ("gpn", 45), ("gres", 10), ("gpt", 10)])
        typed = style in ("gpus", "gpn") and rng.random() < 0.8
        tres_per_job = tres_per_node = tres_per_task = ""
        ntasks = nnodes
        if style == "gpus":
            tres_per_job = "gres/gpu:%s%d" % (gtype + ":" if typed else "", gpus)
        elif style == "gpn":
            tres_per_node = "gres/gpu:%s%d" % (gtype + ":" if typed else "", per_node)
            ntasks = nnodes * per_node
        elif style == "gres":
            tres_per_node = "gres/gpu:%d" % per_node
        else:
            tres_per_task = "gres/gpu:1"
            ntasks = gpus
        mem_str = "%dG" % (mem_per_node * nnodes // 1000) if mem_per_node * nnodes % 1000 == 0 \
            else "%dM" % (mem_per_node * nnodes)
        billing = cpus + 10 * gpus
        req = "cpu=%d,mem=%s,node=%d,billing=%d,gres/gpu=%d" % (cpus, mem_str, nnodes, billing, gpus)
        if typed:
            req += ",gres/gpu:%s=%d" % (gtype, gpus)
        limit = rng.choice((30, 60, 120, 240, 480, 720, 1440, 2880, 4320)) if pname != "debug" \
            else rng.choice((10, 30, 60))
        submit = now - int(rng.expovariate(1 / 20000.0)) - 5
        running_like = state in ("RUNNING", "COMPLETING", "SUSPENDED", "COMPLETED", "FAILED",
                                 "CANCELLED", "TIMEOUT")
        nodes = ""
        gres_detail = EMPTY_LIST
        alloc = ""
        job_res = {}
        batch_host = ""
        sched_nodes = ""
        state_desc = ""
        flags = ["EXACT_TASK_COUNT_REQUESTED", "USING_DEFAULT_WCKEY"]
        exit_code = EXIT_OK  # pending jobs report SUCCESS/0 too (v0.0.41 fixture)
        # a completing job has its final state plus the COMPLETING flag and still holds its GPUs
        cg_base = weighted(rng, [("COMPLETED", 70), ("CANCELLED", 20), ("FAILED", 10)]) \
            if state == "COMPLETING" else None
        eligible = submit
        accrue = submit
        if running_like:
            start = min(submit + rng.randint(1, 3600), now - rng.randint(1, 600))
            end = start + limit * 60
            if state == "TIMEOUT":
                start = now - limit * 60 - rng.randint(1, 290)
                end = start + limit * 60
            elif state in ("COMPLETED", "FAILED", "CANCELLED"):
                end = min(start + rng.randint(10, limit * 60), now - rng.randint(1, 290))
                start = min(start, end - 1)
            elif state == "COMPLETING":
                end = now - rng.randint(0, 60)
                start = min(start, end - 1)
            if state in ("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT"):
                # finished: its nodes are free again; pick any, don't book them
                first = rng.randrange(1, max(2, pnodes - nnodes + 2))
                taken = [(k, (1 << per_node) - 1) for k in range(first, first + nnodes)]
            else:
                taken = pool.take(nnodes, per_node)
            idxs = [k for k, _ in taken]
            nodes = hostlist(prefix, idxs, w)
            batch_host = "%s-%0*d" % (prefix, w, idxs[0])
            gres_detail = ["gpu:%s:%d(IDX:%s)" % (gtype, per_node, idx_list(b)) for _, b in taken]
            alloc = "cpu=%d,mem=%s,node=%d,billing=%d,gres/gpu=%d,gres/gpu:%s=%d" % (
                cpus, mem_str, nnodes, billing, gpus, gtype, gpus)
            socks = self.sockets(cpn)
            job_res = {
                "select_type": ["CORE"],
                "nodes": {
                    "count": nnodes,
                    "select_type": ["ONE_ROW"],
                    "list": nodes,
                    "whole": False,
                    "allocation": [
                        {"index": k, "name": "%s-%0*d" % (prefix, w, i),
                         "cpus": {"count": cpn, "used": 0},
                         "memory": {"used": 0, "allocated": mem_per_node},
                         "sockets": socks}
                        for k, i in enumerate(idxs)],
                },
                "cpus": cpus,
                "threads_per_core": UNSET,
            }
            flags = ["EXACT_TASK_COUNT_REQUESTED", "ACCRUE_COUNT_CLEARED", "JOB_WAS_RUNNING",
                     "USING_DEFAULT_WCKEY"]
            if state == "FAILED" or cg_base == "FAILED":
                exit_code, reason = EXIT_ERR, "NonZeroExitCode"
            elif state == "TIMEOUT":
                exit_code, reason = EXIT_TERM, "TimeLimit"
            elif state == "CANCELLED" or cg_base == "CANCELLED":
                exit_code, reason = EXIT_KILL, "None"
        else:  # PENDING
            start = now + rng.randint(60, 86400) if reason in ("Resources", "Priority") else 0
            end = start + limit * 60 if start else 0
            if reason == "BeginTime":
                eligible = now + rng.randint(600, 86400)
                accrue = 0
            elif reason in ("Dependency", "JobHeldUser"):
                eligible = 0
                accrue = 0
            if reason == "Resources":
                first = rng.randrange(1, max(2, pnodes - nnodes + 2))
                sched_nodes = hostlist(prefix, list(range(first, first + nnodes)), w)
                flags = flags + ["SCHEDULING_ATTEMPTED"]
            elif reason == "ReqNodeNotAvail":
                bad = sorted(rng.sample(range(1, pnodes + 1), 3))
                state_desc = "ReqNodeNotAvail, UnavailableNodes:%s" % hostlist(prefix, bad, w)
        name = "%s-%s-%s" % (team, rng.choice(MODELS), rng.choice(TASKS))
        if rng.random() < 0.05:
            name = rng.choice(("bash", "interactive", "wrap", "jupyter"))
        home = "/home/%s" % user
        out = "%s/logs/%s-%%j.out" % (home, name)
        prio = QOS_PRIO[qos] + rng.randint(0, 40000) if state == "PENDING" or rng.random() < 0.9 else 0
        if reason == "JobHeldUser":
            prio = 0
        array_job_id, array_task_id, array_task_string, array_max = ZERO, UNSET, "", ZERO
        if array is not None:
            if array[0] == "task":
                array_job_id, array_task_id = ns(array[1]), ns(array[2])
            else:
                array_job_id, array_task_string = ns(array[1]), array[2]
                if "%" in array[2]:
                    array_max = ns(int(array[2].split("%")[1]))
        het_job_id, het_offset, het_set = ZERO, ZERO, ""
        if het is not None:
            het_job_id, het_offset, het_set = ns(het[0]), ns(het[1]), het[2]
            flags = flags + ["HETEROGENEOUS_JOB"]
        dependency = "afterok:%d(unfulfilled)" % (job_id - self.rng.randint(1, 500)) \
            if reason == "Dependency" else ""
        command = "%s/jobs/%s.sbatch" % (home, name)
        st = self.stats
        st["jobs"] += 1
        if state == "PENDING":
            ntask = array[3] if array is not None and array[0] == "meta" else 1
            st["pending"] += 1
            st["pending_tasks"] += ntask
            st["gpus_pending"] += gpus * ntask
        elif state == "RUNNING":
            st["running"] += 1
            st["gpus_running"] += gpus
        return {
            "account": team,
            "accrue_time": ns(accrue),
            "admin_comment": "",
            "allocating_node": "login%d" % rng.randint(1, 4),
            "array_job_id": array_job_id,
            "array_task_id": array_task_id,
            "array_max_tasks": array_max,
            "array_task_string": array_task_string,
            "association_id": 100 + uid - 20000,
            "batch_features": "",
            "batch_flag": True,
            "batch_host": batch_host,
            "flags": flags,
            "burst_buffer": "",
            "burst_buffer_state": "",
            "cluster": "fleet",
            "cluster_features": "",
            "command": command,
            "comment": "",
            "container": "",
            "container_id": "",
            "contiguous": False,
            "core_spec": 0,
            "thread_spec": 32766,
            "cores_per_socket": UNSET,
            "billable_tres": {"set": True, "infinite": False, "number": float(billing)},
            "cpus_per_task": ns(cpus_per_gpu if style == "gpt" else 1),
            "cpu_frequency_minimum": UNSET,
            "cpu_frequency_maximum": UNSET,
            "cpu_frequency_governor": UNSET,
            "cpus_per_tres": "gres/gpu:%d" % cpus_per_gpu if style != "gpt" else "",
            "cron": "",
            "deadline": ZERO,
            "delay_boot": ZERO,
            "dependency": dependency,
            "derived_exit_code": EXIT_OK,
            "eligible_time": ns(eligible),
            "end_time": ns(end),
            "excluded_nodes": "",
            "exit_code": exit_code,
            "extra": "",
            "failed_node": "",
            "features": "",
            "federation_origin": "",
            "federation_siblings_active": "",
            "federation_siblings_viable": "",
            "gres_detail": gres_detail,
            "group_id": gid,
            "group_name": team,
            "het_job_id": het_job_id,
            "het_job_id_set": het_set,
            "het_job_offset": het_offset,
            "job_id": job_id,
            "job_resources": job_res,
            "job_size_str": EMPTY_LIST,
            "job_state": [state] if state != "COMPLETING" else [cg_base, "COMPLETING"],
            "last_sched_evaluation": ns(now - rng.randint(0, 120)),
            "licenses": "",
            "mail_type": EMPTY_LIST,
            "mail_user": user,
            "max_cpus": ZERO,
            "max_nodes": ZERO,
            "mcs_label": "",
            "memory_per_tres": "",
            "name": name,
            "network": "",
            "nodes": nodes,
            "nice": 0,
            "tasks_per_core": INF,
            "tasks_per_tres": ZERO,
            "tasks_per_node": ns(ntasks // nnodes) if style == "gpn" else ZERO,
            "tasks_per_socket": INF,
            "tasks_per_board": ZERO,
            "cpus": ns(cpus),
            "node_count": ns(nnodes),
            "tasks": ns(ntasks),
            "partition": pname,
            "prefer": "",
            "memory_per_cpu": UNSET,
            "memory_per_node": ns(mem_per_node),
            "minimum_cpus_per_node": ns(cpn),
            "minimum_tmp_disk_per_node": ZERO,
            "power": POWER,
            "preempt_time": ZERO,
            "preemptable_time": ZERO,
            "pre_sus_time": ZERO,
            "hold": reason == "JobHeldUser",
            "priority": ns(prio),
            "profile": PROFILE,
            "qos": qos,
            "reboot": False,
            "required_nodes": "",
            "minimum_switches": 0,
            "requeue": True,
            "resize_time": ZERO,
            "restart_cnt": 0,
            "resv_name": "",
            "scheduled_nodes": sched_nodes,
            "selinux_context": "",
            "shared": EMPTY_LIST,
            "exclusive": EMPTY_LIST,
            "oversubscribe": True,
            "show_flags": SHOW_FLAGS,
            "sockets_per_board": 0,
            "sockets_per_node": UNSET,
            "start_time": ns(start),
            "state_description": state_desc,
            "state_reason": reason,
            "standard_error": out,
            "standard_input": "/dev/null",
            "standard_output": out,
            "submit_time": ns(submit),
            "suspend_time": ZERO,
            "system_comment": "",
            "time_limit": ns(limit),
            "time_minimum": ZERO,
            "threads_per_core": UNSET,
            "tres_bind": "",
            "tres_freq": "",
            "tres_per_job": tres_per_job,
            "tres_per_node": tres_per_node,
            "tres_per_socket": "",
            "tres_per_task": tres_per_task,
            "tres_req_str": req,
            "tres_alloc_str": alloc,
            "user_id": uid,
            "user_name": user,
            "maximum_switch_wait_time": 0,
            "wckey": "",
            "current_working_directory": home,
        }

    # -------------------------------------------------------------- stream of records
    def records(self, n):
        rng = self.rng
        made = 0
        while made < n:
            left = n - made
            x = rng.random()
            if x < 0.02 and left >= 6:  # job array: some tasks running + one pending meta record
                aid = self.new_id()
                size = rng.choice((8, 16, 32, 64, 100))
                throttle = rng.choice((0, 4, 8, 16))
                nrun = min(rng.randint(1, max(throttle, 4)), left - 1, size - 1)
                for t in range(nrun):
                    yield self.job("RUNNING", "None", array=("task", aid, t), job_id=aid + 1 + t)
                self.next_id = aid + nrun + 1
                ts = "%d-%d" % (nrun, size - 1) + ("%%%d" % throttle if throttle else "")
                yield self.job("PENDING", rng.choice(("Priority", "Resources", "JobArrayTaskLimit"))
                               if throttle else rng.choice(("Priority", "Resources")),
                               array=("meta", aid, ts, size - nrun), job_id=aid)
                made += nrun + 1
                continue
            if x < 0.025 and left >= 2:  # heterogeneous job, 2 components
                hid = self.new_id()
                self.next_id = hid + 1
                st = "RUNNING" if rng.random() < 0.5 else "PENDING"
                rs = "None" if st == "RUNNING" else "Priority"
                for off in range(2):
                    yield self.job(st, rs, het=(hid, off, "%d-%d" % (hid, hid + 1)), job_id=hid + off)
                made += 2
                continue
            y = rng.random()
            if y < 0.40:
                yield self.job("PENDING", weighted(rng, PENDING_REASONS))
            elif y < 0.92:
                yield self.job("RUNNING", "None")
            elif y < 0.94:
                yield self.job("COMPLETING", "None")
            elif y < 0.945:
                yield self.job("SUSPENDED", "None")
            else:
                yield self.job(weighted(rng, [("COMPLETED", 60), ("FAILED", 15), ("CANCELLED", 15),
                                              ("TIMEOUT", 10)]), "None")
            made += 1

    def tail(self):
        return {
            "last_backfill": ns(self.now - 17),
            "last_update": ns(self.now - 1),
            "meta": {
                "plugin": {"type": "", "name": "", "data_parser": "data_parser/v0.0.41",
                           "accounting_storage": "accounting_storage/slurmdbd"},
                "client": {"source": "/dev/pts/3", "user": "root", "group": "root"},
                "command": ["squeue", "--json"],
                "slurm": {"version": {"major": "24", "micro": "5", "minor": "05"},
                          "release": "24.05.5", "cluster": "fleet"},
            },
            "errors": [],
            "warnings": [],
        }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=50000, help="job records (default 50000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--now", type=int, default=NOW_DEFAULT, help="'current' epoch the times are relative to")
    ap.add_argument("--cores-per-socket", type=int, default=16, help="cores listed per socket (2 sockets)")
    ap.add_argument("--indent", type=int, default=None, help="pretty-print like squeue (slow)")
    ap.add_argument("--out", default="-", help="output path, - for stdout (default)")
    ap.add_argument("out_pos", nargs="?", help=argparse.SUPPRESS)
    args = ap.parse_args()
    path = args.out_pos or args.out
    t0 = time.perf_counter()
    g = Gen(args)
    f = sys.stdout if path == "-" else open(path, "w", encoding="utf-8")
    try:
        if args.indent is not None:  # whole document through the pure-Python pretty printer
            doc = {"jobs": list(g.records(args.jobs))}
            doc.update(g.tail())
            json.dump(doc, f, indent=args.indent)
            f.write("\n")
        else:
            dumps = json.JSONEncoder(ensure_ascii=True, check_circular=False).encode
            w = f.write
            w('{"jobs": [')
            sep = ""
            for j in g.records(args.jobs):
                w(sep)
                w(dumps(j))
                sep = ", "
            w("]")
            for k, v in g.tail().items():
                w(", %s: %s" % (json.dumps(k), dumps(v)))
            w("}\n")
    finally:
        if f is not sys.stdout:
            f.close()
    st = g.stats
    nodes = sum(len(p.used) - 1 for p in g.pools.values())
    print("gen-squeue: %d jobs in %.1f s: pending %d (%d tasks, %d GPUs requested), running %d "
          "(%d GPUs allocated), pools %d nodes" % (
              st["jobs"], time.perf_counter() - t0, st["pending"], st["pending_tasks"],
              st["gpus_pending"], st["running"], st["gpus_running"], nodes), file=sys.stderr)


if __name__ == "__main__":
    main()

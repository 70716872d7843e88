#!/usr/bin/env python3
"""Write a DCGM-exporter exposition for a synthetic GPU fleet (fixtures, benchmarks, a scrape target).

usage: gen-dcgm.py [--gpus N] [--gpus-per-host G] [--metrics M] [--seed S] [--mig-gpus K] [--pods]
                   [--openmetrics] [--timestamp SEC] [--driver VER] OUT|-

The fleet has N GPUs on hosts of G (default 8) named node-00001, node-00002, ... (the last host may
have fewer).
The first M of the 20 fields of dcgm-exporter 3.x's default counters are written, one metric family
after another, each with # HELP and # TYPE, labelled as dcgm-exporter labels them:

    gpu, UUID, pci_bus_id, device, modelName, [GPU_I_PROFILE, GPU_I_ID,] Hostname, DCGM_FI_DRIVER_VERSION
    [, container, namespace, pod]

--mig-gpus K  the first K GPUs run in MIG mode: each reports one series per GPU instance (labels
              GPU_I_PROFILE="3g.40gb"/"1g.10gb" and GPU_I_ID), no GPU_UTIL / MEM_COPY_UTIL / ENC / DEC
              (DCGM does not support them on MIG), the DCGM_FI_PROF_* fields per instance, framebuffer
              per instance, and the device-level fields (power, temperatures, clocks, ...) repeated on
              every instance, as dcgm-exporter does.
--pods        the first half of every host's GPUs (half the fleet) carry container/namespace/pod labels of a
              4-GPU pod; namespaces are teams (nlp, vision, speech, recsys, ...). On a MIG GPU
              each instance has a pod of its own.
--openmetrics writes '# EOF' at the end and declares the two counters as gauges (OpenMetrics wants
              counters named *_total, which DCGM's are not).
--timestamp   appends an explicit timestamp (seconds) to every sample (needed for
              `promtool tsdb create-blocks-from openmetrics`).

Values are plausible and self-consistent: each GPU has a load from which utilisation, power,
temperatures, clocks and the PROF ratios follow; FB_USED + FB_FREE is the framebuffer size.
The same --seed always gives the same bytes. 20,000 GPUs x 20 metrics (400,000 samples) takes a few
seconds.
"""
import argparse
import random
import sys
import uuid

# name, type, help: the first 20 fields of dcgm-exporter's default-counters.csv that a fleet view uses.
METRICS = [
    ("DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %)."),
    ("DCGM_FI_DEV_MEM_COPY_UTIL", "gauge", "Memory utilization (in %)."),
    ("DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB)."),
    ("DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB)."),
    ("DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W)."),
    ("DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C)."),
    ("DCGM_FI_DEV_MEMORY_TEMP", "gauge", "Memory temperature (in C)."),
    ("DCGM_FI_DEV_SM_CLOCK", "gauge", "SM clock frequency (in MHz)."),
    ("DCGM_FI_DEV_MEM_CLOCK", "gauge", "Memory clock frequency (in MHz)."),
    ("DCGM_FI_DEV_ENC_UTIL", "gauge", "Encoder utilization (in %)."),
    ("DCGM_FI_DEV_DEC_UTIL", "gauge", "Decoder utilization (in %)."),
    ("DCGM_FI_DEV_XID_ERRORS", "gauge", "Value of the last XID error encountered."),
    ("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "counter", "Total number of PCIe retries."),
    ("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "Total energy consumption since boot (in mJ)."),
    ("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "gauge", "Ratio of time the graphics engine is active."),
    ("DCGM_FI_PROF_SM_ACTIVE", "gauge", "The ratio of cycles an SM has at least 1 warp assigned."),
    ("DCGM_FI_PROF_SM_OCCUPANCY", "gauge", "The ratio of number of warps resident on an SM."),
    ("DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", "gauge", "Ratio of cycles the tensor (HMMA) pipe is active."),
    ("DCGM_FI_PROF_DRAM_ACTIVE", "gauge", "Ratio of cycles the device memory interface is active."),
    ("DCGM_FI_PROF_PCIE_TX_BYTES", "gauge", "The rate of data transmitted over the PCIe bus."),
]
# Fields DCGM does not report for a GPU in MIG mode.
NOT_ON_MIG = {"DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_MEM_COPY_UTIL", "DCGM_FI_DEV_ENC_UTIL", "DCGM_FI_DEV_DEC_UTIL"}
# Fields that are per GPU instance on a MIG GPU (the rest are the device's, repeated per instance).
PER_INSTANCE = {"DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_FREE"} | {m[0] for m in METRICS if m[0].startswith("DCGM_FI_PROF_")}

# modelName, framebuffer MiB, max SM clock MHz, memory clock MHz, idle W, max W
MODELS = [
    ("NVIDIA H100 80GB HBM3", 81559, 1980, 2619, 70, 700),
    ("NVIDIA A100-SXM4-80GB", 81920, 1410, 1593, 55, 400),
]
# PCI bus ids of the 8 GPUs of an HGX board.
BUS_IDS = ["18", "2A", "3A", "5D", "9A", "AB", "BA", "DB"]
# Two MIG layouts that fill the 7 compute slices: (profile, GPU instance id, framebuffer MiB).
MIG_LAYOUTS = [
    [("3g.40gb", 2, 40192), ("1g.10gb", 7, 9856), ("1g.10gb", 8, 9856), ("1g.10gb", 9, 9856), ("1g.10gb", 10, 9856)],
    [("3g.40gb", 1, 40192), ("3g.40gb", 2, 40192)],
]
TEAMS = ["nlp", "vision", "speech", "recsys", "research", "platform"]
JOB_KINDS = ["train", "finetune", "infer", "eval"]
XIDS = [13, 31, 43, 45, 48, 63, 64, 74, 79, 92, 94, 95]


class Series:
    """One label set: a whole GPU, or one GPU instance of a MIG GPU."""
    __slots__ = ("gpu", "labels", "load", "fb_total", "mig")

    def __init__(self, gpu, labels, load, fb_total, mig):
        self.gpu, self.labels, self.load, self.fb_total, self.mig = gpu, labels, load, fb_total, mig


class GPU:
    __slots__ = ("model", "load", "fb_used_frac", "xid", "replays", "energy")


def bus_id(slot):
    return BUS_IDS[slot] if slot < len(BUS_IDS) else "%02X" % (0xE0 + slot % 32)


def draw_load(rnd):
    """A fleet is bimodal: a fifth idle, the rest busy at various levels."""
    return rnd.uniform(0.0, 0.03) if rnd.random() < 0.2 else rnd.uniform(0.35, 1.0)


def build(a):
    rnd = random.Random(a.seed)
    gpus, series = [], []
    pod_of_host = {}
    for i in range(a.gpus):
        h, slot = divmod(i, a.gpus_per_host)
        model = MODELS[h % len(MODELS)]
        g = GPU()
        g.model = model
        g.load = draw_load(rnd)
        g.fb_used_frac = min(1.0, 0.05 + g.load * rnd.uniform(0.6, 1.0)) if g.load > 0.1 else rnd.uniform(0.0, 0.01)
        g.xid = rnd.choice(XIDS) if rnd.random() < 0.002 else 0
        g.replays = rnd.randint(1, 40) if rnd.random() < 0.01 else 0
        g.energy = rnd.randint(10**9, 9 * 10**11)
        gpus.append(g)
        base = ('gpu="%d",UUID="GPU-%s",pci_bus_id="00000000:%s:00.0",device="nvidia%d",modelName="%s"'
                % (slot, uuid.UUID(int=rnd.getrandbits(128)), bus_id(slot), slot, model[0]))
        tail = ',Hostname="node-%05d",DCGM_FI_DRIVER_VERSION="%s"' % (h + 1, a.driver)
        with_pod = a.pods and slot < a.gpus_per_host // 2
        if with_pod and h not in pod_of_host:
            team = rnd.choice(TEAMS)
            pod_of_host[h] = (team, "%s-%s-%05x" % (team, rnd.choice(JOB_KINDS), rnd.getrandbits(20)))

        def pod_labels(suffix):
            team, pod = pod_of_host[h]
            return ',container="main",namespace="%s",pod="%s%s"' % (team, pod, suffix)

        if i < a.mig_gpus:
            layout = MIG_LAYOUTS[i % len(MIG_LAYOUTS)]
            for profile, gi, fb in layout:
                labels = base + ',GPU_I_PROFILE="%s",GPU_I_ID="%d"' % (profile, gi) + tail
                if with_pod:
                    labels += pod_labels("-mig%d" % gi)
                series.append(Series(g, labels, draw_load(rnd), fb, True))
            g.load = sum(s.load for s in series[-len(layout):]) / len(layout)
        else:
            labels = base + tail
            if with_pod:
                labels += pod_labels("-worker-0")
            series.append(Series(g, labels, g.load, model[1], False))
    return rnd, series


def fmt_ratio(x):
    return "%.6f" % x


def value_fn(name, rnd):
    """The value string of metric `name` for a series (drawn from its GPU's or instance's load)."""
    u = rnd.random
    if name == "DCGM_FI_DEV_GPU_UTIL":
        return lambda s: "%d" % round(min(100.0, s.load * 100 + u() * 3))
    if name == "DCGM_FI_DEV_MEM_COPY_UTIL":
        return lambda s: "%d" % round(s.load * 55 * (0.5 + u()))
    if name == "DCGM_FI_DEV_FB_USED":
        return lambda s: "%d" % (s.fb_total * (min(1.0, 0.05 + s.load * 0.9) if s.mig else s.gpu.fb_used_frac))
    if name == "DCGM_FI_DEV_FB_FREE":
        return lambda s: "%d" % (s.fb_total - int(s.fb_total * (min(1.0, 0.05 + s.load * 0.9) if s.mig else s.gpu.fb_used_frac)))
    if name == "DCGM_FI_DEV_POWER_USAGE":
        return lambda s: "%.3f" % (s.gpu.model[4] + (s.gpu.model[5] - s.gpu.model[4]) * s.gpu.load * (0.9 + 0.1 * u()))
    if name == "DCGM_FI_DEV_GPU_TEMP":
        return lambda s: "%d" % (31 + s.gpu.load * 45 + u() * 6)
    if name == "DCGM_FI_DEV_MEMORY_TEMP":
        return lambda s: "%d" % (33 + s.gpu.load * 48 + u() * 4)
    if name == "DCGM_FI_DEV_SM_CLOCK":
        return lambda s: "%d" % (210 if s.gpu.load < 0.05 else s.gpu.model[2] - 15 * int(u() * 8))
    if name == "DCGM_FI_DEV_MEM_CLOCK":
        return lambda s: "%d" % s.gpu.model[3]
    if name in ("DCGM_FI_DEV_ENC_UTIL", "DCGM_FI_DEV_DEC_UTIL"):
        return lambda s: "%d" % (int(u() * 30) if u() < 0.02 else 0)
    if name == "DCGM_FI_DEV_XID_ERRORS":
        return lambda s: "%d" % s.gpu.xid
    if name == "DCGM_FI_DEV_PCIE_REPLAY_COUNTER":
        return lambda s: "%d" % s.gpu.replays
    if name == "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION":
        return lambda s: "%d" % s.gpu.energy
    if name == "DCGM_FI_PROF_GR_ENGINE_ACTIVE":
        return lambda s: fmt_ratio(min(1.0, s.load * (0.95 + 0.05 * u())))
    if name == "DCGM_FI_PROF_SM_ACTIVE":
        return lambda s: fmt_ratio(s.load * (0.8 + 0.15 * u()))
    if name == "DCGM_FI_PROF_SM_OCCUPANCY":
        return lambda s: fmt_ratio(s.load * (0.25 + 0.35 * u()))
    if name == "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE":
        return lambda s: fmt_ratio(s.load * (0.1 + 0.5 * u()))
    if name == "DCGM_FI_PROF_DRAM_ACTIVE":
        return lambda s: fmt_ratio(s.load * (0.2 + 0.5 * u()))
    if name == "DCGM_FI_PROF_PCIE_TX_BYTES":
        return lambda s: "%d" % (s.load * 2.0e10 * u())
    raise ValueError(name)


def same_per_gpu(val):
    """Device-level field: the instances of a MIG GPU (consecutive series) repeat one value."""
    last = [None, ""]

    def f(s):
        if s.gpu is not last[0]:
            last[0], last[1] = s.gpu, val(s)
        return last[1]
    return f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gpus", type=int, default=32, help="GPUs in total, 8 per host (default 32)")
    ap.add_argument("--gpus-per-host", type=int, default=8, help="GPUs per host (default 8)")
    ap.add_argument("--metrics", type=int, default=len(METRICS), help="how many of the 20 DCGM fields (default 20)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--mig-gpus", type=int, default=0, help="the first K GPUs report MIG instances")
    ap.add_argument("--pods", action="store_true", help="container/namespace/pod labels on half the GPUs")
    ap.add_argument("--openmetrics", action="store_true", help="OpenMetrics: '# EOF', counters as gauges")
    ap.add_argument("--timestamp", type=float, default=None, help="explicit sample timestamp in seconds")
    ap.add_argument("--driver", default="550.54.15", help="DCGM_FI_DRIVER_VERSION label")
    ap.add_argument("out", help="output file, or - for stdout")
    a = ap.parse_args()
    if not 1 <= a.metrics <= len(METRICS):
        ap.error("--metrics must be 1..%d" % len(METRICS))
    if a.gpus < 0 or a.mig_gpus < 0 or a.gpus_per_host < 1:
        ap.error("--gpus and --mig-gpus must be >= 0, --gpus-per-host >= 1")

    rnd, series = build(a)
    # Text format 0.0.4 timestamps are integer milliseconds; OpenMetrics timestamps are seconds.
    if a.timestamp is None:
        ts = ""
    elif a.openmetrics:
        ts = " %.3f" % a.timestamp
    else:
        ts = " %d" % round(a.timestamp * 1000)
    out = sys.stdout if a.out == "-" else open(a.out, "w", buffering=1 << 20)
    try:
        for name, typ, hlp in METRICS[: a.metrics]:
            if a.openmetrics and typ == "counter":
                typ = "gauge"
            val = value_fn(name, rnd)
            if a.mig_gpus and name not in PER_INSTANCE:
                val = same_per_gpu(val)
            chosen = [s for s in series if not s.mig] if name in NOT_ON_MIG else series
            head = name + "{"
            lines = ["# HELP %s %s\n# TYPE %s %s\n" % (name, hlp, name, typ)]
            lines += [head + s.labels + "} " + val(s) + ts + "\n" for s in chosen]
            out.write("".join(lines))
        if a.openmetrics:
            out.write("# EOF\n")
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()

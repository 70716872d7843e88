#!/usr/bin/env bash
# Puts a demo GPU workload on the cluster of scripts/slurm-up.sh DIR: some jobs run, some pend.
#
#   scripts/slurm-submit-demo.sh DIR
#
# 16 fake GPUs: gpu-node1,2 gpu:h100:4 each, gpu-node3,4 gpu:a100:4 each (debug = gpu-node[3-4]);
# QOS low may hold 4 GPUs at most. Jobs are `sleep 3600` batch jobs (sbatch --wrap), submitted as the
# users alice/bob/carol/dave; the ones meant to run first, each pinned to its node (-w), then, once
# they run, the ones meant to pend:
#   run:  vis-train-1,2 (alice/vision, gpu:h100:2 each: gpu-node1), nlp-pretrain (bob/nlp, gpu:h100:4:
#         gpu-node2), nlp-eval (carol/nlp, gpu:a100:2: gpu-node3), plat-burnin-1,2 (dave/platform, QOS low,
#         gpu:2 each: gpu-node3, gpu-node4), vis-debug (carol/vision, debug, gpu:1: gpu-node4),
#         cpu-prep (alice, 4 CPUs, no GPU: gpu-node1)
#   done: quick-check (bob, debug, gpu:a100:1 on gpu-node4, `sleep 2`): a COMPLETED row for sacct
#   pend: plat-burnin-3 (QOS low is at its 4 GPUs: QOSGrpGRES), vis-urgent (carol, QOS high, gpu:h100:2),
#         vis-train-big (alice, gpu:h100:4), nlp-sweep (bob, gpu:4): no free GPUs (Resources / Priority),
#         nlp-finetune (bob, after nlp-pretrain: Dependency)
# Waits (SLURM_DEMO_WAIT_S, default 60 s, for each of the two phases) until the scheduler has looked at every job: the expected jobs
# run, quick-check has ended and no pending job has reason "None"; then prints squeue and a summary.
# Exits 1 if that state is not reached. Runs as root (it submits as the demo users).
set -euo pipefail
DIR=${1:?usage: scripts/slurm-submit-demo.sh DIR}
WAIT_S=${SLURM_DEMO_WAIT_S:-60}
T0=$(date +%s%N)
ts() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '[%3d.%03ds] %s\n' $((ms / 1000)) $((ms % 1000)) "$*"; }
die() { ts "ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (submits jobs as the demo users)"
DIR=$(cd "$DIR" 2>/dev/null && pwd) || die "no such directory: $1"
[ -s "$DIR/env" ] || die "$DIR/env missing: is the cluster up? (scripts/slurm-up.sh $DIR)"
export SLURM_CONF=$DIR/etc/slurm.conf
unset SLURM_JWT   # root's token from DIR/env must not be used for the users' submissions: munge
scontrol ping >/dev/null 2>&1 || die "slurmctld does not answer (SLURM_CONF=$SLURM_CONF)"

# sub USER ARGS...: sbatch as USER (in /tmp, output discarded); prints the job id.
sub() {
  local user=$1; shift
  (cd /tmp && setpriv --reuid="$user" --regid="$user" --init-groups \
     env HOME=/tmp USER="$user" LOGNAME="$user" SLURM_CONF="$SLURM_CONF" \
     sbatch --parsable --chdir=/tmp -o /dev/null -e /dev/null "$@") \
    || die "sbatch failed for $user: $*"
}
long='sleep 3600'

# -- run: each pinned to its node (-w), so the layout does not depend on the order in which the
#    scheduler looks at them (untyped gpu:2 jobs would otherwise be free to take h100s)
running=()
running+=("$(sub alice -A vision   -p gpu   -w gpu-node1 --gres=gpu:h100:2 -J vis-train-1   --wrap "$long")")
running+=("$(sub alice -A vision   -p gpu   -w gpu-node1 --gres=gpu:h100:2 -J vis-train-2   --wrap "$long")")
pretrain=$(sub   bob   -A nlp      -p gpu   -w gpu-node2 --gres=gpu:h100:4 -J nlp-pretrain  --wrap "$long")
running+=("$pretrain")
running+=("$(sub carol -A nlp      -p gpu   -w gpu-node3 --gres=gpu:a100:2 -J nlp-eval      --wrap "$long")")
running+=("$(sub dave  -A platform -p gpu   -w gpu-node3 --gres=gpu:2 -q low -J plat-burnin-1 --wrap "$long")")
running+=("$(sub dave  -A platform -p gpu   -w gpu-node4 --gres=gpu:2 -q low -J plat-burnin-2 --wrap "$long")")
running+=("$(sub carol -A vision   -p debug -w gpu-node4 --gres=gpu:1 -t 20 -J vis-debug    --wrap "$long")")
running+=("$(sub alice -A vision   -p gpu   -w gpu-node1 -c 4 -J cpu-prep                   --wrap "$long")")
# -- done: 2 s on the last GPU (gpu-node4); a COMPLETED job for sacct
quick=$(sub      bob   -A nlp      -p debug -w gpu-node4 --gres=gpu:a100:1 -t 1 -J quick-check --wrap 'sleep 2')
# all of them running (or, quick-check, run) before the jobs meant to pend come: those have higher
# priorities (QOS high, fair-share) and would otherwise take the GPUs first
started() {
  local q id
  q=$(squeue -h -o '%i %T') || return 1
  for id in "${running[@]}"; do grep -q "^$id RUNNING$" <<<"$q" || return 1; done
  ! grep -q "^$quick PENDING$" <<<"$q"
}
end=$(( $(date +%s) + WAIT_S ))
until started; do
  if [ "$(date +%s)" -ge "$end" ]; then
    squeue -o '%.5i %.8u %.9a %.5q %.6P %.14j %.10T %.18b %R' >&2 || true
    die "the jobs meant to run did not all start within $WAIT_S s (queue above)"
  fi
  sleep 0.2
done
ts "${#running[@]} jobs running"
# -- pend: every GPU is taken (one comes free when quick-check ends)
pending=()
pending+=("$(sub dave  -A platform -p gpu   --gres=gpu:2 -q low -J plat-burnin-3 --wrap "$long")")   # QOSGrpGRES
pending+=("$(sub carol -A vision   -p gpu   --gres=gpu:h100:2 -q high -J vis-urgent --wrap "$long")") # Resources
pending+=("$(sub alice -A vision   -p gpu   --gres=gpu:h100:4 -J vis-train-big --wrap "$long")")      # Priority
pending+=("$(sub bob   -A nlp      -p gpu   --gres=gpu:4 -J nlp-sweep          --wrap "$long")")      # Priority
pending+=("$(sub bob   -A nlp      -p gpu   --gres=gpu:h100:4 -d "afterok:$pretrain" -J nlp-finetune --wrap "$long")") # Dependency
ts "submitted $(( ${#running[@]} + ${#pending[@]} + 1 )) jobs"

# settled: every expected job runs, quick-check is gone from the queue (or finished), and every pending
# job has a reason other than None.
settled() {
  local q id state reason
  q=$(squeue -h -o '%i %T %r') || return 1
  for id in "${running[@]}"; do grep -q "^$id RUNNING " <<<"$q" || return 1; done
  grep -Eq "^$quick (PENDING|RUNNING|CONFIGURING|COMPLETING) " <<<"$q" && return 1
  for id in "${pending[@]}"; do
    read -r _ state reason < <(grep "^$id " <<<"$q") || return 1
    [ "$state" = PENDING ] && [ "$reason" != None ] || return 1
  done
}
end=$(( $(date +%s) + WAIT_S ))
until settled; do
  if [ "$(date +%s)" -ge "$end" ]; then
    squeue -o '%.5i %.8u %.9a %.5q %.6P %.14j %.10T %.18b %R' >&2 || true
    die "the queue did not settle within $WAIT_S s (above)"
  fi
  sleep 0.2
done
ts "scheduler has placed every job"

squeue -o '%.5i %.6u %.9a %.6q %.6P %.14j %.8T %.16b %R' -S i
nrun=$(squeue -h -t R | wc -l) npend=$(squeue -h -t PD | wc -l)
echo "running: $nrun, pending: $npend ($(squeue -h -t PD -o %r | sort | uniq -c | awk '{printf "%s%s x%s", sep, $2, $1; sep=", "}'))"
echo "ended: $(sacct -n -X -P -j "$quick" -o JobName,State | tr '|' ' ')"

#!/usr/bin/env bash
# Stops what scripts/slurm-up.sh DIR started.
#
#   scripts/slurm-down.sh DIR
#
# 1. While slurmctld and the slurmd still run: cancels every job and waits (up to 30 s) for their job steps
#    to end, so no job process outlives the cluster.
# 2. Stops the daemons recorded in DIR/*.pid (never by name), in reverse start order: TERM, up to 10 s,
#    then KILL. A recorded PID is only signalled while it is still the process that was started: the
#    expected program, not a zombie, and its command line or environment names DIR.
# 3. Last resort for job steps a dead slurmd left behind: slurmstepd processes whose environment names
#    DIR/etc/slurm.conf, with their descendants (the job processes).
# Removes the pid files and DIR/env (the cluster is gone); configs, state and logs stay in DIR for
# inspection (slurm-up.sh wipes DIR anyway). Idempotent; fine on a DIR that is partial or missing.
set -euo pipefail
DIR=${1:?usage: scripts/slurm-down.sh DIR}
T0=$(date +%s%N)
say() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '[%3d.%03ds] %s\n' $((ms / 1000)) $((ms % 1000)) "$*"; }
DIR=$(cd "$DIR" 2>/dev/null && pwd) || { echo "slurm-down: nothing to do ($1 does not exist)"; exit 0; }
export SLURM_CONF=$DIR/etc/slurm.conf
unset SLURM_JWT   # root with munge, not a token (which may belong to a cluster long gone)

# ours PID COMM: PID is a live (non-zombie) process of this cluster running COMM. Right after slurm-up's
# spawn the recorded process may not have exec'ed COMM yet (bash, setsid, setpriv, env), so those count too.
ours() {
  local pid=$1 comm=$2 c
  [[ $pid =~ ^[0-9]+$ ]] && [ -d "/proc/$pid" ] || return 1
  c=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  case $c in "$comm" | bash | setsid | setpriv | env) ;; *) return 1 ;; esac
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  # (read whole, not piped into grep -q: under pipefail an early grep exit fails the pipeline)
  local text; text=$( { tr '\0' '\n' < "/proc/$pid/cmdline"; tr '\0' '\n' < "/proc/$pid/environ"; } 2>/dev/null) || true
  [[ $text == *"$DIR/"* ]]
}
# pid_of NAME: the PID recorded in DIR/NAME.pid ("" when none).
pid_of() { tr -dc 0-9 < "$DIR/$1.pid" 2>/dev/null || true; }
# stop NAME...: TERM to each daemon DIR/NAME.pid that is still ours, wait up to 10 s for all, then KILL.
# Removes the pid files.
stop() {
  local name pid e i sent=() left=() still
  for name in "$@"; do
    [ -f "$DIR/$name.pid" ] || continue
    pid=$(pid_of "$name")
    if [ -n "$pid" ] && ours "$pid" "${name%%-*}"; then
      kill -TERM "$pid" 2>/dev/null || true
      sent+=("$name:$pid")
    fi
  done
  left=("${sent[@]+"${sent[@]}"}")
  for i in $(seq 1 100); do
    still=()
    for e in "${left[@]+"${left[@]}"}"; do
      name=${e%%:*}
      if ours "${e#*:}" "${name%%-*}"; then still+=("$e"); fi
    done
    left=("${still[@]+"${still[@]}"}")
    [ ${#left[@]} = 0 ] && break
    sleep 0.1
  done
  for e in "${left[@]+"${left[@]}"}"; do
    say "${e%%:*} (pid ${e#*:}) did not stop in 10 s: KILL"
    kill -KILL "${e#*:}" 2>/dev/null || true
  done
  for e in "${sent[@]+"${sent[@]}"}"; do say "stopped ${e%%:*} (pid ${e#*:})"; done
  for name in "$@"; do rm -f "$DIR/$name.pid"; done
}
# our_stepds: PIDs of live slurmstepd processes (job steps) of this cluster: their environment, which
# they get from slurmd, names DIR/etc/slurm.conf.
our_stepds() {
  local p env_
  for p in /proc/[0-9]*; do
    [ "$(cat "$p/comm" 2>/dev/null)" = slurmstepd ] || continue
    [ "$(awk '{print $3}' "$p/stat" 2>/dev/null)" != Z ] || continue
    env_=$( { tr '\0' '\n' < "$p/environ"; } 2>/dev/null) || continue
    [[ $'\n'$env_$'\n' == *$'\n'"SLURM_CONF=$DIR/etc/slurm.conf"$'\n'* ]] && echo "${p#/proc/}"
  done
  return 0
}

if ! compgen -G "$DIR/*.pid" >/dev/null; then
  rm -f "$DIR/env"
  echo "slurm-down: nothing running in $DIR"
  exit 0
fi

# 1. jobs, while the scheduler and the nodes are up
if ours "$(pid_of slurmctld)" slurmctld; then
  jobs=$(timeout 10 squeue -h -o %i 2>/dev/null || true)
  if [ -n "$jobs" ]; then
    # shellcheck disable=SC2086
    timeout 10 scancel $jobs 2>/dev/null || true
    for _ in $(seq 1 150); do
      [ -z "$(timeout 5 squeue -h -o %i -t R,CG 2>/dev/null)" ] && [ -z "$(our_stepds)" ] && break
      sleep 0.2
    done
    say "cancelled $(wc -w <<<"$jobs") jobs"
  fi
fi

# 2. daemons, reverse start order
stop slurmrestd-tcp slurmrestd-unix
nodes=()
for f in "$DIR"/slurmd-*.pid; do [ -e "$f" ] && nodes+=("$(basename "$f" .pid)"); done
stop slurmctld "${nodes[@]+"${nodes[@]}"}"
stop slurmdbd
stop mariadbd
stop munged
# anything else recorded (names slurm-up.sh does not use today)
for f in "$DIR"/*.pid; do [ -e "$f" ] && stop "$(basename "$f" .pid)"; done

# 3. job steps orphaned by a slurmd that died before its jobs ended, and their job processes
mapfile -t orphans < <(our_stepds)
if [ ${#orphans[@]} -gt 0 ]; then
  # descendants of those slurmstepd (the job's processes), found through /proc/PID/stat's parent field
  all=("${orphans[@]}") grew=1
  while [ $grew = 1 ]; do
    grew=0
    for p in /proc/[0-9]*; do
      pid=${p#/proc/}
      [[ " ${all[*]} " == *" $pid "* ]] && continue
      ppid=$(awk '{print $4}' "$p/stat" 2>/dev/null) || continue
      if [[ " ${all[*]} " == *" $ppid "* ]]; then all+=("$pid"); grew=1; fi
    done
  done
  say "killing ${#all[@]} leftover job-step processes: ${all[*]}"
  kill -KILL "${all[@]}" 2>/dev/null || true
fi
find "$DIR/spool" -type s -delete 2>/dev/null || true

rm -f "$DIR/env"
say "down: $DIR"

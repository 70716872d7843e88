#!/usr/bin/env bash
# Starts a real single-machine Slurm 22.05 cluster on loopback, for tests and demos (Debian 12, root).
#
#   scripts/slurm-up.sh DIR            stop it with: scripts/slurm-down.sh DIR
#   scripts/slurm-submit-demo.sh DIR   puts a demo workload on it (some jobs run, some pend)
#
# What runs (every daemon in its own session, stdin /dev/null, output to DIR/log, fds >= 3 closed):
#   munged       private instance, socket DIR/munge/munge.socket.2, key generated per start
#   mariadbd     private instance, 127.0.0.1:13306 (or the next free port), socket DIR/mysql/mysqld.sock
#   slurmdbd     127.0.0.1:6819 (or next free), accounting in mariadb
#   slurmctld    127.0.0.1:6817 (or next free), cluster "lab"
#   slurmd x4    gpu-node1..4 on 127.0.0.1:17001.. ; fake GPUs: gres File= symlinks to /dev/null,
#                AutoDetect=off. gpu-node1,2: Gres=gpu:h100:4; gpu-node3,4: Gres=gpu:a100:4.
#                Each advertises 32 CPUs / 256000 MB (SlurmdParameters=config_overrides); node weights
#                1..4, so jobs fill gpu-node1 first.
#   slurmrestd   twice, as the unprivileged user "slurmrestd" (it refuses root):
#                unix socket DIR/restd/slurmrestd.sock with rest_auth/local (root and that user only),
#                127.0.0.1:6820 (or next free) with rest_auth/jwt (headers X-SLURM-USER-NAME/-TOKEN).
# Partitions: gpu (default, gpu-node[1-4], 4 h default), debug (gpu-node[3-4], 30 min default, 1 h max,
#   higher partition priority). Accounts (fairshare): vision 50 (alice, carol), nlp 30 (bob, carol),
#   platform 20 (dave). QOS: normal (default), high (priority 100), low (priority 0, GrpTRES=gres/gpu=4).
#   The four users are created as system users when missing.
#
# DIR is recreated on every start (everything a previous start left there is stopped first). Refuses a
# DIR that is neither empty nor made by this script. DIR gets:
#   DIR/env          shell-sourceable, one `export KEY=value` a line (no quoting; paths are checked to
#                    need none): SLURM_CONF, SLURM_JWT (root, 1 year), FLEETDECK_SLURMRESTD_SOCKET,
#                    FLEETDECK_SLURMRESTD_URL, FLEETDECK_SLURMRESTD_USER, FLEETDECK_SLURMRESTD_VERSION
#                    (highest /slurm/vX served, e.g. v0.0.38), FLEETDECK_SLURMRESTD_VERSIONS (all, comma
#                    separated), FLEETDECK_SLURMDB_VERSION, FLEETDECK_SLURM_VERSION, FLEETDECK_SLURM_CLUSTER,
#                    FLEETDECK_SLURM_DIR. Note: with SLURM_JWT set, Slurm clients authenticate with that
#                    token (as root) instead of munge.
#   DIR/*.pid        one PID per daemon (munged, mariadbd, slurmdbd, slurmctld, slurmd-gpu-nodeN,
#                    slurmrestd-unix, slurmrestd-tcp): what slurm-down.sh stops.
#   DIR/etc          slurm.conf, gres.conf, slurmdbd.conf, jwt_hs256.key
#   DIR/log          daemon logs (mariadb's is DIR/mysql/mysqld.err, munged's DIR/munge/munged.log)
#
# Packages (slurmctld, slurmd, slurmdbd, slurmrestd, slurm-client, munge, mariadb-server, the mysql and
# jwt plugins, curl) are installed with scripts/apt-ensure.sh when missing. Needs root.
# On any failure: prints what failed (and the end of the relevant log), stops whatever it started, exits 1.
#
# Environment: SLURM_UP_WAIT_S (default 60): the longest wait for any one daemon.
set -euo pipefail
DIR=${1:?usage: scripts/slurm-up.sh DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
WAIT_S=${SLURM_UP_WAIT_S:-60}
CLUSTER=lab
NODES=(gpu-node1 gpu-node2 gpu-node3 gpu-node4)
DEMO_USERS=(alice bob carol dave)
RESTD_USER=slurmrestd
JWT_LIFESPAN=$((365 * 24 * 3600))
T0=$(date +%s%N)
ts() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '[%3d.%03ds] %s\n' $((ms / 1000)) $((ms % 1000)) "$*"; }

# ------------------------------------------------------------------------------------------ failure
exec 3>&2   # die() reaches the terminal even from inside wait_for's silenced checks; closed in daemons
STARTED=0 DONE=0
die() { ts "ERROR: $*" >&3; exit 1; }   # the EXIT trap stops what was started
on_exit() {
  local rc=$?
  if [ $DONE = 0 ]; then
    [ $rc = 0 ] && rc=1
    if [ $STARTED = 1 ]; then
      ts "slurm-up failed: stopping what was started (logs stay in $DIR/log)" >&3
      "$HERE/slurm-down.sh" "$DIR" >&3 2>&3 || true
    fi
  fi
  exit $rc
}
trap on_exit EXIT
trap 'ts "ERROR: command failed (line $LINENO): $BASH_COMMAND" >&3' ERR

# wait_for SECONDS WHAT COMMAND...: retries COMMAND every 0.2 s until it succeeds; 1 after SECONDS.
wait_for() {
  local t=$1 what=$2; shift 2
  local end=$(( $(date +%s) + t ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$end" ] && return 1
    sleep 0.2
  done
  ts "ready: $what"
}
# need_up NAME LOG: fails (with the log's end) when the daemon recorded in DIR/NAME.pid has exited.
need_up() {
  local pid; pid=$(cat "$DIR/$1.pid" 2>/dev/null) || true
  if [ -z "$pid" ] || [ ! -d "/proc/$pid" ] || [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ]; then
    tail -n 15 "$2" >&3 2>/dev/null || true
    die "$1 exited; log above: $2"
  fi
}
# up_and NAME LOG COMMAND...: for wait_for: the daemon still runs (else die) and COMMAND succeeds.
up_and() { local n=$1 l=$2; shift 2; need_up "$n" "$l"; "$@"; }

# spawn NAME LOG COMMAND...: starts COMMAND in the background in a new session with stdin /dev/null,
# stdout+stderr appended to LOG and every other inherited fd closed (a caller's pipe must not stay open
# because of a daemon), and writes its PID to DIR/NAME.pid. COMMAND must stay in the foreground and exec
# (setsid/setpriv/env do): the background subshell is not a process group leader, so setsid execs in
# place and $! is the daemon's own PID.
spawn() {
  local name=$1 log=$2; shift 2
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then { exec {fd}>&-; } 2>/dev/null || true; fi
    done
    exec setsid "$@" </dev/null >>"$log" 2>&1
  ) &
  echo $! > "$DIR/$name.pid"
  STARTED=1
}

# pick_port VAR PREFERRED: sets VAR to PREFERRED, or the next port above it, on which nothing listens on
# 127.0.0.1 and that this script has not handed out already.
TAKEN=" "
pick_port() {
  local port_=$2
  while [[ $TAKEN == *" $port_ "* ]] || (exec 9<>"/dev/tcp/127.0.0.1/$port_") 2>/dev/null; do
    port_=$((port_ + 1))
    [ $port_ -lt 65000 ] || die "no free port above $2"
  done
  TAKEN+="$port_ "
  printf -v "$1" %s "$port_"
}

# ------------------------------------------------------------------------------------------ checks
[ "$(id -u)" = 0 ] || { echo "slurm-up: must run as root (daemons, users, private munge/mariadb)" >&2; exit 1; }
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
# Paths go unquoted into slurm.conf and DIR/env.
[[ $DIR =~ ^/[A-Za-z0-9_./+-]+$ ]] || die "DIR must be a path of letters, digits and _ . / + - only: $DIR"
if [ -n "$(ls -A "$DIR")" ] && [ ! -e "$DIR/.fleetdeck-slurm" ]; then
  die "$DIR is not empty and was not made by slurm-up.sh; refusing to wipe it"
fi

# ------------------------------------------------------------------------------------------ packages
ML=/usr/lib/$(uname -m)-linux-gnu/slurm-wlm   # Debian multiarch plugin dir (x86_64, aarch64)
# apt-ensure.sh checks absolute paths with -x: the plugins (.so, mode 644) are checked here.
plugins=()
[ -e "$ML/accounting_storage_mysql.so" ] || plugins+=("$ML/accounting_storage_mysql.so:slurm-wlm-mysql-plugin")
[ -e "$ML/auth_jwt.so" ] || plugins+=("$ML/auth_jwt.so:slurm-wlm-jwt-plugin")
"$HERE/apt-ensure.sh" "${plugins[@]+"${plugins[@]}"}" \
  /usr/sbin/munged:munge /usr/sbin/mariadbd:mariadb-server /usr/bin/mariadb-install-db:mariadb-server \
  /usr/sbin/slurmdbd:slurmdbd /usr/sbin/slurmctld:slurmctld /usr/sbin/slurmd:slurmd \
  /usr/sbin/slurmrestd:slurmrestd /usr/bin/sbatch:slurm-client /usr/bin/sacctmgr:slurm-client \
  /usr/bin/curl:curl
ts "packages present"

# ------------------------------------------------------------------------------------------ clean slate
"$HERE/slurm-down.sh" "$DIR" >/dev/null 2>&1 || true
find "$DIR" -mindepth 1 -delete
touch "$DIR/.fleetdeck-slurm"
chmod 755 "$DIR"
mkdir -p "$DIR"/{etc,log,ctld,fakegpu} "$DIR"/spool/{gpu-node1,gpu-node2,gpu-node3,gpu-node4}
for u in "${DEMO_USERS[@]}"; do id "$u" >/dev/null 2>&1 || useradd -M -s /bin/bash "$u"; done
id "$RESTD_USER" >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin "$RESTD_USER"
# munge, mariadb and slurmrestd run unprivileged and must reach their folders under DIR.
setpriv --reuid="$RESTD_USER" --regid="$RESTD_USER" --clear-groups test -x "$DIR" \
  || die "$DIR is not reachable by other users (a parent folder is not o+x); pick a DIR under e.g. /tmp"
install -d -o munge -g munge -m 755 "$DIR/munge"   # 755: clients of any uid reach the socket
install -d -o mysql -g mysql -m 750 "$DIR/mysql"
install -d -o "$RESTD_USER" -g "$RESTD_USER" -m 755 "$DIR/restd"
pick_port DB_PORT 13306
pick_port DBD_PORT 6819
pick_port CTLD_PORT 6817
pick_port REST_PORT 6820
SLURMD_PORTS=()
for _ in "${NODES[@]}"; do pick_port p $((17001 + ${#SLURMD_PORTS[@]})); SLURMD_PORTS+=("$p"); done
ts "fresh $DIR; ports: mariadb $DB_PORT, slurmdbd $DBD_PORT, slurmctld $CTLD_PORT, slurmrestd $REST_PORT, slurmd ${SLURMD_PORTS[*]}"

# ------------------------------------------------------------------------------------------ munged
MUNGE_SOCK=$DIR/munge/munge.socket.2
dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
chown munge:munge "$DIR/munge/munge.key"; chmod 400 "$DIR/munge/munge.key"
spawn munged "$DIR/log/munged.out" setpriv --reuid=munge --regid=munge --init-groups \
  /usr/sbin/munged --foreground --socket="$MUNGE_SOCK" --key-file="$DIR/munge/munge.key" \
  --pid-file="$DIR/munge/munged.pid" --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed"
munge_ok() { munge -S "$MUNGE_SOCK" -n | unmunge -S "$MUNGE_SOCK"; }
wait_for "$WAIT_S" munged up_and munged "$DIR/munge/munged.log" munge_ok || die "munged did not answer on $MUNGE_SOCK"

# ------------------------------------------------------------------------------------------ mariadb
DB_SOCK=$DIR/mysql/mysqld.sock
mariadb-install-db --no-defaults --user=mysql --datadir="$DIR/mysql/data" \
  --auth-root-authentication-method=socket --skip-test-db >"$DIR/log/mariadb-install-db.log" 2>&1 \
  || { tail -n 15 "$DIR/log/mariadb-install-db.log" >&3; die "mariadb-install-db failed"; }
# No durability needed: a throwaway accounting database.
spawn mariadbd "$DIR/log/mariadbd.out" /usr/sbin/mariadbd --no-defaults --user=mysql \
  --datadir="$DIR/mysql/data" --socket="$DB_SOCK" --pid-file="$DIR/mysql/mysqld.pid" \
  --log-error="$DIR/mysql/mysqld.err" --port="$DB_PORT" --bind-address=127.0.0.1 --skip-name-resolve \
  --innodb-buffer-pool-size=256M --innodb-log-file-size=64M --innodb-lock-wait-timeout=900 \
  --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --skip-log-bin
wait_for "$WAIT_S" "mariadbd 127.0.0.1:$DB_PORT" up_and mariadbd "$DIR/mysql/mysqld.err" \
  mariadb-admin --no-defaults -S "$DB_SOCK" -uroot ping || die "mariadbd did not answer on $DB_SOCK"
mariadb --no-defaults -S "$DB_SOCK" -uroot -e "
  CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY 'slurmpw';
  GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"

# ------------------------------------------------------------------------------------------ configs
for i in 0 1 2 3; do ln -s /dev/null "$DIR/fakegpu/nvidia$i"; done   # GPU gres need File=
dd if=/dev/urandom of="$DIR/etc/jwt_hs256.key" bs=32 count=1 status=none
chmod 600 "$DIR/etc/jwt_hs256.key"
export SLURM_CONF=$DIR/etc/slurm.conf   # every Slurm daemon and client below reads this (and the
unset SLURM_JWT                         # gres.conf/slurmdbd.conf beside it); munge auth, not a token
cat > "$SLURM_CONF" <<EOF
# Written by fleetdeck scripts/slurm-up.sh
ClusterName=$CLUSTER
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=${SLURMD_PORTS[0]}
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCK
CredType=cred/munge
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$DIR/etc/jwt_hs256.key
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/spool/%n
SlurmctldPidFile=$DIR/ctld/slurmctld.pid
SlurmdPidFile=$DIR/spool/%n/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd-%n.log
SlurmctldDebug=info
SlurmdDebug=info
# no cgroups: works in containers and VMs without delegated cgroups
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=30
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
# batch_sched_delay=0: submitted batch jobs start on the next 1 s scheduler tick (default: up to 3 s)
SchedulerParameters=bf_interval=5,batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# nodes advertise more CPUs and memory than the host has
SlurmdParameters=config_overrides
GresTypes=gpu
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$DBD_PORT
# the munge socket for slurmctld -> slurmdbd (AuthInfo is not used for that connection)
AccountingStoragePass=$MUNGE_SOCK
AccountingStorageTRES=gres/gpu,gres/gpu:h100,gres/gpu:a100
AccountingStorageEnforce=associations,limits,qos
JobCompType=jobcomp/none
PriorityType=priority/multifactor
PriorityWeightFairshare=100000
PriorityWeightAge=1000
PriorityWeightQOS=10000
PriorityWeightPartition=1000
PriorityWeightJobSize=0
PriorityDecayHalfLife=1-0
PriorityCalcPeriod=1
PriorityMaxAge=1-0
MessageTimeout=10
MailProg=/bin/true
SlurmctldTimeout=30
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=300
KillWait=5
DefMemPerCPU=1000
# Weight: jobs fill gpu-node1 first, then 2, 3, 4 (a deterministic layout for the demo workload)
NodeName=gpu-node1 NodeHostname=localhost NodeAddr=127.0.0.1 Port=${SLURMD_PORTS[0]} Weight=1 CPUs=32 RealMemory=256000 Gres=gpu:h100:4 State=UNKNOWN
NodeName=gpu-node2 NodeHostname=localhost NodeAddr=127.0.0.1 Port=${SLURMD_PORTS[1]} Weight=2 CPUs=32 RealMemory=256000 Gres=gpu:h100:4 State=UNKNOWN
NodeName=gpu-node3 NodeHostname=localhost NodeAddr=127.0.0.1 Port=${SLURMD_PORTS[2]} Weight=3 CPUs=32 RealMemory=256000 Gres=gpu:a100:4 State=UNKNOWN
NodeName=gpu-node4 NodeHostname=localhost NodeAddr=127.0.0.1 Port=${SLURMD_PORTS[3]} Weight=4 CPUs=32 RealMemory=256000 Gres=gpu:a100:4 State=UNKNOWN
PartitionName=gpu   Nodes=gpu-node[1-4] Default=YES DefaultTime=04:00:00 MaxTime=2-00:00:00 State=UP
PartitionName=debug Nodes=gpu-node[3-4] DefaultTime=00:30:00 MaxTime=01:00:00 PriorityJobFactor=2 State=UP
EOF
cat > "$DIR/etc/gres.conf" <<EOF
# Written by fleetdeck scripts/slurm-up.sh: fake GPUs (File= is required for GPUs; links to /dev/null)
AutoDetect=off
NodeName=gpu-node[1-2] Name=gpu Type=h100 File=$DIR/fakegpu/nvidia[0-3]
NodeName=gpu-node[3-4] Name=gpu Type=a100 File=$DIR/fakegpu/nvidia[0-3]
EOF
cat > "$DIR/etc/slurmdbd.conf" <<EOF
# Written by fleetdeck scripts/slurm-up.sh
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCK
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$DIR/etc/jwt_hs256.key
DbdHost=localhost
DbdAddr=127.0.0.1
DbdPort=$DBD_PORT
SlurmUser=root
DebugLevel=info
LogFile=$DIR/log/slurmdbd.log
PidFile=$DIR/etc/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$DB_PORT
StorageUser=slurm
StoragePass=slurmpw
StorageLoc=slurm_acct_db
EOF
chmod 644 "$SLURM_CONF" "$DIR/etc/gres.conf"
chmod 600 "$DIR/etc/slurmdbd.conf"   # slurmdbd insists: 0600, owned by SlurmUser (root)
ts "configs written to $DIR/etc"

# ------------------------------------------------------------------------------------------ slurmdbd
spawn slurmdbd "$DIR/log/slurmdbd.out" /usr/sbin/slurmdbd -D
wait_for "$WAIT_S" "slurmdbd 127.0.0.1:$DBD_PORT" up_and slurmdbd "$DIR/log/slurmdbd.log" \
  sacctmgr -n show cluster || die "slurmdbd did not answer (sacctmgr show cluster)"
# Associations before slurmctld starts (AccountingStorageEnforce=associations). Every sacctmgr request
# costs ~40 ms round trips (Nagle + delayed ACK on loopback) and a command ~0.5 s: the QOS in one call,
# then cluster, accounts and users from one flat file (`sacctmgr load`, ~1.5 s instead of ~6 s).
sacctmgr -i >/dev/null <<SACCT
add qos high Priority=100
add qos low Priority=0
SACCT
cat > "$DIR/etc/associations.cfg" <<EOF
Cluster - '$CLUSTER':Fairshare=1:QOS='normal,high,low':DefaultQOS='normal'
Parent - 'root'
User - 'root':DefaultAccount='root':AdminLevel='Administrator':Fairshare=1
Account - 'vision':Description='vision':Organization='research':Fairshare=50
Account - 'nlp':Description='nlp':Organization='research':Fairshare=30
Account - 'platform':Description='platform':Organization='infra':Fairshare=20
Parent - 'vision'
User - 'alice':DefaultAccount='vision':Fairshare=1
User - 'carol':DefaultAccount='vision':Fairshare=1
Parent - 'nlp'
User - 'bob':DefaultAccount='nlp':Fairshare=1
User - 'carol':DefaultAccount='vision':Fairshare=1
Parent - 'platform'
User - 'dave':DefaultAccount='platform':Fairshare=1
EOF
sacctmgr -i load file="$DIR/etc/associations.cfg" >"$DIR/log/sacctmgr-load.log" 2>&1 \
  || { tail -n 15 "$DIR/log/sacctmgr-load.log" >&3; die "sacctmgr load $DIR/etc/associations.cfg failed"; }
ts "accounts, users and QOS created"

# ------------------------------------------------------------------------------------------ slurmctld
spawn slurmctld "$DIR/log/slurmctld.out" /usr/sbin/slurmctld -D
wait_for "$WAIT_S" "slurmctld 127.0.0.1:$CTLD_PORT" up_and slurmctld "$DIR/log/slurmctld.log" \
  scontrol ping || die "slurmctld did not answer (scontrol ping)"

# ------------------------------------------------------------------------------------------ slurmd x4
for i in "${!NODES[@]}"; do
  spawn "slurmd-${NODES[$i]}" "$DIR/log/slurmd-${NODES[$i]}.out" /usr/sbin/slurmd -D -N "${NODES[$i]}"
done
# The gres/gpu TRES exist in the database only once slurmctld registered with AccountingStorageTRES.
tres_ok() { sacctmgr -n -P show tres where type=gres | grep -q '^gres|gpu|'; }
wait_for "$WAIT_S" "gres/gpu TRES in the database" tres_ok || die "gres/gpu TRES never appeared (sacctmgr show tres)"
sacctmgr -i modify qos where name=low set GrpTRES=gres/gpu=4 >/dev/null
ts "QOS low limited to 4 GPUs"
nodes_idle() {
  local n
  for n in "${NODES[@]}"; do need_up "slurmd-$n" "$DIR/log/slurmd-$n.log"; done
  [ "$(sinfo -h -N -p gpu -o %T | grep -cx idle)" = "${#NODES[@]}" ]
}
wait_for "$WAIT_S" "${#NODES[@]} nodes idle" nodes_idle || {
  sinfo -N -o '%N %T %E' >&3 || true; die "nodes did not become idle; see $DIR/log/slurmd-*.log"; }

# ------------------------------------------------------------------------------------------ slurmrestd
# slurmrestd refuses uid 0 and SlurmUser: it runs as $RESTD_USER. Two processes because SLURM_JWT=daemon
# (needed to pass users' tokens through) breaks rest_auth/local.
#   unix socket + rest_auth/local: the client's uid (root or $RESTD_USER) via SO_PEERCRED
#   TCP + rest_auth/jwt: X-SLURM-USER-NAME + X-SLURM-USER-TOKEN (scontrol token)
REST_SOCK=$DIR/restd/slurmrestd.sock
RUN_AS_RESTD=(setpriv --reuid="$RESTD_USER" --regid="$RESTD_USER" --init-groups env SLURM_CONF="$SLURM_CONF")
spawn slurmrestd-unix "$DIR/log/slurmrestd-unix.log" "${RUN_AS_RESTD[@]}" \
  /usr/sbin/slurmrestd -a rest_auth/local "unix:$REST_SOCK"
spawn slurmrestd-tcp "$DIR/log/slurmrestd-tcp.log" "${RUN_AS_RESTD[@]}" SLURM_JWT=daemon \
  /usr/sbin/slurmrestd -a rest_auth/jwt "127.0.0.1:$REST_PORT"
TOKEN=$(scontrol token username=root lifespan=$JWT_LIFESPAN) || die "scontrol token failed"
TOKEN=${TOKEN#SLURM_JWT=}
wait_for "$WAIT_S" "slurmrestd unix:$REST_SOCK (local auth)" up_and slurmrestd-unix "$DIR/log/slurmrestd-unix.log" \
  curl -sf --max-time 5 --unix-socket "$REST_SOCK" -o /dev/null http://localhost/openapi/v3 \
  || die "slurmrestd did not answer on $REST_SOCK"
OPENAPI=$(curl -sf --max-time 10 --unix-socket "$REST_SOCK" http://localhost/openapi/v3) \
  || die "GET /openapi/v3 failed on $REST_SOCK"
OPENAPI=${OPENAPI//\\\//\/}   # its JSON writes paths as "\/slurm\/v0.0.38\/jobs"
VERSIONS=$(grep -oE '"/slurm/v[0-9]+\.[0-9]+\.[0-9]+/' <<<"$OPENAPI" | cut -d/ -f3 | sort -uV | paste -sd, -) || true
DB_VERSION=$(grep -oE '"/slurmdb/v[0-9]+\.[0-9]+\.[0-9]+/' <<<"$OPENAPI" | cut -d/ -f3 | sort -uV | tail -n 1) || true
VERSION=${VERSIONS##*,}
[ -n "$VERSION" ] || die "no /slurm/vX.Y.Z/ paths in slurmrestd's OpenAPI description"
rest_tcp_ok() {
  curl -sf --max-time 5 -o /dev/null -H "X-SLURM-USER-NAME: root" -H "X-SLURM-USER-TOKEN: $TOKEN" \
    "http://127.0.0.1:$REST_PORT/slurm/$VERSION/ping"
}
wait_for "$WAIT_S" "slurmrestd 127.0.0.1:$REST_PORT (jwt)" up_and slurmrestd-tcp "$DIR/log/slurmrestd-tcp.log" \
  rest_tcp_ok || die "slurmrestd did not answer with JWT on 127.0.0.1:$REST_PORT"

# ------------------------------------------------------------------------------------------ env file
SLURM_VERSION=$(scontrol version | awk '{print $NF}')
cat > "$DIR/env.tmp" <<EOF
# Written by fleetdeck scripts/slurm-up.sh; source it. Stop the cluster with scripts/slurm-down.sh $DIR
export SLURM_CONF=$SLURM_CONF
export SLURM_JWT=$TOKEN
export FLEETDECK_SLURMRESTD_SOCKET=$REST_SOCK
export FLEETDECK_SLURMRESTD_URL=http://127.0.0.1:$REST_PORT
export FLEETDECK_SLURMRESTD_USER=root
export FLEETDECK_SLURMRESTD_VERSION=$VERSION
export FLEETDECK_SLURMRESTD_VERSIONS=$VERSIONS
export FLEETDECK_SLURMDB_VERSION=$DB_VERSION
export FLEETDECK_SLURM_VERSION=$SLURM_VERSION
export FLEETDECK_SLURM_CLUSTER=$CLUSTER
export FLEETDECK_SLURM_DIR=$DIR
EOF
mv "$DIR/env.tmp" "$DIR/env"
DONE=1
ts "UP: Slurm $SLURM_VERSION cluster $CLUSTER, ${#NODES[@]} nodes; slurmrestd $VERSION on $REST_SOCK and http://127.0.0.1:$REST_PORT; source $DIR/env"

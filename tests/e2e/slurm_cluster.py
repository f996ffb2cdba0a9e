#!/usr/bin/env python3
"""End-to-end test of docs/examples/slurm on a real Slurm cluster: one node, started by the test.

    slurm_cluster.py --grade PATH/TO/grade --source SOURCE_DIR [--keep]

The test starts a munged, a slurmctld and a slurmd of its own (Debian's packages, installed by
.ci/deps) in its scratch folder, on free ports, with a fresh munge key; nothing of a Slurm the
machine may already run is used or touched. Then:

    array     grade-class.sbatch submitted as a real array (sbatch --array=1-3), merge.sbatch
              with --dependency=afterany on it: every task and the merge complete with exit 0,
              the merge starts after the last task ended, every shard holds students, and the
              merged gradebook exports the same CSV, JSON lines and summary as one `grade batch`
              of the same class (batch.py's comparison: the JSON lines without what differs
              between two gradings of one file, the times, PIDs and observed tasks)
    rerun     array task 2 resubmitted on its own (--array=2, SHARDS=3): it resumes from its
              shard gradebook and grades nothing (the same attempts, "0 graded"); without
              SHARDS it refuses (exit 2, saying why) and leaves the gradebook alone; the merge
              again adds nothing
    stop      the daemons are stopped by the PIDs they recorded (those of our own children),
              and no process of the cluster or its jobs survives

Skipped (exit 77) where Slurm cannot start: not root (slurmd starts the jobs as their user),
or the packages are missing outside CI (in CI, with CI set, that is a failure). As root with the
packages, a cluster that does not come up is a failure that prints the daemons' logs.

Runs with /usr/bin/python3, as tests/e2e/batch.py does, whose class and comparison it reuses.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import batch
from batch import attempts, compare_with_single, example_env
from harness import (Failure, Skipped, arguments, cmdline, is_executable, kill_survivors,
                     live_descendants, make_scratch, make_subreaper, reap_zombie_children, run)

PROGRAMS = ("munged", "slurmctld", "slurmd", "sbatch", "scancel", "scontrol", "sinfo")
# Six students whose ids the shard hash spreads 1, 2 and 3 over shards 1, 2 and 3.
STUDENTS = 6
KINDS = ("correct", "crash", "template", "partial", "syntax")
SHARDS = 3
RERUN = 2  # the array task resubmitted: two students
# The sbatch files ask for what a real node has; this node has maybe 2 cores and little memory.
SMALL = ("--cpus-per-task=1", "--mem=256M")
READY_SECONDS = 30
JOB_SECONDS = 120
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1
FINAL_STATES = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
                "PREEMPTED", "BOOT_FAIL", "DEADLINE"}


def die_with_parent() -> None:
    """In a daemon's child before exec: SIGTERM when this driver dies, even by SIGKILL."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def free_ports(count: int) -> list[int]:
    """Ports nobody listens on now (held open together, so they differ)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class Cluster:
    """A one-node Slurm cluster in `root`: its own munged, slurmctld and slurmd."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(mode=0o755)
        self.conf = root / "slurm.conf"
        self.socket = root / "munge" / "munge.socket"
        self.daemons: dict[str, subprocess.Popen] = {}
        self.node = ""
        self.submitted: list[str] = []

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a client command: our slurm.conf (without SLURM_CONF a client
        looks for the controller in DNS), nothing of a job this test may itself run in."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLURM_", "SBATCH_"))}
        return dict(env, SLURM_CONF=str(self.conf), **extra)

    def start_daemon(self, name: str, argv: list[str]) -> None:
        with open(self.root / f"{name}.log", "wb") as log:
            self.daemons[name] = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                                  stderr=subprocess.STDOUT,
                                                  preexec_fn=die_with_parent)

    def start(self) -> None:
        """Starts the daemons; wait_ready() waits for the node."""
        # munged refuses a key others may read, and a socket folder others cannot enter.
        private = self.root / "munge-private"
        private.mkdir(mode=0o700)
        self.socket.parent.mkdir(mode=0o755)
        key = private / "munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o400)
        self.start_daemon("munged", [
            "munged", "--foreground", f"--socket={self.socket}", f"--key-file={key}",
            f"--pid-file={self.root / 'munged.pid'}", f"--seed-file={private / 'seed'}"])
        self.write_conf()
        # -c: no state of an earlier controller; -N: the node's name, not a hostname lookup.
        self.start_daemon("slurmctld", ["slurmctld", "-D", "-c", "-f", str(self.conf)])
        self.start_daemon("slurmd", ["slurmd", "-D", "-N", self.node, "-f", str(self.conf)])

    def write_conf(self) -> None:
        # The node's hardware as slurmd sees it: a node configured otherwise is drained.
        hardware = subprocess.run(["slurmd", "-C"], capture_output=True, text=True, check=True,
                                  env=self.env()).stdout.splitlines()[0]
        self.node = re.match(r"NodeName=(\S+)", hardware).group(1)
        ctld_port, slurmd_port = free_ports(2)
        auth = f"socket={self.socket}"
        for folder in ("state", "spool"):
            (self.root / folder).mkdir(mode=0o755)
        self.conf.write_text("\n".join([
            "ClusterName=grade-test",
            # Addresses given, so that no name is looked up.
            f"SlurmctldHost={self.node}(127.0.0.1)",
            f"SlurmctldPort={ctld_port}",
            f"SlurmdPort={slurmd_port}",
            "AuthType=auth/munge", f"AuthInfo={auth}", "CredType=cred/munge",
            "SlurmUser=root", "SlurmdUser=root",
            f"StateSaveLocation={self.root / 'state'}",
            f"SlurmdSpoolDir={self.root / 'spool'}",
            f"SlurmctldPidFile={self.root / 'slurmctld.pid'}",
            f"SlurmdPidFile={self.root / 'slurmd.pid'}",
            # Nothing that needs cgroups, accounting or mail.
            "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none", "JobCompType=jobcomp/none",
            "MpiDefault=none", "MailProg=/bin/true",
            "SelectType=select/cons_tres", "SelectTypeParameters=CR_Core_Memory",
            "ReturnToService=2",
            f"{hardware} NodeAddr=127.0.0.1 State=UNKNOWN",
            f"PartitionName=grade Nodes={self.node} Default=YES MaxTime=INFINITE State=UP",
            ""]))

    def died(self) -> list[str]:
        return [f"{name} exited {proc.returncode}" for name, proc in self.daemons.items()
                if proc.poll() is not None]

    def wait_ready(self) -> float:
        """Seconds until the node is idle; a Failure if it is not in time."""
        started = time.monotonic()
        state = ""
        while time.monotonic() - started < READY_SECONDS and not self.died():
            shown = run(["sinfo", "-h", "-N", "-n", self.node, "-o", "%T"], env=self.env(),
                        timeout=10)
            state = shown.stdout.strip()
            if state == "idle":
                return time.monotonic() - started
            time.sleep(POLL_SECONDS)
        node = run(["scontrol", "show", "node", self.node], env=self.env(), timeout=10)
        raise Failure(f"the cluster did not come up in {READY_SECONDS} s (node {state!r}; "
                      f"{', '.join(self.died()) or 'every daemon runs'})\n{node.text}")

    def job(self, job_id: str) -> list[dict[str, str]]:
        """The records of a job (one per array task) as scontrol shows them."""
        shown = run(["scontrol", "show", "job", "-o", job_id], env=self.env(), timeout=10)
        return [dict(re.findall(r"(\w+)=(\S*)", line)) for line in shown.stdout.splitlines()
                if line.startswith("JobId=")]

    def wait_job(self, job_id: str) -> list[dict[str, str]]:
        """Polls until every record of the job is in a final state."""
        deadline = time.monotonic() + JOB_SECONDS
        while time.monotonic() < deadline and not self.died():
            records = self.job(job_id)
            if records and all(r.get("JobState") in FINAL_STATES for r in records):
                return records
            time.sleep(POLL_SECONDS)
        raise Failure(f"job {job_id} did not end in {JOB_SECONDS} s "
                      f"({', '.join(self.died()) or 'every daemon runs'}): "
                      f"{self.job(job_id)}")

    def sbatch(self, script: Path, *args: str, cwd: Path, env: dict[str, str]) -> str:
        submitted = run(["sbatch", "--parsable", "--export=ALL", *SMALL, *args, script],
                        cwd=cwd, env=env, timeout=30)
        if submitted.returncode != 0:
            raise Failure(f"sbatch {script.name} failed\n{submitted.describe()}")
        job_id = submitted.stdout.strip().split(";")[0]
        self.submitted.append(job_id)
        return job_id

    def cancel_unfinished(self) -> list[str]:
        """Cancels (by id) the jobs a failure or a time-out left running; returns them."""
        if "slurmctld" not in self.daemons or self.died():
            return []
        unfinished = [j for j in self.submitted
                      if any(r.get("JobState") not in FINAL_STATES for r in self.job(j))]
        if unfinished:
            run(["scancel", *unfinished], env=self.env(), timeout=10)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(
                    r.get("JobState") not in FINAL_STATES for j in unfinished for r in self.job(j)):
                time.sleep(POLL_SECONDS)
        return unfinished

    def logs(self) -> str:
        parts = []
        for name in ("munged", "slurmctld", "slurmd"):
            path = self.root / f"{name}.log"
            text = path.read_text(errors="replace") if path.exists() else "(none)\n"
            parts.append(f"--- {name} log ({path}) ---\n{text[-6000:]}")
        return "\n".join(parts)

    def recorded_pids(self) -> dict[str, int | None]:
        pids = {}
        for name in self.daemons:
            try:
                pids[name] = int((self.root / f"{name}.pid").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pids[name] = None
        return pids

    def stop(self) -> list[str]:
        """Stops the daemons, slurmd first and munged last, by the PIDs they recorded when
        those are our children; returns what went wrong."""
        problems = []
        recorded = self.recorded_pids()
        for name in reversed(list(self.daemons)):
            proc = self.daemons[name]
            if proc.poll() is not None:
                problems.append(f"{name} had exited ({proc.returncode}) before the end")
                continue
            if recorded[name] != proc.pid:
                problems.append(f"{name}.pid says {recorded[name]}, the daemon is {proc.pid}")
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                problems.append(f"{name} ignored SIGTERM for 15 s")
                proc.kill()
                proc.wait()
        return problems


def records_by_task(records: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r.get("ArrayTaskId", ""): r for r in records}


def ended_well(s: batch.Suite, what: str, record: dict[str, str] | None, log: Path) -> None:
    state = record and (record.get("JobState"), record.get("ExitCode"))
    log_text = log.read_text(errors="replace") if log.exists() else "(no log)"
    s.expect(state == ("COMPLETED", "0:0"), f"{what} completed with exit 0: {state}",
             detail=f"{log}:\n{log_text[-4000:]}")


def prerequisites() -> None:
    """Skips where Slurm cannot start; in CI missing packages are a failure."""
    missing = [p for p in PROGRAMS if shutil.which(p) is None]
    if missing:
        why = f"{', '.join(missing)} not found (packages slurmctld slurmd slurm-client munge)"
        if os.environ.get("CI"):
            raise Failure(f"{why}: .ci/deps installs them in CI")
        raise Skipped(why)
    if os.geteuid() != 0:
        raise Skipped("slurmd must be root to start jobs as their user")


def submit_class(s: batch.Suite, cluster: Cluster, jobs: Path,
                 env: dict[str, str]) -> tuple[str, str]:
    """The array and the merge; returns their job ids."""
    examples = s.source / "docs" / "examples" / "slurm"
    array = cluster.sbatch(examples / "grade-class.sbatch", f"--array=1-{SHARDS}", cwd=jobs,
                           env=env)
    merge = cluster.sbatch(examples / "merge.sbatch", f"--dependency=afterany:{array}",
                           cwd=jobs, env=env)
    merged = cluster.wait_job(merge)[0]
    tasks = records_by_task(cluster.wait_job(array))
    s.expect(sorted(tasks) == [str(k) for k in range(1, SHARDS + 1)],
             f"one record per array task: {sorted(tasks)}")
    for k in range(1, SHARDS + 1):
        ended_well(s, f"array task {k}", tasks.get(str(k)), jobs / f"grade-class-{array}_{k}.log")
    ended_well(s, "the merge job", merged, jobs / f"grade-merge-{merge}.log")
    last_end = max(t.get("EndTime", "") for t in tasks.values())
    s.expect(merged.get("StartTime", "") >= last_end,
             f"the merge started ({merged.get('StartTime')}) after the array ended ({last_end})")
    return array, merge


def check_merged(s: batch.Suite, single: Path, results: Path, merge_log: str) -> None:
    sizes = [len({r["student"] for r in attempts(results / f"gradebook-{k}-of-{SHARDS}.sqlite")})
             for k in range(1, SHARDS + 1)]
    s.expect(sum(sizes) == STUDENTS and all(sizes), f"students per shard: {sizes}")
    merged = results / "gradebook.sqlite"
    compare_with_single(s, single, merged)
    table = s.run("export", "csv", "--db", str(single), cwd=s.scratch).stdout
    lines = s.run("export", "jsonl", "--db", str(merged), cwd=s.scratch).stdout
    summary = s.run("summary", "--db", str(single), cwd=s.scratch).stdout
    # As bytes: the CSV's lines end in CRLF.
    csv_file = (results / "grades.csv").read_bytes().decode()
    s.expect(csv_file == table, "the merge job's grades.csv is one batch's CSV",
             detail=f"{csv_file!r}\n---\n{table!r}")
    s.expect((results / "results.jsonl").read_bytes().decode() == lines,
             "the merge job's results.jsonl is the merged gradebook's")
    s.expect(summary in merge_log, f"the merge job's log holds one batch's summary:\n{merge_log}")


def rerun_task(s: batch.Suite, cluster: Cluster, jobs: Path, env: dict[str, str]) -> None:
    examples = s.source / "docs" / "examples" / "slurm"
    results = s.scratch / "results"
    shard = results / f"gradebook-{RERUN}-of-{SHARDS}.sqlite"
    before = [r["attempt_id"] for r in attempts(shard)]
    merged_before = len(attempts(results / "gradebook.sqlite"))

    # A one-task array does not know the shard count: refused, nothing touched.
    alone = cluster.sbatch(examples / "grade-class.sbatch", f"--array={RERUN}", cwd=jobs,
                           env=env)
    record = cluster.wait_job(alone)[0]
    log = (jobs / f"grade-class-{alone}_{RERUN}.log").read_text(errors="replace")
    s.expect(record.get("ExitCode") == "2:0" and "SHARDS" in log,
             f"--array={RERUN} without SHARDS is refused (exit 2, naming SHARDS): "
             f"{record.get('ExitCode')}\n{log}")

    env = dict(env, SHARDS=str(SHARDS))
    again = cluster.sbatch(examples / "grade-class.sbatch", f"--array={RERUN}", cwd=jobs,
                           env=env)
    log_path = jobs / f"grade-class-{again}_{RERUN}.log"
    ended_well(s, f"the rerun of array task {RERUN}", cluster.wait_job(again)[0], log_path)
    after = [r["attempt_id"] for r in attempts(shard)]
    s.expect(len(before) > 0 and after == before,
             f"the rerun graded nothing again: {len(before)} attempts before, "
             f"{len(set(after) - set(before))} new")
    log = log_path.read_text(errors="replace")
    s.expect(f"0 graded, {len(before)} up to date" in log, f"the rerun says so:\n{log}")

    merge = cluster.sbatch(examples / "merge.sbatch", cwd=jobs, env=env)
    ended_well(s, "the merge after the rerun", cluster.wait_job(merge)[0],
               jobs / f"grade-merge-{merge}.log")
    s.expect(len(attempts(results / "gradebook.sqlite")) == merged_before,
             "merging the rerun shard again adds nothing")


def stop(s: batch.Suite, cluster: Cluster) -> None:
    cancelled = cluster.cancel_unfinished()
    s.expect(not cancelled, f"every job ended before the cluster stopped (cancelled {cancelled})")
    problems = cluster.stop()
    s.expect(not problems, "the daemons stopped by their recorded PIDs", detail="\n".join(problems))
    deadline = time.monotonic() + 5
    while True:
        reap_zombie_children()
        alive = live_descendants()
        if not alive or time.monotonic() > deadline:
            break
        time.sleep(POLL_SECONDS)
    if not s.expect(not alive, "no process of the cluster or its jobs survives",
                    detail="\n".join(f"{p.pid}: {cmdline(p.pid)}" for p in alive)):
        for _ in range(3):  # the orphans of those killed come to this subreaper in turn
            kill_survivors(alive)
            alive = live_descendants()
            if not alive:
                break


def scenario_cluster(s: batch.Suite) -> None:
    prerequisites()
    s.make_class(s.scratch / "class", STUDENTS, kinds=KINDS)
    cluster = Cluster(s.scratch / "cluster")
    started = time.monotonic()
    try:
        cluster.start()
        # One batch of the whole class while the cluster comes up: what the shards must equal.
        single = s.scratch / "single.sqlite"
        s.run("batch", "class", "--db", str(single), cwd=s.scratch)
        s.note(f"cluster up {cluster.wait_ready():.1f} s after it started "
               f"(one batch of the class meanwhile)")
        jobs = s.scratch / "jobs"
        jobs.mkdir()
        env = cluster.env(**{k: v for k, v in example_env(s).items()
                             if k in ("GRADE", "GRADE_COURSE", "CLASS_DIR", "RESULTS_DIR",
                                      "TMPDIR")})
        submitted = time.monotonic()
        array, merge = submit_class(s, cluster, jobs, env)
        s.note(f"array {array} and merge {merge}: {time.monotonic() - submitted:.1f} s")
        merge_log = (jobs / f"grade-merge-{merge}.log").read_text(errors="replace")
        check_merged(s, single, s.scratch / "results", merge_log)
        rerun = time.monotonic()
        rerun_task(s, cluster, jobs, env)
        s.note(f"reruns: {time.monotonic() - rerun:.1f} s")
    except BaseException:
        print(cluster.logs())
        raise
    finally:
        stop(s, cluster)
        s.note(f"cluster test: {time.monotonic() - started:.1f} s")
    if s.failed:
        print(cluster.logs())


def main() -> int:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    if not is_executable(args.grade):
        return 1
    # Orphans of the daemons (a slurmstepd left behind) become our children, to be seen.
    make_subreaper()
    # CTest's SIGTERM at the time-out: the daemons are stopped on the way out (finally).
    signal.signal(signal.SIGTERM, lambda signum, _: sys.exit(128 + signum))
    # The run users must reach the submissions' folders.
    scratch = make_scratch("grade-e2e-slurm-cluster-", shared=True, own_cache=False)
    suite = batch.Suite(args.grade.resolve(), args.source.resolve(), scratch)
    suite.make_course()
    return suite.conclude(lambda: scenario_cluster(suite), args.keep, skip_code=True)


if __name__ == "__main__":
    sys.exit(main())

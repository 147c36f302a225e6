"""Run one submission's notebook in a throwaway sandbox and collect its outputs.

:func:`run_job` is what a worker executes, in a thread of ``lazylearn grade`` or on a Dask
worker on another machine: it takes a self-contained job (the sanitized notebook, the other files
of the student's folder, the limits), never touches the course folder or the gradebook, and
returns plain data. All gradebook writes happen later, in the parent, one at a time.

The sandbox is bubblewrap::

    bwrap --unshare-pid --unshare-net --unshare-ipc --unshare-uts    # no network, own pid namespace
          --die-with-parent --new-session
          --cap-add CAP_SETUID --cap-add CAP_SETGID                  # (as root: to drop to its own uid)
          --ro-bind /usr /usr  (+ /bin, /lib... symlinks, a few /etc files)
          --ro-bind <python prefix> --ro-bind <venv> --ro-bind <lazylearn package>
          --proc /proc --dev /dev
          --size <disk/4> --tmpfs /tmp  --size <3 disk/4> --tmpfs /home/student
          --remount-ro /
          python -I -m lazylearn.grading.runner --uid <own uid> --nproc N --memory M --fsize F

Only the system's and Python's files, the lazylearn package and the sandbox's own tmpfs are
visible: the course folder (solutions, gradebook, other students) is simply not mounted, and
nothing of the host is writable. The notebook and the student's other files travel in the job
and are written by the runner into ``/home/student/work``, so the scratch disk, the folder and
``/tmp`` together, is capped at ``disk`` bytes. Started as root (where ``RLIMIT_NPROC`` would
not bind), bubblewrap makes no user namespace (it would map the sandbox's uid back to root) and
keeps just the capabilities the runner needs to become an unprivileged uid of its own, drawn at
random per sandbox, before any student code runs; the process cap then counts this sandbox's
processes and threads only. ``python -I`` keeps the working directory and ``PYTHON*`` variables
off ``sys.path``, so a ``numpy.py`` in the submission cannot shadow NumPy. The runner caps its
own address space (``RLIMIT_AS``), file sizes (``RLIMIT_FSIZE``), processes and core dumps, and
each cell's time; the parent kills the whole sandbox at the notebook's wall-clock limit. Where
bubblewrap is missing or cannot create namespaces, the same runner runs unsandboxed (no uid
switch, no process or disk cap), with a warning in every result.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

__all__ = ["run_job", "sandbox_available", "SANDBOX_WORKDIR", "parse_size"]

SANDBOX_HOME = "/home/student"
SANDBOX_WORKDIR = SANDBOX_HOME + "/work"
SANDBOX_UID_BASE = 420_000  # uids of sandboxed notebooks (no such user on the host)
DEFAULT_DISK = 2**30
DEFAULT_PROCESSES = 64
MAX_CHANNEL_BYTES = 64 * 2**20
ETC_FILES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group",
             "nsswitch.conf", "alternatives", "mime.types", "fonts")
_lock = threading.Lock()
_probe: dict = {}


def parse_size(text: str | int, name: str = "memory") -> int:
    """``"2G"`` -> 2147483648; accepts K, M, G, T suffixes (powers of 1024) or plain bytes.
    ``name`` is the option named in the error message."""
    if isinstance(text, int):
        return text
    s = str(text).strip().upper().removesuffix("B").removesuffix("I")
    factor = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}.get(s[-1:], 1)
    number = s[:-1] if factor > 1 else s
    try:
        value = float(number)
    except ValueError:
        raise ValueError(f"{name} must be a size like 2G, 512M or 1073741824; got {text!r}.") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive; got {text!r}.")
    return int(value * factor)


def sandbox_available() -> tuple[bool, str]:
    """Whether ``bwrap`` exists and can create its namespaces here (probed once per process)."""
    with _lock:
        if "result" not in _probe:
            bwrap = shutil.which("bwrap")
            if bwrap is None:
                _probe["result"] = (False, "bubblewrap (bwrap) is not installed")
            else:
                try:
                    proc = subprocess.run([bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/",
                                           "true"], capture_output=True, text=True, timeout=20)
                    ok = proc.returncode == 0
                    _probe["result"] = (ok, "" if ok else f"bwrap cannot run here: {proc.stderr.strip()}")
                except (OSError, subprocess.TimeoutExpired) as exc:
                    _probe["result"] = (False, f"bwrap cannot run here: {exc}")
        return _probe["result"]


def _python_paths() -> list[str]:
    """Folders the sandboxed interpreter needs: its prefix, the venv, the lazylearn package."""
    import lazylearn
    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), sys.prefix,
             os.path.dirname(os.path.realpath(lazylearn.__file__)),
             os.path.dirname(os.path.realpath(sys.executable))}
    keep = []
    for p in sorted(paths, key=len):
        if p.startswith("/usr/") or p == "/usr" or not os.path.isdir(p):
            continue
        if any(p == k or p.startswith(k + os.sep) for k in keep):
            continue
        keep.append(p)
    return keep


def _bwrap_command(disk: int, *, as_root: bool | None = None) -> list[str]:
    """The bubblewrap command line: the system read-only, the scratch disk a ``disk``-byte tmpfs
    (three quarters for ``/home/student``, one for ``/tmp``). Started as root, the sandbox keeps
    only the capabilities to switch to the unprivileged uid the runner then takes."""
    if os.geteuid() == 0 if as_root is None else as_root:
        # no user namespace (it would map the notebook's uid back to root): every other namespace,
        # and the two capabilities the runner needs to become its own unprivileged uid
        cmd = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
               "--die-with-parent", "--new-session", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        cmd = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session"]
    for d in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(d):
            cmd += ["--symlink", os.readlink(d), d]
        elif os.path.isdir(d):
            cmd += ["--ro-bind", d, d]
    for name in ETC_FILES:
        path = os.path.join("/etc", name)
        if os.path.exists(path):
            cmd += ["--ro-bind", path, path]
    home, tmp = disk - disk // 4, max(disk // 4, 1 << 20)
    # /tmp first: the Python paths bound after it stay visible even when the course (and its
    # venv) live under /tmp, as in a CI checkout.
    cmd += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", str(tmp), "--tmpfs", "/tmp"]
    made = {"/", "/tmp"}
    for path in _python_paths():
        parents = [str(p) for p in reversed(Path(path).parents) if str(p) not in made]
        for parent in parents:  # traversable by the sandbox's unprivileged uid
            cmd += ["--perms", "0755", "--dir", parent]
        made.update(parents)
        cmd += ["--ro-bind", path, path]
    cmd += ["--perms", "1777", "--size", str(home), "--tmpfs", SANDBOX_HOME,
            "--perms", "1777", "--dir", SANDBOX_WORKDIR, "--perms", "1777", "--dir", SANDBOX_HOME + "/.mplconfig",
            "--chdir", SANDBOX_WORKDIR, "--remount-ro", "/"]
    return cmd


def _mpl_cache() -> Path | None:
    """A matplotlib config folder with a built font cache (built once per process): without it
    every sandbox would rebuild the cache (seconds) and log a warning to stderr, which nbgrader
    scores as a failed test when it lands in a test cell."""
    with _lock:
        if "mpl" not in _probe:
            folder = Path(tempfile.mkdtemp(prefix="lazylearn-mplconfig-"))
            env = dict(os.environ, MPLCONFIGDIR=str(folder), MPLBACKEND="Agg")
            try:
                subprocess.run([sys.executable, "-I", "-c", "import matplotlib.font_manager"], env=env,
                               capture_output=True, timeout=120)
            except (OSError, subprocess.TimeoutExpired):
                pass
            _probe["mpl"] = folder
        return _probe["mpl"]


def _environment(home: str, tmp: str, mplconfig: str) -> dict:
    bindir = os.path.join(sys.prefix, "bin")
    threads = "1"
    return {"PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin", "HOME": home, "TMPDIR": tmp,
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONSAFEPATH": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg", "MPLCONFIGDIR": mplconfig,
            "IPYTHONDIR": os.path.join(tmp, ".ipython"), "OMP_NUM_THREADS": threads,
            "OPENBLAS_NUM_THREADS": threads, "MKL_NUM_THREADS": threads, "NBGRADER_EXECUTION": "autograde",
            "VIRTUAL_ENV": sys.prefix}


def _write_files(work: Path, files: dict):
    for rel, data in files.items():
        target = (work / rel).resolve()
        if work.resolve() not in target.parents:
            continue  # never write outside the scratch folder
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _reader(stream, sink: list, limit: int, on_overflow):
    total = 0
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            on_overflow()
            break
        sink.append(chunk)
    stream.close()


def _b64(files: dict) -> dict:
    import base64
    return {rel: base64.b64encode(data).decode("ascii") for rel, data in files.items()}


def _next_uid() -> int:
    """A uid for one sandbox: drawn from two million, so that sandboxes running at once (in this
    process or another grader's) almost never share one, and so never share a process count."""
    import secrets
    return SANDBOX_UID_BASE + secrets.randbelow(2_000_000)


LIMIT_STATUS = {"processes": "process limit", "disk": "disk full"}


def read_channel(data: bytes, token: str) -> tuple[dict, bool, list, list, int]:
    """Parse the runner's messages: ``(cells, done, tampered, limits, forged)``. Lines without the
    job's token (written by the notebook to the channel's file descriptor) are counted, not read;
    a cell index reported twice keeps its first report."""
    cells, done, tampered, limits, forged = {}, False, [], [], 0
    for line in data.splitlines():
        try:
            message = json.loads(line)
            if not isinstance(message, dict) or message.get("token") != token:
                raise ValueError("not the runner's")
        except ValueError:
            forged += bool(line.strip())
            continue
        if message.get("type") == "cell":
            index = int(message["index"])
            if index in cells:
                forged += 1
                continue
            cells[index] = {"outputs": message.get("outputs", []),
                            "execution_count": message.get("execution_count")}
            tampered += [t for t in message.get("tampered", []) if t not in tampered]
            limits += [x for x in message.get("limits", []) if x not in limits]
        elif message.get("type") == "done":
            done = True
    return cells, done, tampered, limits, forged


def run_job(job: dict) -> dict:
    """Execute one notebook in a sandbox; return its streamed cell outputs and a status.

    Args:
        job: ``{"student", "assignment", "notebook", "nb" (notebook dict), "files" ({relative
            path: bytes}), "timeout" (notebook wall clock, s), "cell_timeout" (s), "memory"
            (bytes), "disk" (bytes of scratch space), "processes" (at once), "max_output_chars",
            "sandbox" ("auto" | "bwrap" | "none")}``.

    Returns:
        ``{"status": "ok" | "timed out" | "crashed" | "process limit" | "disk full", "cells":
        {index: {"outputs", "execution_count"}}, "seconds", "message", "sandboxed", "warning",
        "host", "tampered" (what the notebook patched), "forged" (lines not from the runner)}``.
    """
    import secrets
    t0 = time.perf_counter()
    mode = job.get("sandbox", "auto")
    warning = ""
    use_bwrap = False
    if mode in ("auto", "bwrap"):
        ok, why = sandbox_available()
        if ok:
            use_bwrap = True
        elif mode == "bwrap":
            return {"status": "crashed", "cells": {}, "seconds": 0.0, "sandboxed": False,
                    "message": f"sandbox required but unavailable: {why}", "warning": why,
                    "host": socket.gethostname(), "tampered": [], "forged": 0}
        else:
            warning = (f"{why}: the notebook ran WITHOUT a sandbox (it could read the solutions and the "
                       "gradebook and use the network); install bubblewrap")
    token = secrets.token_hex(16)
    memory = int(job.get("memory", 2 * 2**30))
    disk = int(job.get("disk", DEFAULT_DISK))
    nproc = int(job.get("processes", DEFAULT_PROCESSES))
    payload = {"nb": job["nb"], "cell_timeout": job.get("cell_timeout", 30), "token": token,
               "max_output_chars": job.get("max_output_chars", 100_000)}
    runner = [sys.executable, "-I", "-m", "lazylearn.grading.runner", "--memory", str(memory),
              "--fsize", str(min(256 * 2**20, disk))]
    scratch = Path(tempfile.mkdtemp(prefix="lazylearn-job-"))
    try:
        if use_bwrap:
            files = dict(job.get("files", {}))
            files[f"{job['notebook']}.ipynb"] = json.dumps(job["nb"]).encode()
            payload["files"] = _b64(files)
            cache = _mpl_cache()
            if cache is not None:
                payload["mplcache"] = _b64({f.name: f.read_bytes() for f in cache.iterdir() if f.is_file()})
            root = os.geteuid() == 0
            if root:  # RLIMIT_NPROC counts per user and does not bind root: a uid of its own
                runner += ["--uid", str(_next_uid()), "--nproc", str(nproc)]
            cmd = _bwrap_command(disk) + runner
            env = _environment(SANDBOX_HOME, "/tmp", SANDBOX_HOME + "/.mplconfig")
            cwd = None
        else:
            work, mpl, home = scratch / "work", scratch / "mpl", scratch / "home"
            for d in (work, mpl, home):
                d.mkdir()
            cache = _mpl_cache()
            if cache is not None:
                for f in cache.iterdir():
                    if f.is_file():
                        shutil.copy2(f, mpl / f.name)
            _write_files(work, job.get("files", {}))
            (work / f"{job['notebook']}.ipynb").write_text(json.dumps(job["nb"]), encoding="utf-8")
            cmd = runner
            env = _environment(str(home), str(home), str(mpl))
            cwd = str(work)
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=env, cwd=cwd, start_new_session=True)
        overflow = threading.Event()

        def kill():
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

        def on_overflow():
            overflow.set()
            kill()

        out_chunks, err_chunks = [], []
        readers = [threading.Thread(target=_reader, args=(proc.stdout, out_chunks, MAX_CHANNEL_BYTES, on_overflow),
                                    daemon=True),
                   threading.Thread(target=_reader, args=(proc.stderr, err_chunks, 1 << 20, lambda: None),
                                    daemon=True)]
        for r in readers:
            r.start()
        try:
            proc.stdin.write(json.dumps(payload).encode())
            proc.stdin.close()
        except BrokenPipeError:
            pass
        timed_out = False
        try:
            proc.wait(timeout=float(job.get("timeout", 300)))
        except subprocess.TimeoutExpired:
            timed_out = True
            kill()
            proc.wait()
        kill()  # anything the notebook left running in the session
        for r in readers:
            r.join(timeout=10)
        cells, done, tampered, limits, forged = read_channel(b"".join(out_chunks), token)
        stderr = b"".join(err_chunks).decode("utf-8", "replace")[-2000:]
        if timed_out:
            status, message = "timed out", f"the notebook ran longer than {float(job.get('timeout', 300)):g} s"
        elif overflow.is_set():
            status, message = "crashed", "the notebook wrote too much data to the grader's channel"
        elif not done:
            code = proc.returncode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            status, message = "crashed", f"the notebook's process ended before the last cell ({how})"
        else:
            status, message = "ok", ""
        if limits and status in ("ok", "crashed"):
            what = {"processes": f"the notebook hit the cap of {nproc} processes",
                    "disk": f"the notebook filled its {disk / 2**20:g} MiB scratch disk"}
            message = "; ".join([what[x] for x in limits] + ([message] if message else []))
            status = LIMIT_STATUS[limits[0]]
        return {"status": status, "cells": cells, "seconds": time.perf_counter() - t0, "message": message,
                "sandboxed": use_bwrap, "warning": warning, "stderr": stderr, "host": socket.gethostname(),
                "tampered": tampered, "forged": forged}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

"""Execute one notebook inside the sandbox: ``python -I -m lazylearn.grading.runner``.

This module is the only lazylearn code that runs next to a student's code. It reads one job from
stdin (JSON: the sanitized notebook, the student's files, the limits and a per-job token), runs
every code cell in order, and streams one JSON line per executed cell to the result channel, a
duplicate of the original stdout taken before any student code runs. File descriptors 0 and 1 are
then pointed at ``/dev/null``, so output written below Python's ``sys.stdout`` cannot garble the
channel.

Answer cells (and every cell that is not a test) run in an in-process IPython shell (no Jupyter
kernel: starting one costs about a second per submission), so magics, ``display`` and the last
expression's value behave as in Jupyter. **Test cells** (grade cells that are not solution cells)
do not go through the shell: the runner compiles and executes them itself and decides that a test
failed from the exception that reached its own ``except BaseException`` clause. Nothing a student
can reach by name (``get_ipython().showtraceback``, ``InteractiveShell`` and its class attributes,
``IPython.core.ultratb``, ``sys.excepthook``, display hooks, ``sys.stdout``, the output recorder's
class) takes part in that decision; ``SystemExit`` and ``KeyboardInterrupt`` raised in a test are
failures like any other exception. Each message on the channel carries the job's token, which
exists only in this process's locals: lines written to the channel's file descriptor by student
code are dropped by the parent and flagged.

Guards, applied before every test cell:

- the attributes of ``builtins``, ``numpy``, ``numpy.testing``, ``lazylearn.testing`` and of the
  IPython, ``json`` and ``traceback`` modules (and of the classes they define) are put back to the
  objects they held before the first cell ran, ``sys.modules`` entries for them are restored,
  ``sys``'s hooks are reset, and names that the notebook once imported from ``lazylearn.testing``
  are rebound to the originals, while a function the student writes under a helper's name
  (``numerical_gradient``) stays the student's; this module's own code looks builtins up in a copy
  taken at start-up;
- each cell runs under a per-cell timer (``SIGALRM``) that raises ``CellTimeoutError``.

What the notebook changed is reported with each cell (``tampered``), and the class report flags it.
Processes the notebook started are killed after every cell. Code that walks the interpreter's
frames (``sys._getframe``, ``gc``, ``ctypes``) can still defeat anything in one process; the
sandbox protects the course, and the report flags such code.

The protocol (one JSON object per line on the result channel, each with ``"token"``)::

    {"type": "ready", "startup": seconds}
    {"type": "cell", "index": i, "execution_count": n, "outputs": [...], "seconds": s,
     "tampered": [...], "limits": [...]}
    {"type": "done"}
"""
from __future__ import annotations

import ast
import base64
import builtins as _builtins
import contextlib
import errno
import json
import os
import signal
import sys
import time
import traceback

# This module's code keeps using the builtins as they were at start-up, whatever the notebook
# does to the ``builtins`` module.
globals().update({_k: _v for _k, _v in vars(_builtins).items() if not _k.startswith("__")})
# and the few os functions that decide who speaks on the channel and who is killed
_getpid, _exit, _kill = os.getpid, os._exit, os.kill

__all__ = ["CellTimeoutError", "main"]

GUARDED_MODULES = ("builtins", "numpy", "numpy.testing", "lazylearn.testing", "lazylearn._guard", "json", "json.encoder",
                   "traceback", "linecache", "IPython.core.interactiveshell", "IPython.core.ultratb",
                   "IPython.core.displayhook", "IPython.core.displaypub", "IPython.core.formatters",
                   "IPython.core.inputtransformer2", "IPython.core.builtin_trap",
                   "IPython.core.events", "IPython.core.compilerop")
SYS_HOOKS = ("excepthook", "displayhook", "breakpointhook", "unraisablehook")


class CellTimeoutError(BaseException):
    """Raised inside a cell that runs longer than the per-cell limit.

    A ``BaseException`` so that ``except Exception:`` in student code does not swallow it.
    """


def _json_clean(value):
    """Make display data JSON-serialisable the way ipykernel does (bytes become base64)."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {str(k): _json_clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_clean(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class _Recorder:
    """The outputs of the cell being executed, with a character budget per cell."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.outputs: list[dict] = []
        self.used = 0
        self.dropped = 0

    def reset(self):
        self.outputs = []
        self.used = 0
        self.dropped = 0

    def _take(self, n: int) -> int:
        room = max(self.max_chars - self.used, 0)
        take = min(n, room)
        self.used += take
        self.dropped += n - take
        return take

    def stream(self, name: str, text: str):
        if not text:
            return
        take = self._take(len(text))
        if take == 0:
            return
        text = text[:take]
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last["output_type"] == "stream" and last["name"] == name:
            last["_chunks"].append(text)
        else:
            self.outputs.append({"output_type": "stream", "name": name, "_chunks": [text]})

    def rich(self, output: dict):
        size = len(json.dumps(output, default=str))
        if self._take(size) < size:
            return
        self.outputs.append(output)

    def error(self, ename: str, evalue: str, traceback: list):
        # errors always fit: they decide the grade
        self.outputs.append({"output_type": "error", "ename": ename, "evalue": evalue,
                             "traceback": [str(line)[:5000] for line in traceback[:200]]})

    def clear(self):
        self.outputs = [o for o in self.outputs if o["output_type"] == "error"]

    def finish(self) -> list[dict]:
        outputs = []
        for out in self.outputs:
            if out["output_type"] == "stream":
                out = {"output_type": "stream", "name": out["name"], "text": "".join(out["_chunks"])}
            outputs.append(out)
        if self.dropped:
            outputs.append({"output_type": "stream", "name": "stdout",
                            "text": f"\n... output truncated by the grader: {self.dropped} characters dropped ...\n"})
        return outputs


class _Stream:
    """A text stream that records into the current cell (``sys.stdout`` / ``sys.stderr``)."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, recorder: _Recorder, name: str):
        self._recorder = recorder
        self.name = name

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._recorder.stream(self.name, text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def readable(self):
        return False

    def fileno(self):
        import io
        raise io.UnsupportedOperation("fileno")


def _make_shell(box: list):
    """The IPython shell for answer cells; its outputs go to ``box[0]``, the current recorder."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            box[0].rich({"output_type": "execute_result", "execution_count": self.prompt_count,
                         "data": _json_clean(format_dict), "metadata": _json_clean(md_dict or {})})

        def finish_displayhook(self):
            pass

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            box[0].rich({"output_type": "display_data", "data": _json_clean(data),
                         "metadata": _json_clean(metadata or {})})

        def clear_output(self, wait=False):
            box[0].clear()

    class Shell(InteractiveShell):
        displayhook_class = Hook
        display_pub_class = Publisher

        def _showtraceback(self, etype, evalue, stb):
            box[0].error(getattr(etype, "__name__", str(etype)), str(evalue), list(stb))

        def enable_gui(self, gui=None):
            pass

        @contextlib.contextmanager
        def _tee(self, channel):
            # IPython 9 keeps a copy of every write in the history (1 GB printed = 1 GB kept)
            yield

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "nocolor"
    config.InteractiveShell.autocall = 0
    shell = Shell.instance(config=config)
    return shell, (Hook, Publisher, Shell)


def _classes_of(module) -> list:
    return [v for v in vars(module).values()
            if isinstance(v, type) and getattr(v, "__module__", None) == module.__name__]


def _snapshot_guarded(shell=None, extra_classes=()) -> dict:
    """``{"modules": {name: (module, attrs)}, "classes": [(cls, attrs)], "sys": {hook: value},
    "shell": (shell, its instance attributes)}``."""
    import importlib
    modules, classes = {}, []
    for name in GUARDED_MODULES:
        try:
            module = importlib.import_module(name)
        except Exception:  # a module the course does not have
            continue
        modules[name] = (module, dict(vars(module)))
        if not name.startswith(("numpy", "builtins")):
            classes += _classes_of(module)
    classes += [c for c in extra_classes if c not in classes]
    return {"modules": modules, "classes": [(c, dict(vars(c))) for c in classes],
            "sys": {h: getattr(sys, h, None) for h in SYS_HOOKS},
            "shell": (shell, dict(vars(shell)) if shell is not None else {})}


def _note_helper_names(snap: dict, user_ns: dict, names: set):
    """Add to ``names`` the notebook names now bound to an original ``lazylearn.testing`` helper
    (``from lazylearn.testing import check_close``): only those are rebound before test cells, so a
    function the task asks for that shares a helper's name (``numerical_gradient``) stays the
    student's own."""
    testing = snap["modules"].get("lazylearn.testing")
    if testing is None:
        return
    attrs = testing[1]
    for key in attrs.get("__all__", ()):
        if key in attrs and user_ns.get(key, _MISSING) is attrs[key]:
            names.add(key)


def _restore_guarded(snap: dict, user_ns: dict, helper_names=None) -> list[str]:
    """Put the guarded objects back; return what had changed (``"numpy.allclose"``, ...).

    With ``helper_names`` (before a test cell), the notebook's names for ``lazylearn.testing``
    helpers are rebound to the originals too."""
    changed = []
    for name, (module, attrs) in snap["modules"].items():
        if sys.modules.get(name) is not module:
            changed.append(f"sys.modules[{name!r}]")
            sys.modules[name] = module
        current = vars(module)
        for key, value in attrs.items():
            if current.get(key, _MISSING) is not value:
                changed.append(f"{name}.{key}")
                try:
                    setattr(module, key, value)
                except Exception:  # lazylearn.testing refuses setattr: write the dict
                    current[key] = value
    for cls, attrs in snap["classes"]:
        current = vars(cls)
        for key in [k for k in current if k not in attrs and callable(current[k])]:
            changed.append(f"{cls.__module__}.{cls.__qualname__}.{key}")
            with contextlib.suppress(Exception):
                delattr(cls, key)
        for key, value in attrs.items():
            if current.get(key, _MISSING) is not value:
                changed.append(f"{cls.__module__}.{cls.__qualname__}.{key}")
                with contextlib.suppress(Exception):
                    setattr(cls, key, value)
    for hook, value in snap["sys"].items():
        if getattr(sys, hook, None) is not value:
            changed.append(f"sys.{hook}")
            with contextlib.suppress(Exception):
                setattr(sys, hook, value)
    if sys.gettrace() is not None or sys.getprofile() is not None:
        changed.append("sys.settrace/setprofile")
        sys.settrace(None)
        sys.setprofile(None)
    shell, initial = snap["shell"]
    if shell is not None:  # instance attributes hiding the shell's methods
        current = vars(shell)
        for key in [k for k in current if current[k] is not initial.get(k, _MISSING)
                    and callable(getattr(type(shell), k, None))]:
            changed.append(f"get_ipython().{key}")
            if key in initial:
                current[key] = initial[key]
            else:
                del current[key]
    testing = snap["modules"].get("lazylearn.testing")
    if testing is not None and helper_names is not None:
        attrs = testing[1]
        for key in attrs.get("__all__", ()):
            if key in user_ns and key in attrs and key in helper_names:
                user_ns[key] = attrs[key]
    return changed


_MISSING = object()


def _flush_figures(recorder: _Recorder):
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return
    import io
    try:
        for num in pyplot.get_fignums():
            fig = pyplot.figure(num)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", bbox_inches="tight")
            recorder.rich({"output_type": "display_data", "metadata": {},
                           "data": {"image/png": base64.b64encode(buf.getvalue()).decode("ascii"),
                                    "text/plain": repr(fig)}})
        pyplot.close("all")
    except Exception as exc:  # a broken figure is the student's, not the grader's, problem
        recorder.stream("stderr", f"could not render figure: {exc!r}\n")


def _is_test_cell(cell: dict) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _safe_str(value) -> str:
    try:
        return str(value)
    except BaseException:  # a student's exception whose __str__ raises
        return f"<{type(value).__name__} (message could not be shown)>"


def _format_exception(exc: BaseException, filename: str) -> list[str]:
    """Traceback lines of an exception raised by a test cell, starting at the cell's own frame."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    try:
        lines = traceback.format_exception(type(exc), exc, tb)
    except BaseException:
        lines = [f"{type(exc).__name__}: {_safe_str(exc)}"]
    return "".join(lines).rstrip("\n").split("\n")


def _run_test_cell(source: str, ns: dict, filename: str, count: int, transform, trap, formatter, recorder,
                   out, err) -> BaseException | None:
    """Compile and execute a test cell here, without the shell: the exception that reaches this
    frame's ``except`` is the test's result. The last expression's value is shown as IPython does
    (it is nbgrader's partial credit)."""
    error = None
    value = None
    try:
        code = transform(source)
        tree = ast.parse(code, filename=filename)
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = tree.body[:-1] if last is not None else tree.body
        with trap:
            if body:
                exec(compile(ast.Module(body=body, type_ignores=[]), filename, "exec", dont_inherit=True), ns)
            if last is not None:
                value = eval(compile(ast.Expression(body=last.value), filename, "eval", dont_inherit=True), ns)
        if sys.stdout is not out or sys.stderr is not err:
            raise RuntimeError("the test cell's sys.stdout or sys.stderr was replaced by the notebook's code")
        if value is not None and not code.rstrip().endswith(";"):
            ns["_"] = value
            data, md = formatter.format(value)
            recorder.rich({"output_type": "execute_result", "execution_count": count,
                           "data": _json_clean(data), "metadata": _json_clean(md or {})})
    except BaseException as exc:  # noqa: B036 -- every exception, SystemExit included, fails the test
        error = exc
    return error


def _count_processes() -> int:
    try:
        return sum(1 for d in os.listdir("/proc") if d.isdigit())
    except OSError:
        return 0


def _kill_others(own_uid: bool):
    """Kill every other process of the sandbox's own unprivileged uid (nothing else runs as it).
    Never as any other user: ``kill(-1)`` would reach every process that user may signal."""
    if not own_uid or os.getuid() == 0 or os.geteuid() == 0:
        return
    with contextlib.suppress(OSError):
        _kill(-1, signal.SIGKILL)


def _disk_full(path: str) -> bool:
    try:
        st = os.statvfs(path)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 1 << 20


def _limits_hit(error, nproc: int, peak: int, work: str) -> list[str]:
    hit = []
    if isinstance(error, OSError) and error.errno == errno.EAGAIN or (nproc and peak >= nproc - 2):
        hit.append("processes")
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT) or _disk_full(work):
        hit.append("disk")
    return hit


def _yield_cpu():
    """Run in every child ``os.fork`` makes: the lowest CPU priority, which an unprivileged uid
    cannot raise again, so a fork bomb's children share about one process's worth of CPU."""
    with contextlib.suppress(OSError):
        os.nice(19)


def _limit_resources(args: dict):
    """Cap the address space, file sizes and processes (soft = hard, so the notebook cannot raise
    them), disable core dumps, and, when started as root inside the sandbox, become the
    unprivileged ``--uid`` (``RLIMIT_NPROC`` does not bind root)."""
    import resource
    for flag, limit in (("--memory", resource.RLIMIT_AS), ("--fsize", resource.RLIMIT_FSIZE),
                        ("--nproc", resource.RLIMIT_NPROC)):
        if flag in args:
            value = int(args[flag])
            resource.setrlimit(limit, (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if "--uid" in args and os.geteuid() == 0:
        uid = int(args["--uid"])
        if uid < 1000:
            raise ValueError(f"--uid must be an unprivileged uid of the sandbox's own; got {uid}")
        with contextlib.suppress(OSError):  # refused where bubblewrap made a user namespace
            os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        return os.getuid() == uid and os.geteuid() == uid
    return False


def _write_files(work: str, files: dict):
    """The student's other files (base64), written inside the sandbox's own scratch disk."""
    root = os.path.realpath(work)
    for rel, data in files.items():
        target = os.path.realpath(os.path.join(root, rel))
        if not target.startswith(root + os.sep):
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            with open(target, "wb") as fh:
                fh.write(base64.b64decode(data))
        except OSError:  # the scratch disk is full: the notebook will say so
            break


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    argv = sys.argv[1:] if argv is None else argv
    args = dict(zip(argv[::2], argv[1::2], strict=False))
    job = json.loads(sys.stdin.buffer.read())
    token = job.pop("token", "")
    own_uid = _limit_resources(args)
    if own_uid:  # children the notebook forks yield the CPU to every other sandbox's notebook
        os.register_at_fork(after_in_child=_yield_cpu)
    me = _getpid()
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    for entry in ("", os.getcwd()):
        while entry in sys.path:
            sys.path.remove(entry)
    work = os.getcwd()
    if job.get("files"):
        _write_files(work, job.pop("files"))
    mpl = job.pop("mplcache", None)
    if mpl and os.environ.get("MPLCONFIGDIR"):
        _write_files(os.environ["MPLCONFIGDIR"], mpl)
    nproc = int(args.get("--nproc", 0))
    encode = json.JSONEncoder().encode

    def send(message: dict):
        if _getpid() != me:  # a child the notebook forked never speaks for the notebook
            _exit(0)
        message["token"] = token
        channel.write(encode(message) + "\n")
        channel.flush()

    max_chars = int(job.get("max_output_chars", 100_000))
    box = [_Recorder(max_chars)]
    cell_timeout = float(job.get("cell_timeout", 30))
    shell, shell_classes = _make_shell(box)
    from IPython.core.inputtransformer2 import TransformerManager
    transform = TransformerManager().transform_cell
    trap, formatter, user_ns = shell.builtin_trap, shell.display_formatter, shell.user_ns
    snap = _snapshot_guarded(shell, (*shell_classes, _Recorder, _Stream))
    send({"type": "ready", "startup": time.perf_counter() - started})

    def on_alarm(signum, frame):
        raise CellTimeoutError(f"the cell ran longer than {cell_timeout:g} s")

    count = 0
    helper_names: set = set()
    for index, cell in enumerate(job["nb"].get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        test = _is_test_cell(cell)
        tampered = _restore_guarded(snap, user_ns, helper_names) if test else []
        count += 1
        recorder = _Recorder(max_chars)
        box[0] = recorder
        out, err = _Stream(recorder, "stdout"), _Stream(recorder, "stderr")
        filename = f"<test cell {count}>"
        error = None
        t0 = time.perf_counter()
        sys.stdout, sys.stderr = out, err
        try:
            signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, cell_timeout)
            if test:
                error = _run_test_cell(source, user_ns, filename, count, transform, trap, formatter, recorder, out, err)
            else:
                result = shell.run_cell(source, store_history=True)
                error = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec", None)
                if error is not None and not any(o["output_type"] == "error" for o in recorder.outputs):
                    recorder.error(type(error).__name__, _safe_str(error), [f"{type(error).__name__}: "
                                                                           f"{_safe_str(error)}"])
            signal.setitimer(signal.ITIMER_REAL, 0)
            if _getpid() != me:
                _exit(0)
            _flush_figures(recorder)
        except BaseException as exc:  # noqa: B036 -- a timeout that fired outside the cell's own frame
            signal.setitimer(signal.ITIMER_REAL, 0)
            if _getpid() != me:
                _exit(0)
            error = error or exc
            if not test:
                recorder.error(type(exc).__name__, _safe_str(exc), [f"{type(exc).__name__}: {_safe_str(exc)}"])
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        if test and error is not None:
            recorder.error(type(error).__name__, _safe_str(error), _format_exception(error, filename))
        peak = _count_processes()
        _kill_others(own_uid)
        # what the cell changed is put back at once (so it cannot reach the channel's encoder),
        # and reported
        tampered += [t for t in _restore_guarded(snap, user_ns) if t not in tampered]
        _note_helper_names(snap, user_ns, helper_names)
        send({"type": "cell", "index": index, "execution_count": count, "outputs": recorder.finish(),
              "seconds": time.perf_counter() - t0, "tampered": tampered,
              "limits": _limits_hit(error, nproc, peak, work)})
    send({"type": "done"})
    channel.close()
    return 0


if __name__ == "__main__":
    # os._exit: skip interpreter teardown (atexit handlers and threads the notebook left behind)
    os._exit(main())

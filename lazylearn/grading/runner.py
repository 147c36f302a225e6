"""Execute one notebook inside the sandbox: ``python -I -m lazylearn.grading.runner``.

This module is the only lazylearn code that runs next to a student's code. It reads one job from
stdin (JSON: the sanitized notebook and the limits), runs every code cell in order in an
in-process IPython shell (no Jupyter kernel: starting one costs about a second per submission),
and streams one JSON line per executed cell to the result channel, a duplicate of the original
stdout taken before any student code runs. File descriptors 0 and 1 are then pointed at
``/dev/null``, so output written below Python's ``sys.stdout`` cannot garble the channel.

Because results are streamed cell by cell, a notebook that kills its own process (``os._exit``,
a segfault, the out-of-memory killer) or runs past the notebook's wall-clock limit keeps the
outputs of the cells that finished; the parent marks the rest as not executed.

Guards, applied before every test cell (a grade cell that is not a solution cell):

- the attributes of ``builtins``, ``numpy``, ``numpy.testing`` and ``lazylearn.testing`` are put
  back to the objects they held before the first cell ran, ``sys.modules`` entries for them are
  restored, and names that the notebook once imported from ``lazylearn.testing`` are rebound to
  the originals (``check_close = lambda *a, **k: None`` in an answer cell has no effect on the
  tests), while a function the student writes under a helper's name (``numerical_gradient``)
  stays the student's;
- each cell runs under a per-cell timer (``SIGALRM``) that raises ``CellTimeoutError``.

Everything here runs in the same process as the student's code, so a determined student can still
defeat it; the sandbox around this process is what protects the course, and the class report
flags submissions whose code touches the grading machinery.

The protocol (one JSON object per line on the result channel)::

    {"type": "ready", "startup": seconds}
    {"type": "cell", "index": i, "execution_count": n, "outputs": [...], "seconds": s}
    {"type": "done"}
"""
from __future__ import annotations

import base64
import contextlib
import json
import os
import signal
import sys
import time

__all__ = ["CellTimeoutError", "main"]

GUARDED_MODULES = ("builtins", "numpy", "numpy.testing", "lazylearn.testing")


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


def _make_shell(recorder: _Recorder):
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            recorder.rich({"output_type": "execute_result", "execution_count": self.prompt_count,
                           "data": _json_clean(format_dict), "metadata": _json_clean(md_dict or {})})

        def finish_displayhook(self):
            pass

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            recorder.rich({"output_type": "display_data", "data": _json_clean(data),
                           "metadata": _json_clean(metadata or {})})

        def clear_output(self, wait=False):
            recorder.clear()

    class Shell(InteractiveShell):
        displayhook_class = Hook
        display_pub_class = Publisher

        def _showtraceback(self, etype, evalue, stb):
            recorder.error(getattr(etype, "__name__", str(etype)), str(evalue), list(stb))

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
    return Shell.instance(config=config)


def _snapshot_guarded() -> dict:
    import importlib
    snap = {}
    for name in GUARDED_MODULES:
        try:
            module = importlib.import_module(name)
        except Exception:  # a module the course does not have
            continue
        snap[name] = (module, dict(vars(module)))
    return snap


def _note_helper_names(snap: dict, user_ns: dict, names: set):
    """Add to ``names`` the notebook names now bound to an original ``lazylearn.testing`` helper
    (``from lazylearn.testing import check_close``): only those are rebound before test cells, so a
    function the task asks for that shares a helper's name (``numerical_gradient``) stays the
    student's own."""
    testing = snap.get("lazylearn.testing")
    if testing is None:
        return
    attrs = testing[1]
    for key in attrs.get("__all__", ()):
        if key in attrs and user_ns.get(key, _MISSING) is attrs[key]:
            names.add(key)


def _restore_guarded(snap: dict, user_ns: dict, helper_names=None):
    for name, (module, attrs) in snap.items():
        sys.modules[name] = module
        current = vars(module)
        for key, value in attrs.items():
            if current.get(key, _MISSING) is not value:
                try:
                    setattr(module, key, value)
                except Exception:  # lazylearn.testing refuses setattr: write the dict
                    current[key] = value
    testing = snap.get("lazylearn.testing")
    if testing is not None:
        attrs = testing[1]
        for key in attrs.get("__all__", ()):
            if key in user_ns and key in attrs and (helper_names is None or key in helper_names):
                user_ns[key] = attrs[key]


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


def _limit_resources(argv: list[str]):
    """``--memory BYTES --fsize BYTES``: cap the address space and file sizes (soft = hard, so the
    notebook cannot raise them), and disable core dumps."""
    import resource
    args = dict(zip(argv[::2], argv[1::2]))
    for flag, limit in (("--memory", resource.RLIMIT_AS), ("--fsize", resource.RLIMIT_FSIZE)):
        if flag in args:
            value = int(args[flag])
            resource.setrlimit(limit, (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    _limit_resources(sys.argv[1:] if argv is None else argv)
    job = json.loads(sys.stdin.buffer.read())
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    for entry in ("", os.getcwd()):
        while entry in sys.path:
            sys.path.remove(entry)

    def send(message: dict):
        channel.write(json.dumps(message) + "\n")
        channel.flush()

    recorder = _Recorder(int(job.get("max_output_chars", 100_000)))
    cell_timeout = float(job.get("cell_timeout", 30))
    shell = _make_shell(recorder)
    snap = _snapshot_guarded()
    out, err = _Stream(recorder, "stdout"), _Stream(recorder, "stderr")
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
        if _is_test_cell(cell):
            _restore_guarded(snap, shell.user_ns, helper_names)
        count += 1
        recorder.reset()
        t0 = time.perf_counter()
        sys.stdout, sys.stderr = out, err
        try:
            signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, cell_timeout)
            shell.run_cell(source, store_history=True)
            signal.setitimer(signal.ITIMER_REAL, 0)
            _flush_figures(recorder)
        except BaseException as exc:  # a timeout that fired outside the student's frame
            signal.setitimer(signal.ITIMER_REAL, 0)
            recorder.error(type(exc).__name__, str(exc), [f"{type(exc).__name__}: {exc}"])
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        _note_helper_names(snap, shell.user_ns, helper_names)
        send({"type": "cell", "index": index, "execution_count": count,
              "outputs": recorder.finish(), "seconds": time.perf_counter() - t0})
    send({"type": "done"})
    channel.close()
    return 0


if __name__ == "__main__":
    # os._exit: skip interpreter teardown (atexit handlers and threads the notebook left behind)
    os._exit(main())

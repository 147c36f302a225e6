"""Run independent calls of an experiment serially or on worker processes, one BLAS thread each."""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor


def one_blas_thread():
    """Limit BLAS to one thread in this process (each run's budget assumes one); None without threadpoolctl."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl comes with scikit-learn; without it BLAS keeps its default
        return None
    return threadpool_limits(limits=1)


def map_runs(function, tasks, workers):
    """``[function(t) for t in tasks]``, on ``workers`` processes when there are several tasks.

    ``function`` must be a module-level function (worker processes import it by name). With
    ``workers == 1`` or a single task the calls run here, under the same one-thread limit, so both
    paths give the same results.
    """
    if workers == 1 or len(tasks) == 1:
        limits = one_blas_thread()
        try:
            return [function(task) for task in tasks]
        finally:
            if limits is not None:
                limits.unregister()
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), initializer=one_blas_thread) as pool:
        return list(pool.map(function, tasks))

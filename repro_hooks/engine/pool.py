"""Check many files on every core, with the findings of checking them one by one.

Where the system can fork (Linux, macOS), the workers are forked from this process once it
has checked the first file: they start with every module imported and every pattern
compiled so far, and each sends its findings back through a pipe, pickled. Nothing else is
imported for it (``multiprocessing`` with ``concurrent.futures`` took 45 ms to import, a
quarter of a 100-file commit). The files are dealt out largest first, each to the worker
with the fewest bytes so far, so that a few large files do not all land on one worker.

Where it cannot (Windows), each worker of a ``ProcessPoolExecutor`` starts a new
interpreter and imports the hooks again: that pays only for a long list of files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from repro_hooks.core.finding import Finding

FileTask = Callable[[str], list[Finding]]

# Each worker needs this many bytes to read: below, it costs more than it saves (a fork,
# and the patterns it compiles again on first use). inline-secrets on small corpus files,
# two cores, forked against one process: 275 KB 6% slower, 527 KB 6% faster, 1.3 MB 16%.
BYTES_PER_WORKER = 256 * 1024
# Without fork, a worker imports the hooks anew: only a long list is worth it.
SPAWN_THRESHOLD = 64
SPAWN_BYTES = 4_000_000


def check_all(task: FileTask, paths: Sequence[str]) -> list[Finding]:
    """``task`` on every path, in as many processes as the work is worth; the findings in
    the order of ``paths``, as checking them one by one gives."""
    sizes = [_size(path) for path in paths]
    workers = min(_cores(), len(paths), sum(sizes) // BYTES_PER_WORKER)
    if workers < 2:
        return [finding for path in paths for finding in task(path)]
    if not hasattr(os, "fork"):
        return _in_new_interpreters(task, paths, sizes, workers)
    # The first file is checked here, before forking: what every check loads or compiles
    # on first use (parsers, provider patterns, tables) is then done once, for all.
    found = {0: task(paths[0])}
    own, *shares = deal(sizes[1:], workers, offset=1)
    children: list[tuple[list[int], tuple[int, int]]] = []
    for share in filter(None, shares):
        child = _fork(task, paths, share)
        if child is None:  # no process to be had: this share is checked here
            own += share
        else:
            children.append((share, child))
    try:
        found.update((index, task(paths[index])) for index in own)
    except BaseException:
        import signal

        for _, (pid, _) in children:
            os.kill(pid, signal.SIGTERM)
        raise
    finally:
        results = [(share, _collect(child)) for share, child in children]
    for share, result in results:
        # A worker that died (killed, out of memory) has its files checked here.
        found.update(result if result is not None else {i: task(paths[i]) for i in share})
    return [finding for index in range(len(paths)) for finding in found[index]]


def deal(sizes: Sequence[int], workers: int, offset: int = 0) -> list[list[int]]:
    """The indexes of ``sizes`` (plus ``offset``) in ``workers`` shares of about equal
    bytes: largest first, each to the share with the fewest bytes so far."""
    shares: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        lightest = loads.index(min(loads))
        shares[lightest].append(index + offset)
        loads[lightest] += sizes[index]
    return [sorted(share) for share in shares]


def _cores() -> int:
    """The cores this process may run on (its affinity, where the system says)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reported by the task


def _fork(task: FileTask, paths: Sequence[str], share: list[int]) -> tuple[int, int] | None:
    """A worker checking the files of ``share``: its process id and the pipe it answers
    on; ``None`` if the system has no process or pipe to give. The worker never returns
    into the caller's code, and leaves with ``os._exit``, so it neither runs the caller's
    exit handlers nor flushes its buffered output twice."""
    import pickle  # here: a run that forks no worker never imports it

    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        status = 1
        try:
            os.close(read_end)
            result = {index: task(paths[index]) for index in share}
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(child: tuple[int, int]) -> dict[int, list[Finding]] | None:
    """A worker's findings by file index; ``None`` if it did not finish."""
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()  # to the end before waiting: a full pipe would block the worker
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    import pickle

    try:
        result: dict[int, list[Finding]] = pickle.loads(data)
    except Exception:  # cut short: checked again here
        return None
    return result


def _in_new_interpreters(
    task: FileTask, paths: Sequence[str], sizes: Sequence[int], workers: int
) -> list[Finding]:
    if len(paths) < SPAWN_THRESHOLD or sum(sizes) < SPAWN_BYTES:
        return [finding for path in paths for finding in task(path)]
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(paths) // (workers * 32))
    with ProcessPoolExecutor(workers) as pool:
        results = pool.map(task, paths, chunksize=chunk)
        return [finding for findings in results for finding in findings]

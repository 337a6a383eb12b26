"""Pure work done by a second process while this one writes to the database.

A large import spends much of its time in Python that needs no database: turning post
bodies into sanitised HTML (about 5 s of a 10,000-post export, bench/wxr_import.py) and
scoring related lists. On a machine with two cores, a child process can work that out
ahead of the process that writes, which is left with the database's share.

`forked_results(function, tasks)` yields an iterator over `function(task)` for each task,
in order. The child is made by fork(): it starts with a copy of this process's memory, so
the tasks and whatever `function` reads (the parsed export, a matrix) need no copying; only
the results come back, pickled, through a pipe. The child never touches the database: the
connection it inherited is this process's alone (it doesn't close it either: a forked
multiprocessing child leaves by os._exit, running no clean-up of ours).

Worked out here instead, one result as each is asked for, with the same results: without
fork (Windows; macOS, where it is unsafe), on one CPU, or with parallel=False.

Should the child fail (the kernel kills it for want of memory, someone kills it, it raises),
the parent raises WorkerFailed; or, given `on_failure`, tells it the WorkerFailed and works
out the remaining results itself, so that the caller finishes, only more slowly.

Ctrl-C reaches the child too (the terminal signals the whole process group): the child
ignores it, and the parent, on its way out of the `with` block, ends the child. So does any
error, in either process. No child is left behind.
"""

import multiprocessing
import os
import signal
import sys
import traceback
from contextlib import contextmanager, suppress


class WorkerFailed(Exception):
    """The child process raised, or stopped without a word; the message says what."""

    @property
    def reason(self):
        """The message in one line: its first, and the traceback's last when it has one."""
        lines = str(self).strip().splitlines()
        return lines[0].rstrip(":") + (f": {lines[-1].strip()}" if len(lines) > 1 else "")


def can_fork():
    """Whether a forked worker can help: fork is safe here, and there is a second CPU."""
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1


@contextmanager
def forked_results(function, tasks, *, parallel=True, on_failure=None):
    """An iterator over function(task) for each of `tasks`, in order: worked out ahead in
    a forked child when `parallel` and `can_fork()`, else here as each is asked for.
    `function` must not use the database, and its results must pickle. Should the child
    fail, the iterator raises WorkerFailed; with `on_failure`, it calls on_failure(the
    WorkerFailed) instead and works out the rest here."""
    tasks = list(tasks)
    if not (parallel and tasks and can_fork()):
        yield map(function, tasks)
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # daemon: should the parent exit without leaving the block (os._exit aside), the
    # multiprocessing module ends the child at exit.
    child = context.Process(target=work, args=(function, tasks, sender), daemon=True)
    child.start()  # flushes stdout and stderr first, so nothing buffered is written twice
    sender.close()  # the child's end: without this, a dead child would leave recv() waiting
    try:
        yield results(receiver, child, function, tasks, on_failure)
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


def results(receiver, child, function, tasks, on_failure):
    for done in range(len(tasks)):
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError):  # OSError: it died in the middle of sending a result
            failure = WorkerFailed(f"the worker process stopped unexpectedly{how(child)}")
        else:
            if kind == "result":
                yield value
                continue
            failure = WorkerFailed(f"the worker process failed:\n{value}")
        if on_failure is None:
            raise failure
        on_failure(failure)
        yield from map(function, tasks[done:])
        return


def how(child):
    """How a child that stopped unexpectedly ended, as words for WorkerFailed's message."""
    child.join(timeout=5)  # its end of the pipe closes a moment before it is gone
    if child.exitcode is None:
        return ""
    if child.exitcode < 0:
        with suppress(ValueError):
            return f" (killed by {signal.Signals(-child.exitcode).name})"
    return f" (exit status {child.exitcode})"


def work(function, tasks, sender):
    """The child's side: each result in turn, or the traceback of what went wrong."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for task in tasks:
            sender.send(("result", function(task)))
    except BrokenPipeError:
        pass  # the parent stopped listening (an error, Ctrl-C): nobody wants the rest
    except BaseException:
        with suppress(BrokenPipeError):
            sender.send(("error", traceback.format_exc()))
    finally:
        sender.close()

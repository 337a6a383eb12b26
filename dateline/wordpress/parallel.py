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


def can_fork():
    """Whether a forked worker can help: fork is safe here, and there is a second CPU."""
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1


@contextmanager
def forked_results(function, tasks, *, parallel=True):
    """An iterator over function(task) for each of `tasks`, in order: worked out ahead in
    a forked child when `parallel` and `can_fork()`, else here as each is asked for.
    `function` must not use the database, and its results must pickle."""
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
        yield results(receiver, len(tasks))
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


def results(receiver, count):
    for _ in range(count):
        try:
            kind, value = receiver.recv()
        except EOFError:
            raise WorkerFailed("the worker process stopped unexpectedly") from None
        if kind == "error":
            raise WorkerFailed(f"the worker process failed:\n{value}")
        yield value


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

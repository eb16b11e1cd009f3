package io.netmodel.linux.ns;

import io.netmodel.api.namespace.NamespaceId;
import io.netmodel.linux.sys.Syscalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform threads that enter namespaces, all born in one home namespace.
 *
 * <p>A thread created by a thread inherits its creator's network namespace, so workers are created
 * only by a dedicated spawner thread that is checked to be in the home namespace when it starts,
 * never by a worker (which may be switched) nor by a caller. A worker runs one {@link Job} at a
 * time; a job may move the worker into another namespace ({@link Worker#enter}, {@link
 * Worker#unshareNetwork}), and the worker returns home ({@code setns} on the held home descriptor)
 * before it takes another. A worker that cannot return home is retired: it ends, and is never given
 * another job. A few idle workers are kept; an idle one ends after {@link #IDLE_TIMEOUT}. The idle
 * worker next in line can be woken ahead of a job that is about to come ({@link #prime}).
 *
 * <p>Thread-safe.
 */
final class NamespaceThreads implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NamespaceThreads.class);

  /** How many idle workers are kept at most. */
  static final int MAX_IDLE = 4;

  /** How long a worker that has finished a job spins for the next one before it parks. */
  static final long IDLE_SPIN_NANOS = 50_000;

  /** How long a primed idle worker spins for the job it was primed for before it parks again. */
  static final long PRIMED_SPIN_NANOS = 1_000_000;

  /** How long an idle worker waits for a job before it ends. */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Work for a worker, which is in the home namespace when the job starts. */
  interface Job {
    void run(Worker worker);

    /** The job will never run (the threads are closed, or no thread could be made). */
    void abandon(RuntimeException reason);
  }

  private static final Job STOP =
      new Job() {
        @Override
        public void run(Worker worker) {}

        @Override
        public void abandon(RuntimeException reason) {}
      };

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int homeFd;
  private final NamespaceId homeId;
  private final String name;
  private final AtomicInteger workerNumbers = new AtomicInteger();
  private final LinkedBlockingQueue<Job> spawnRequests = new LinkedBlockingQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Worker> idle = new ArrayDeque<>(); // guarded by lock
  private int live; // workers started or requested, not yet ended; guarded by lock
  private boolean closed; // guarded by lock
  private boolean homeClosed; // guarded by lock

  private NamespaceThreads(int homeFd, NamespaceId homeId, String name) {
    this.homeFd = homeFd;
    this.homeId = homeId;
    this.name = name;
  }

  /**
   * Starts the threads, with the calling thread's current network namespace as home.
   *
   * @throws io.netmodel.api.KernelException if the home namespace cannot be opened
   * @throws IllegalStateException if the spawner thread cannot be placed in the home namespace
   */
  static NamespaceThreads start() {
    int homeFd =
        Syscalls.open(NamespaceFiles.THREAD_SELF_NET, Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    NamespaceThreads threads;
    try {
      NamespaceId homeId = NamespaceFiles.idOfDescriptor(homeFd);
      threads = new NamespaceThreads(homeFd, homeId, "netmodel-ns-" + POOLS.incrementAndGet());
    } catch (RuntimeException e) {
      Syscalls.close(homeFd, "home network namespace");
      throw e;
    }
    threads.startSpawner();
    return threads;
  }

  private void startSpawner() {
    NamespaceTask<Void> ready =
        new NamespaceTask<>(
            () -> {
              placeAtHome();
              return null;
            });
    Thread spawner =
        new Thread(
            () -> {
              ready.begin();
              ready.runBody();
              spawnLoop();
            },
            name + "-spawner");
    spawner.setDaemon(true);
    spawner.start();
    try {
      ready.await();
    } catch (Exception e) {
      spawnRequests.add(STOP);
      lock.lock();
      try {
        closed = true;
        closeHomeIfUnused();
      } finally {
        lock.unlock();
      }
      throw new IllegalStateException(
          "cannot start the namespace spawner thread in the home namespace " + homeId, e);
    }
  }

  /** Puts the spawner in the home namespace, where it should already be, and checks it. */
  private void placeAtHome() {
    if (!NamespaceFiles.currentThread().equals(homeId)) {
      Syscalls.setns(homeFd, Syscalls.CLONE_NEWNET, "home network namespace " + homeId);
      NamespaceId now = NamespaceFiles.currentThread();
      if (!now.equals(homeId)) {
        throw new IllegalStateException(
            "spawner thread is in namespace " + now + ", not the home namespace " + homeId);
      }
    }
  }

  private void spawnLoop() {
    while (true) {
      Job job;
      try {
        job = spawnRequests.take();
      } catch (InterruptedException e) {
        continue; // only STOP ends the spawner
      }
      if (job == STOP) {
        return;
      }
      try {
        Thread t = new Thread(new Worker(job), name + "-worker-" + workerNumbers.incrementAndGet());
        t.setDaemon(true);
        t.start();
      } catch (RuntimeException | OutOfMemoryError e) { // "unable to create native thread"
        ended();
        job.abandon(new IllegalStateException("cannot start a namespace thread", e));
      }
    }
  }

  /** The home namespace's id. */
  NamespaceId homeId() {
    return homeId;
  }

  /** Opens a new descriptor on the home namespace. */
  int openHome() {
    lock.lock();
    try {
      if (homeClosed) {
        throw new IllegalStateException("namespace threads are closed");
      }
      return Syscalls.open(
          Path.of("/proc/self/fd/" + homeFd), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives {@code job} to an idle worker, or to a new one made by the spawner.
   *
   * @throws IllegalStateException if the threads are closed
   */
  void execute(Job job) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("namespace threads are closed");
      }
      Worker w = idle.pollFirst();
      if (w != null) {
        w.next = job;
        w.primed = false; // the job a prime was for, or one that came first: either way, taken
        w.wake.signal();
        return;
      }
      live++;
    } finally {
      lock.unlock();
    }
    spawnRequests.add(job);
  }

  /**
   * Wakes the idle worker that {@link #execute} gives the next job to, so that it spins for that
   * job (up to {@link #PRIMED_SPIN_NANOS}) instead of being woken when it comes: on a virtual
   * machine a parked thread's wake-up takes tens of microseconds, which then overlap the caller's
   * own work before the job. Does nothing when no worker is idle (the job will make one).
   */
  void prime() {
    lock.lock();
    try {
      Worker w = idle.peekFirst();
      if (w != null && !w.primed) {
        w.primed = true;
        w.wake.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code body} on a worker and waits for its result; the worker returns home (or is retired)
   * afterwards, whatever the body did to its namespaces.
   */
  <T> T call(WorkerCallable<T> body) throws Exception {
    return call(body, NamespaceTask.SPIN_NANOS);
  }

  /**
   * As {@link #call(WorkerCallable)}, the caller spinning up to {@code spinNanos} for the outcome
   * before it parks ({@link NamespaceTask#await(long)}).
   */
  <T> T call(WorkerCallable<T> body, long spinNanos) throws Exception {
    Worker[] ran = new Worker[1];
    NamespaceTask<T> task = new NamespaceTask<>(() -> body.call(ran[0]));
    execute(
        new Job() {
          @Override
          public void run(Worker worker) {
            ran[0] = worker;
            if (task.begin()) {
              task.runBody();
            }
          }

          @Override
          public void abandon(RuntimeException reason) {
            task.fail(reason);
          }
        });
    return task.await(spinNanos);
  }

  /** A body for {@link #call}, given the worker it runs on. */
  @FunctionalInterface
  interface WorkerCallable<T> {
    T call(Worker worker) throws Exception;
  }

  /** Stops the threads: idle ones end now, busy ones after their job. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (Worker w : idle) {
        w.wake.signal();
      }
      idle.clear();
      closeHomeIfUnused();
    } finally {
      lock.unlock();
    }
    spawnRequests.add(STOP);
  }

  private void ended() {
    lock.lock();
    try {
      live--;
      closeHomeIfUnused();
    } finally {
      lock.unlock();
    }
  }

  // Runs under lock.
  private void closeHomeIfUnused() {
    if (closed && live == 0 && !homeClosed) {
      homeClosed = true;
      Syscalls.close(homeFd, "home network namespace " + homeId);
    }
  }

  /** A platform thread of this pool; its methods are for the job it is running. */
  final class Worker implements Runnable {
    private final Condition wake = lock.newCondition();
    private volatile Job next; // written under lock; read by the idle spin without it
    private boolean primed; // guarded by lock
    private boolean away;
    private boolean retired;
    private Thread thread;

    private Worker(Job first) {
      this.next = first;
    }

    /**
     * Moves this thread into the network namespace of {@code fd}. On failure the thread is where it
     * was.
     */
    void enter(int fd, String object) {
      checkCurrent();
      Syscalls.setns(fd, Syscalls.CLONE_NEWNET, object); // on failure, nothing changed
      away = true;
    }

    /** Gives this thread a new, empty network namespace. */
    void unshareNetwork() {
      checkCurrent();
      Syscalls.unshare(Syscalls.CLONE_NEWNET); // on failure, nothing changed
      away = true;
    }

    /**
     * Returns this thread to the home namespace; false if it could not, and the thread is then
     * retired: it ends after the current job.
     */
    boolean returnHome() {
      checkCurrent();
      if (retired) {
        return false;
      }
      if (!away) {
        return true;
      }
      try {
        Syscalls.setns(homeFd, Syscalls.CLONE_NEWNET, "home network namespace " + homeId);
        away = false;
        return true;
      } catch (RuntimeException e) {
        retired = true;
        log.warn(
            "namespace thread {} cannot return to its home namespace {} and is retired",
            Thread.currentThread().getName(),
            homeId,
            e);
        return false;
      }
    }

    private void checkCurrent() {
      if (Thread.currentThread() != thread) {
        throw new IllegalStateException("a worker's namespace can be changed by itself only");
      }
    }

    @Override
    public void run() {
      thread = Thread.currentThread();
      Job job = takeFirst();
      NamespaceId here = NamespaceFiles.currentThread();
      if (!here.equals(homeId)) {
        retired = true;
        job.abandon(
            new IllegalStateException(
                "new namespace thread is in " + here + ", not the home namespace " + homeId));
        ended();
        return;
      }
      try {
        while (job != null) {
          try {
            job.run(this);
          } catch (RuntimeException | Error e) {
            log.error("namespace job failed outside its task", e);
          }
          Thread.interrupted(); // an interrupt is for the job it was sent to
          if (!returnHome()) {
            break;
          }
          job = awaitNext();
        }
      } finally {
        ended();
      }
    }

    private Job takeFirst() {
      lock.lock();
      try {
        Job first = next;
        next = null;
        return first;
      } finally {
        lock.unlock();
      }
    }

    private Job awaitNext() {
      lock.lock();
      try {
        if (closed || idle.size() >= MAX_IDLE) {
          return null;
        }
        idle.addFirst(this);
      } finally {
        lock.unlock();
      }
      // The next job often comes at once (one step of an attach after another): watch for it
      // a little before parking, whose wake-up is the costly part of a hand-over.
      Spin.until(() -> next != null, IDLE_SPIN_NANOS);
      lock.lock();
      try {
        long nanos = IDLE_TIMEOUT.toNanos();
        while (next == null && !closed) {
          if (primed) {
            primed = false;
            lock.unlock();
            try {
              Spin.until(() -> next != null, PRIMED_SPIN_NANOS);
            } finally {
              lock.lock();
            }
            continue;
          }
          if (nanos <= 0) {
            idle.remove(this);
            return null;
          }
          try {
            nanos = wake.awaitNanos(nanos);
          } catch (InterruptedException e) {
            // Nobody else interrupts our threads; keep waiting.
          }
        }
        Job job = next;
        next = null;
        if (job == null) {
          idle.remove(this);
        }
        return job;
      } finally {
        lock.unlock();
      }
    }
  }
}

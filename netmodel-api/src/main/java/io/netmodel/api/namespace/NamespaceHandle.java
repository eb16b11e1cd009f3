package io.netmodel.api.namespace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * An open network namespace, and the way to run code inside it.
 *
 * <pre>{@code
 * try (NamespaceHandle ns = ...) {
 *   int port = ns.call(() -> {
 *     ServerSocket server = new ServerSocket(0);   // lives in ns for good
 *     return server.getLocalPort();
 *   });
 *   Process p = ns.start(new ProcessBuilder("ip", "-br", "addr"));
 * }
 * }</pre>
 *
 * <h2>Identity</h2>
 * Two handles on one namespace are {@linkplain #equals equal}: identity is the
 * {@linkplain #id() device and inode} of the namespace, not the path or name it was opened by.
 *
 * <h2>Threads</h2>
 * {@code setns(2)} moves only the calling thread, so code given to {@link #call} and
 * {@link #run} never runs on the caller's thread: it runs on a platform thread owned by the
 * library that has entered this namespace, and the caller waits for it. The caller's own
 * thread never changes namespace, whether it is a platform or a virtual thread. A thread
 * that fails to switch back to where it came from is retired and never reused. Tasks on one
 * handle run one at a time, in submission order.
 *
 * <p>Code run inside must not start threads or use shared pools (for example
 * {@code ForkJoinPool.commonPool()} or a parallel stream): a thread created from a switched
 * thread is born in this namespace and stays there. Sockets made inside stay inside: a
 * {@code ServerSocket} opened in {@code call} accepts connections of this namespace only,
 * from whatever thread later uses it. {@link #start(ProcessBuilder)} starts a child process
 * from the switched thread, so the child is born in this namespace.
 *
 * <p>Files under {@code /proc/net} and {@code /proc/self/net} describe the namespace of the
 * process's main thread, not of the calling thread; code inside reads {@code
 * /proc/thread-self/net} instead. For the same reason {@code
 * java.net.NetworkInterface.getNetworkInterfaces()} is wrong inside: its IPv4 part asks a
 * socket of this namespace, but its IPv6 part reads {@code /proc/net/if_inet6} and so lists
 * the main thread's IPv6 interfaces.
 *
 * <p>Implementations are thread-safe. {@link #close()} is idempotent; it releases the
 * handle (its file descriptor and threads) and never deletes the namespace itself.
 */
public interface NamespaceHandle extends AutoCloseable {

  /** The device and inode that identify this namespace. */
  NamespaceId id();

  /** The namespace's name, when it is a named namespace in a netns directory. */
  Optional<String> name();

  /** The file the namespace was opened from, when there is one. */
  Optional<Path> path();

  /**
   * Runs {@code task} on a library thread inside this namespace and returns its result.
   *
   * @throws Exception whatever {@code task} throws, unchanged
   * @throws IllegalStateException if the handle is closed
   */
  <T> T call(Callable<T> task) throws Exception;

  /**
   * Runs {@code task} on a library thread inside this namespace.
   *
   * @throws RuntimeException whatever {@code task} throws, unchanged
   * @throws IllegalStateException if the handle is closed
   */
  void run(Runnable task);

  /**
   * Starts a child process inside this namespace.
   *
   * @throws IOException as {@link ProcessBuilder#start()} does (for example, program not
   *     found)
   * @throws UnsupportedOperationException where the implementation cannot isolate a
   *     process (the testkit's fake kernel)
   */
  Process start(ProcessBuilder builder) throws IOException;

  /** Releases this handle; idempotent. The namespace itself is not deleted. */
  @Override
  void close();
}

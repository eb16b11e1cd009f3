/**
 * Network namespaces of the real kernel and the threads that enter them: {@link
 * io.netmodel.linux.ns.LinuxNamespaces} creates, opens, lists and deletes them; {@link
 * io.netmodel.linux.ns.LinuxNamespaceHandle} runs code inside one on the library's own platform
 * threads, never on the caller's.
 *
 * <p>Nothing here is null: parameters and results are non-null, absent values are {@code Optional}.
 */
package io.netmodel.linux.ns;

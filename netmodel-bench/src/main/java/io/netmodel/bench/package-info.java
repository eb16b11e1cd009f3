/**
 * The attach/detach benchmark: netmodel on the real kernel, in a throwaway host namespace,
 * beside {@code ip}, {@code ip -batch} and the CNI bridge plugin doing the same work. {@link
 * io.netmodel.bench.Bench} is the command; everything else is package-private. Nothing here
 * is thread-safe unless it says so: the benchmark runs on one thread.
 */
package io.netmodel.bench;

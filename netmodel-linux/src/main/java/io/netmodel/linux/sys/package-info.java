/**
 * The system calls of netmodel-linux, in one place: the C library bound with jnr-ffi and {@link
 * io.netmodel.linux.sys.Syscalls}, which gives them Java types and turns errno into {@link
 * io.netmodel.api.KernelException}.
 *
 * <p>Nothing here is null: parameters and results are non-null, absent values are {@code Optional}.
 */
package io.netmodel.linux.sys;

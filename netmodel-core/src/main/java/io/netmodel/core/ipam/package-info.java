/**
 * IP address management: {@link io.netmodel.core.ipam.Ipam} hands out the addresses of a
 * network's subnet to its endpoints, as Docker's default IPAM driver does, and keeps the
 * allocations in the {@link io.netmodel.core.state.StateStore} so that every process sharing
 * a state directory sees them.
 *
 * <p>Nothing here is null: parameters and results are non-null, absent values are {@code
 * Optional}.
 */
package io.netmodel.core.ipam;

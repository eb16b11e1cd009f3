/**
 * Network specifications: the sealed {@link io.netmodel.api.network.NetworkSpec} family (one
 * record per driver: bridge, macvlan, ipvlan, overlay), their subnets ({@link
 * io.netmodel.api.network.IpamConfig}), Docker's default address pools, and {@link
 * io.netmodel.api.network.DriverOptions}, which reads Docker's {@code network create} flags.
 *
 * <p>Every type is immutable and thread-safe except the builders. Nothing here is null:
 * parameters and results are non-null, absent values are {@code Optional}.
 */
package io.netmodel.api.network;

/**
 * Netlink, independent of any family: the {@link io.netmodel.linux.netlink.NetlinkTransport}
 * seam to the socket, the message codec ({@link io.netmodel.linux.netlink.MessageWriter},
 * {@link io.netmodel.linux.netlink.NetlinkMessage}, {@link
 * io.netmodel.linux.netlink.NetlinkAttributes}) and the request engine ({@link
 * io.netmodel.linux.netlink.NetlinkClient}) that turns kernel errors into typed exceptions.
 *
 * <p>Nothing here is null: parameters and results are non-null, absent values are {@code
 * Optional}.
 */
package io.netmodel.linux.netlink;

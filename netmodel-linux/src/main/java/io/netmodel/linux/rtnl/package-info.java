/**
 * Typed rtnetlink operations on links, addresses and routes ({@link
 * io.netmodel.linux.rtnl.RtnlLinks}, {@link io.netmodel.linux.rtnl.RtnlAddresses}, {@link
 * io.netmodel.linux.rtnl.RtnlRoutes}), implementing core's kernel port over a {@link
 * io.netmodel.linux.netlink.NetlinkClient}; the kernel's messages decoded ({@link
 * io.netmodel.linux.rtnl.LinkMessage}, {@link io.netmodel.linux.rtnl.AddressMessage}, {@link
 * io.netmodel.linux.rtnl.RouteMessage}); and the constants of the UAPI headers they use.
 *
 * <p>Nothing here is null: parameters and results are non-null, absent values are {@code
 * Optional}.
 */
package io.netmodel.linux.rtnl;

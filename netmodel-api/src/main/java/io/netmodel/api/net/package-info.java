/**
 * Validated network value types: IP addresses and prefixes ({@link
 * io.netmodel.api.net.IpAddresses}, {@link io.netmodel.api.net.IpPrefix}), MAC addresses,
 * interface names, protocols, port ranges and Docker-style port mappings.
 *
 * <p>Every type is immutable and thread-safe, parses its text with {@code parse} (refusing bad
 * input with an {@link IllegalArgumentException} that quotes the value and names the rule),
 * and prints a canonical {@code toString} that {@code parse} reads back to an equal value. IP
 * literals are parsed without DNS.
 *
 * <p>Nothing here is null: parameters and results are non-null, absent values are {@code
 * Optional}.
 */
package io.netmodel.api.net;

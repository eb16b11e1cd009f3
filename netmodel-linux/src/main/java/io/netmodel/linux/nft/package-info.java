/**
 * nf_tables over {@code NETLINK_NETFILTER}: atomic {@linkplain io.netmodel.linux.nft.NftBatch
 * batches} of {@linkplain io.netmodel.linux.nft.NftCommand commands} (tables, base and regular
 * chains, rules of {@linkplain io.netmodel.linux.nft.Expression expressions}, sets and their
 * elements) applied by an {@link io.netmodel.linux.nft.NftClient}, which also reads tables,
 * chains, rules and sets back; {@link io.netmodel.linux.nft.NftMatch} builds the expressions of
 * common matches as {@code nft} does; and the constants of the UAPI headers {@code
 * linux/netfilter/nf_tables.h}, {@code nfnetlink.h} and {@code linux/netfilter.h}.
 *
 * <p>Nothing here is null: parameters and results are non-null, absent values are {@code
 * Optional}.
 */
package io.netmodel.linux.nft;

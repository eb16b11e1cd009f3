package io.netmodel.core.kernel;

import io.netmodel.api.net.IpPrefix;
import java.util.Objects;

/**
 * An address on a link: the address with its prefix length ({@code 172.17.0.2/16}), and
 * whether duplicate address detection is skipped ({@code IFA_F_NODAD}, for IPv6).
 *
 * @param index the link's index
 * @param prefix the address and prefix length
 * @param noDad whether IPv6 duplicate address detection is skipped
 */
public record AddressEntry(int index, IpPrefix prefix, boolean noDad) {
  public AddressEntry {
    if (index <= 0) {
      throw new IllegalArgumentException("link index must be positive: " + index);
    }
    Objects.requireNonNull(prefix, "prefix");
  }

  /** An address on link {@code index}, with duplicate address detection as usual. */
  public static AddressEntry of(int index, IpPrefix prefix) {
    return new AddressEntry(index, prefix, false);
  }
}

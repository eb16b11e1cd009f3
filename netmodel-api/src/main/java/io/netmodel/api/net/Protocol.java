package io.netmodel.api.net;

import java.util.Locale;
import java.util.Objects;

/**
 * A transport protocol a port can be published for: Docker's {@code tcp}, {@code udp} and
 * {@code sctp}.
 *
 * <p>{@link #toString()} is the lower-case name, which {@link #parse} reads back (in any case).
 */
public enum Protocol {
  TCP(6),
  UDP(17),
  SCTP(132);

  // IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP from <linux/in.h>.
  private final int ipProtocol;

  Protocol(int ipProtocol) {
    this.ipProtocol = ipProtocol;
  }

  /**
   * Parses {@code tcp}, {@code udp} or {@code sctp}, ignoring case.
   *
   * @throws IllegalArgumentException quoting {@code text} when it is none of these
   */
  public static Protocol parse(String text) {
    Objects.requireNonNull(text, "text");
    switch (text.toLowerCase(Locale.ROOT)) {
      case "tcp":
        return TCP;
      case "udp":
        return UDP;
      case "sctp":
        return SCTP;
      default:
        throw new IllegalArgumentException("protocol must be tcp, udp or sctp: \"" + text + "\"");
    }
  }

  /** The IP protocol number ({@code IPPROTO_TCP} and so on from {@code <linux/in.h>}). */
  public int ipProtocol() {
    return ipProtocol;
  }

  /** The lower-case name: {@code tcp}, {@code udp} or {@code sctp}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package io.netmodel.linux.rtnl;

/** Address attributes and flags, named as in {@code linux/if_addr.h}. */
public final class Ifa {
  private Ifa() {}

  // linux/if_addr.h: sizeof(struct ifaddrmsg).
  public static final int IFADDRMSG_SIZE = 8;

  // linux/if_addr.h: IFA_* attributes of address messages.
  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_LABEL = 3;
  public static final int IFA_BROADCAST = 4;
  public static final int IFA_CACHEINFO = 6;
  public static final int IFA_FLAGS = 8;

  // linux/if_addr.h: ifa_flags (the low 8 bits) and IFA_FLAGS (all 32).
  public static final int IFA_F_SECONDARY = 0x01;
  public static final int IFA_F_NODAD = 0x02;
  public static final int IFA_F_OPTIMISTIC = 0x04;
  public static final int IFA_F_DADFAILED = 0x08;
  public static final int IFA_F_DEPRECATED = 0x20;
  public static final int IFA_F_TENTATIVE = 0x40;
  public static final int IFA_F_PERMANENT = 0x80;
  public static final int IFA_F_NOPREFIXROUTE = 0x200;
}

package io.netmodel.core.kernel;

import java.util.List;

/** The addresses of one namespace, IPv4 and IPv6. Thread-safe. */
public interface Addresses {

  /**
   * Adds an address.
   *
   * @throws io.netmodel.api.KernelException {@code EEXIST} if the link already has it,
   *     {@code ENODEV} if there is no such link
   */
  void add(AddressEntry address);

  /** Removes an address; false when the link did not have it. */
  boolean delete(AddressEntry address);

  /** The addresses of link {@code index}. */
  List<AddressEntry> list(int index);

  /** Every address in the namespace. */
  List<AddressEntry> list();
}

package io.netmodel.linux.nft;

import java.nio.charset.StandardCharsets;

/** The rule for names of tables, chains and sets: what the kernel takes in a name attribute. */
final class NftNames {
  private NftNames() {}

  /**
   * Returns {@code name} when it is 1 to 255 bytes of UTF-8 without NUL ({@code NFT_NAME_MAXLEN}
   * counts the terminating NUL); throws otherwise.
   */
  static String check(String what, String name) {
    if (name == null) {
      throw new NullPointerException(what + " name");
    }
    int length = name.getBytes(StandardCharsets.UTF_8).length;
    if (length < 1 || length >= NfTables.NFT_NAME_MAXLEN) {
      throw new IllegalArgumentException(
          what + " name must be 1 to 255 bytes: \"" + name + "\" (" + length + " bytes)");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          what + " name must not contain a NUL character: \"" + name + "\"");
    }
    return name;
  }
}

package io.netmodel.linux.nft;

import java.util.Optional;

/**
 * A data register of the nf_tables virtual machine ({@code enum nft_registers}): the four
 * 16-byte registers {@code NFT_REG_1..4} that {@code nft} uses, and the sixteen 4-byte registers
 * {@code NFT_REG32_00..15} that overlay them. The verdict register is not here: verdicts are set
 * with {@link Expression.ImmediateVerdict}.
 */
public enum NftRegister {
  REG_1(NfTables.NFT_REG_1),
  REG_2(NfTables.NFT_REG_2),
  REG_3(NfTables.NFT_REG_3),
  REG_4(NfTables.NFT_REG_4),
  REG32_00(NfTables.NFT_REG32_00),
  REG32_01(NfTables.NFT_REG32_01),
  REG32_02(NfTables.NFT_REG32_02),
  REG32_03(NfTables.NFT_REG32_03),
  REG32_04(NfTables.NFT_REG32_04),
  REG32_05(NfTables.NFT_REG32_05),
  REG32_06(NfTables.NFT_REG32_06),
  REG32_07(NfTables.NFT_REG32_07),
  REG32_08(NfTables.NFT_REG32_08),
  REG32_09(NfTables.NFT_REG32_09),
  REG32_10(NfTables.NFT_REG32_10),
  REG32_11(NfTables.NFT_REG32_11),
  REG32_12(NfTables.NFT_REG32_12),
  REG32_13(NfTables.NFT_REG32_13),
  REG32_14(NfTables.NFT_REG32_14),
  REG32_15(NfTables.NFT_REG32_15);

  private final int number;

  NftRegister(int number) {
    this.number = number;
  }

  /** The {@code NFT_REG_*} number sent to the kernel. */
  public int number() {
    return number;
  }

  /** The register numbered {@code number}, if it is a data register. */
  public static Optional<NftRegister> ofNumber(int number) {
    for (NftRegister r : values()) {
      if (r.number == number) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}

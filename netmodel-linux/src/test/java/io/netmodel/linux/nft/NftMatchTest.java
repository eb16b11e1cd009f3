package io.netmodel.linux.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.net.IpAddresses;
import io.netmodel.api.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The matches {@link NftMatch} builds beyond the captured ones, and what it refuses. */
class NftMatchTest {

  @ParameterizedTest
  @ValueSource(ints = {0, NfTables.NFTA_FIB_F_SADDR | NfTables.NFTA_FIB_F_DADDR,
      NfTables.NFTA_FIB_F_IIF, 0x40})
  void rejectsFibFlagsWithoutExactlyOneAddressOrUnknownBits(int flags) {
    assertThatThrownBy(
            () -> new Expression.Fib(Expression.Fib.Result.ADDRTYPE, flags, NftRegister.REG_1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x" + Integer.toHexString(flags));
  }

  @Test
  void rejectsAddressMatchOfTheOtherFamily() {
    assertThatThrownBy(
            () -> NftMatch.ipv4Source(Expression.Cmp.Op.EQ, IpPrefix.parse("fd00::/64")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fd00::/64");
    assertThatThrownBy(
            () -> NftMatch.ipv6Destination(Expression.Cmp.Op.EQ, IpPrefix.parse("10.0.0.0/8")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.0.0.0/8");
  }

  @Test
  void rejectsEmptyCtStatusMaskAndPacketFamilyOtherThanIpOrIp6() {
    assertThatThrownBy(() -> NftMatch.ctStatusNone(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(": 0");
    assertThatThrownBy(() -> NftMatch.protocolFamily(NftFamily.INET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inet");
  }

  @Test
  void ipv6PrefixOffByteBoundaryIsMaskedOverSixteenBytes() {
    List<Expression> match =
        NftMatch.ipv6Source(Expression.Cmp.Op.EQ, IpPrefix.parse("fd00:1::/33"));

    assertThat(match).containsExactly(
        new Expression.Payload(Expression.Payload.Base.NETWORK, 8, 16, NftRegister.REG_1),
        new Expression.Bitwise(NftRegister.REG_1, NftRegister.REG_1,
            NftValue.parse("ffffffff800000000000000000000000"),
            NftValue.parse("00000000000000000000000000000000")),
        Expression.Cmp.eq(NftRegister.REG_1,
            NftValue.ofAddress(IpAddresses.parse("fd00:1::"))));
  }

  @Test
  void exactAddressComparesAllItsBytes() {
    assertThat(NftMatch.destination(Expression.Cmp.Op.NEQ, IpAddresses.parse("::1")))
        .containsExactly(
            new Expression.Payload(Expression.Payload.Base.NETWORK, 24, 16, NftRegister.REG_1),
            Expression.Cmp.neq(NftRegister.REG_1,
                NftValue.parse("00000000000000000000000000000001")));
  }
}

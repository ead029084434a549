package org.monitoringstack.gate.policy.check;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.monitoringstack.gate.policy.Params;
import org.monitoringstack.gate.policy.PolicyException;

/** An IPv4 or IPv6 CIDR block, for containment tests. Parses literals only (no DNS). */
record Cidr(String text, byte[] network, int prefix) {

  /** A check's {@code adminCidrs} parameter (the profile's admin networks), each a block. */
  static List<Cidr> adminNetworks(Params params) {
    return params.strings("adminCidrs").stream().map(c -> parse(c).orElseThrow(() ->
        new PolicyException("check " + params.checkId() + ": adminCidrs entry '" + c
            + "' is not a CIDR block"))).toList();
  }

  static Optional<Cidr> parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String address = t.substring(0, slash);
    if (!address.matches("[0-9a-fA-F:.]+")) {
      return Optional.empty();
    }
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      int prefix = Integer.parseInt(t.substring(slash + 1));
      if (prefix < 0 || prefix > bytes.length * 8) {
        return Optional.empty();
      }
      return Optional.of(new Cidr(t, bytes, prefix));
    } catch (UnknownHostException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when {@code text} is a block within one of the {@code networks}. */
  static boolean isWithin(String text, List<Cidr> networks) {
    return parse(text).filter(c -> networks.stream().anyMatch(c::within)).isPresent();
  }

  /** True when every address of this block is inside {@code outer}. */
  boolean within(Cidr outer) {
    if (network.length != outer.network.length || prefix < outer.prefix) {
      return false;
    }
    // the first outer.prefix bits of the two addresses agree
    int hostBits = network.length * 8 - outer.prefix;
    return new BigInteger(1, network).shiftRight(hostBits)
        .equals(new BigInteger(1, outer.network).shiftRight(hostBits));
  }
}

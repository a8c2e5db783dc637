package io.healthkey.backend.adapter.inbound.web.limit;

import java.net.InetAddress;
import java.util.Arrays;

/** An address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1}), for trusted proxies. */
record IpRange(byte[] network, int prefixLength) {

    /** Parses a configured range; fails at startup on one that is not an address or a CIDR range. */
    static IpRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] network = IpLiteral.parse(address)
                .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR range: " + text))
                .getAddress();
        int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1).strip());
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + text);
        }
        return new IpRange(network, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        if (!Arrays.equals(bytes, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (bytes[whole] & mask) == (network[whole] & mask);
    }
}

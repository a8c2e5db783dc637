package io.healthkey.backend.adapter.inbound.web.limit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed without ever asking DNS ({@link InetAddress#getByName} would resolve a name, so a
 * forged header could make the service look names up), and the key a rate limit counts a client under.
 */
final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int IPV6_PREFIX_BYTES = 8;

    private IpLiteral() {
    }

    /** The address {@code text} spells (IPv4 dotted quad, or IPv6 with or without brackets); empty if it is not one. */
    static Optional<InetAddress> parse(String text) {
        String literal = text.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        try {
            var quad = IPV4.matcher(literal);
            if (quad.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(quad.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
                return Optional.of(InetAddress.getByName(literal));
            }
        } catch (UnknownHostException malformed) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The key a client is counted under: its IPv4 address, or the /64 of its IPv6 address, the block one subscriber
     * usually holds, so that an IPv6 client cannot take a fresh allowance from each of its 2^64 addresses.
     */
    static String clientKey(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            for (int i = IPV6_PREFIX_BYTES; i < bytes.length; i++) {
                bytes[i] = 0;
            }
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return address.getHostAddress();
    }
}

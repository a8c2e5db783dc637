package io.healthkey.backend.application.notification;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Which URLs and addresses a webhook may reach, so that registering an endpoint cannot make this server a proxy into
 * its own network (server-side request forgery). Checked at registration and again at each delivery, on the
 * addresses the host resolves to then, and the address checked is the one connected to.
 *
 * <p>Refused: anything but https; credentials or a fragment in the URL; a host written as a number in any form but
 * the canonical dotted quad (decimal {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}: resolvers
 * disagree on what they mean); and a host any of whose addresses is loopback, unspecified, private, link-local,
 * carrier-grade NAT, multicast, reserved or documentation space, IPv4 or IPv6, including an IPv4 address carried
 * inside an IPv6 one (mapped, compatible, NAT64, 6to4). With {@code allowLoopbackHttp} (the local profile: the dev
 * stack and the tests) a loopback address is allowed, and http with it.
 */
public final class WebhookAddressRules {

    private static final int MAX_URL_LENGTH = 2048;
    /** A host made of numbers only: an IPv4 literal in some form, canonical or not. */
    private static final Pattern NUMERIC_HOST = Pattern.compile(
            "(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+))*\\.?");
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    private final boolean allowLoopbackHttp;

    public WebhookAddressRules(boolean allowLoopbackHttp) {
        this.allowLoopbackHttp = allowLoopbackHttp;
    }

    /** {@code url} parsed, if its form may be a webhook's; its host still to be resolved and {@link #check}ed. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = url.length() > MAX_URL_LENGTH ? null : new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new DomainException(ErrorCode.NOTIFY_INVALID_URL,
                    "url must be an absolute https URL with a host, without user info or fragment");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !allowLoopbackHttp) {
            throw new DomainException(ErrorCode.NOTIFY_NOT_HTTPS, "url must use https");
        }
        String host = uri.getHost();
        if (NUMERIC_HOST.matcher(host).matches() && !CANONICAL_IPV4.matcher(host).matches()) {
            throw refused();
        }
        return uri;
    }

    /** Fails unless every address of {@code addresses} (what {@code uri}'s host resolved to) may be reached. */
    public void check(URI uri, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw new DomainException(ErrorCode.NOTIFY_UNRESOLVED_HOST, "the url's host does not resolve");
        }
        boolean http = !"https".equalsIgnoreCase(uri.getScheme());
        for (InetAddress address : addresses) {
            boolean loopback = isLoopback(address);
            if (loopback ? !allowLoopbackHttp : (!isPublic(address) || http)) {
                throw http && !loopback ? new DomainException(ErrorCode.NOTIFY_NOT_HTTPS, "url must use https")
                        : refused();
            }
        }
    }

    /** Whether webhooks may reach {@code address} from outside the local profile. */
    public static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicIpv4(bytes);
        }
        byte[] embedded = embeddedIpv4((Inet6Address) address);
        if (embedded != null) {
            return isPublicIpv4(embedded);
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return !address.isAnyLocalAddress() && !address.isLoopbackAddress() && !address.isMulticastAddress()
                && !address.isLinkLocalAddress() && !address.isSiteLocalAddress()
                && (first & 0xfe) != 0xfc                                           // fc00::/7 unique local
                && !(first == 0x20 && second == 0x01 && (bytes[2] & 0xff) == 0x0d && (bytes[3] & 0xff) == 0xb8)
                && (first & 0xe0) == 0x20;                                          // only 2000::/3 is global
    }

    private static boolean isLoopback(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] embedded = embeddedIpv4(v6);
            if (embedded != null) {
                return (embedded[0] & 0xff) == 127;
            }
        }
        return address.isLoopbackAddress();
    }

    private static boolean isPublicIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224                       // this, private, loopback, multicast, reserved
                || (a0 == 100 && (a1 & 0xc0) == 64)                                   // 100.64/10 carrier-grade NAT
                || (a0 == 169 && a1 == 254) || (a0 == 172 && (a1 & 0xf0) == 16)        // link-local, 172.16/12
                || (a0 == 192 && a1 == 168) || (a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2))
                || (a0 == 198 && (a1 & 0xfe) == 18) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113));
    }

    /**
     * The IPv4 address inside an IPv6 one that carries it: mapped {@code ::ffff:a.b.c.d}, compatible
     * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:aabb:ccdd::}; null for others.
     */
    private static byte[] embeddedIpv4(Inet6Address address) {
        byte[] b = address.getAddress();
        boolean zeroPrefix = allZero(b, 0, 10);
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 14);
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        return null;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code host} as an address, if it is an IP literal (brackets allowed); null for a name to resolve. */
    public static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!CANONICAL_IPV4.matcher(bare).matches() && !bare.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static DomainException refused() {
        return new DomainException(ErrorCode.NOTIFY_REFUSED_ADDRESS,
                "the url's host must be a name or canonical IP address that resolves only to public addresses");
    }
}

package io.healthkey.backend.adapter.inbound.web.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** The client a rate limit counts: the socket's address, unless a configured trusted proxy forwarded the request. */
class ClientAddressesTest {

    private static final String PROXY = "10.0.0.7";

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddresses clients = new ClientAddresses(List.of());

        assertThat(clients.clientKey(from("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxysHeaderIsReadFromTheRightPastEveryTrustedHop() {
        ClientAddresses clients = new ClientAddresses(List.of("10.0.0.0/8", "192.168.1.1"));

        assertThat(clients.clientKey(from(PROXY, "198.51.100.1, 203.0.113.5"))).as("forged leftmost entry ignored")
                .isEqualTo("203.0.113.5");
        assertThat(clients.clientKey(from(PROXY, "203.0.113.5, 192.168.1.1, 10.1.2.3"))).isEqualTo("203.0.113.5");
        assertThat(clients.clientKey(from(PROXY, "10.9.9.9"))).as("only trusted hops: the leftmost")
                .isEqualTo("10.9.9.9");
        assertThat(clients.clientKey(from(PROXY, null))).isEqualTo(PROXY);
    }

    @Test
    void anEntryThatIsNotAnAddressStopsTheWalkAtTheProxyThatForwardedIt() {
        ClientAddresses clients = new ClientAddresses(List.of("10.0.0.0/8"));

        assertThat(clients.clientKey(from(PROXY, "203.0.113.5, localhost"))).isEqualTo(PROXY);
        assertThat(clients.clientKey(from(PROXY, "203.0.113.5, 999.1.1.1"))).isEqualTo(PROXY);
        assertThat(clients.clientKey(from(PROXY, "203.0.113.5, evil.example, 10.0.0.8"))).isEqualTo("10.0.0.8");
    }

    @Test
    void anUntrustedSenderCannotChooseItsKeyWithTheHeader() {
        ClientAddresses clients = new ClientAddresses(List.of("10.0.0.0/8"));

        assertThat(clients.clientKey(from("203.0.113.9", "10.0.0.1, 198.51.100.1"))).isEqualTo("203.0.113.9");
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        ClientAddresses clients = new ClientAddresses(List.of("::1"));

        String one = clients.clientKey(from("2001:db8:1:2:aaaa::1", null));
        String other = clients.clientKey(from("2001:db8:1:2:bbbb:cccc:dddd:eeee", null));
        String forwarded = clients.clientKey(from("::1", "[2001:db8:1:2::77]"));

        assertThat(one).isEqualTo(other).isEqualTo(forwarded).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(clients.clientKey(from("2001:db8:1:3::1", null))).isNotEqualTo(one);
    }

    @Test
    void aRequestWithoutASocketAddressIsCountedAsUnknown() {
        assertThat(new ClientAddresses(List.of()).clientKey(MockServerHttpRequest.get("/api/v1/me").build()))
                .isEqualTo(ClientAddresses.UNKNOWN);
    }

    @Test
    void aTrustedProxyThatIsNotAnAddressOrRangeFailsAtStartup() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MockServerHttpRequest from(String socketAddress, String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/v1/me")
                .remoteAddress(new InetSocketAddress(IpLiteral.parse(socketAddress).orElseThrow(), 40_000));
        if (forwardedFor != null) {
            request.header(ClientAddresses.FORWARDED_FOR, forwardedFor);
        }
        return request.build();
    }
}

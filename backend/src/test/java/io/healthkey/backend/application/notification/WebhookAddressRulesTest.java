package io.healthkey.backend.application.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

class WebhookAddressRulesTest {

    private final WebhookAddressRules strict = new WebhookAddressRules(false);
    private final WebhookAddressRules local = new WebhookAddressRules(true);

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "127.255.255.254", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
        "192.0.2.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1", "2001:db8::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::", "2002:c0a8:0101::1"})
    void refusesEveryNonPublicAddressClass(String address) throws Exception {
        InetAddress parsed = InetAddress.getByName(address);
        assertThat(WebhookAddressRules.isPublic(parsed)).isFalse();
        assertThatThrownBy(() -> strict.check(URI.create("https://example.org/hook"), List.of(parsed)))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTIFY_REFUSED_ADDRESS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
        "::ffff:8.8.8.8", "2002:0808:0808::1"})
    void acceptsPublicAddresses(String address) throws Exception {
        InetAddress parsed = InetAddress.getByName(address);
        assertThat(WebhookAddressRules.isPublic(parsed)).isTrue();
        assertThatCode(() -> strict.check(URI.create("https://example.org/hook"), List.of(parsed)))
                .doesNotThrowAnyException();
    }

    @Test
    void oneNonPublicAddressAmongPublicOnesRefusesTheHost() throws Exception {
        assertThatThrownBy(() -> strict.check(URI.create("https://example.org/"),
                List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1"))))
                .isInstanceOf(DomainException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://2130706433/", "https://0177.0.0.1/", "https://0x7f.0.0.1/", "https://0x7f000001/",
        "https://127.1/", "https://127.0.0.01/", "https://017700000001/", "https://10.0.0.1./"})
    void refusesNumericHostsNotInCanonicalDottedForm(String url) {
        // java.net.URI finds no host at all in some of them (a last label of digits is no host name): also refused
        assertThatThrownBy(() -> strict.parse(url)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.errorCode()).isIn(ErrorCode.NOTIFY_REFUSED_ADDRESS, ErrorCode.NOTIFY_INVALID_URL));
        assertThatThrownBy(() -> local.parse(url.replace("https", "http"))).isInstanceOf(DomainException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.org/hook", "ftp://example.org/", "https://user:pw@example.org/",
        "https://example.org/#frag", "example.org/hook", "https:///nohost", "not a url", "mailto:a@example.org"})
    void refusesUrlsThatAreNotPlainHttps(String url) {
        assertThatThrownBy(() -> strict.parse(url)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.errorCode()).isIn(ErrorCode.NOTIFY_INVALID_URL, ErrorCode.NOTIFY_NOT_HTTPS));
    }

    @Test
    void refusedUrlsAreNeverEchoedInTheDetail() {
        assertThatThrownBy(() -> strict.parse("https://secret-token@example.org/"))
                .hasMessageNotContaining("secret-token");
    }

    @Test
    void theLocalProfileAllowsHttpOnLoopbackOnly() throws Exception {
        URI loopback = local.parse("http://127.0.0.1:8099/hook");
        assertThatCode(() -> local.check(loopback, List.of(InetAddress.getByName("127.0.0.1"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> local.check(URI.create("http://localhost/"), List.of(InetAddress.getByName("::1"))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> local.check(URI.create("http://example.org/"),
                List.of(InetAddress.getByName("8.8.8.8")))).isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTIFY_NOT_HTTPS));
        assertThatThrownBy(() -> local.check(URI.create("https://example.org/"),
                List.of(InetAddress.getByName("192.168.0.1")))).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> strict.check(URI.create("https://localhost/"),
                List.of(InetAddress.getByName("127.0.0.1")))).isInstanceOf(DomainException.class);
    }

    @Test
    void aHostWithNoAddressIsUnresolved() {
        assertThatThrownBy(() -> strict.check(URI.create("https://example.invalid/"), List.of()))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOTIFY_UNRESOLVED_HOST));
    }

    @Test
    void ipLiteralsAreRecognisedAndNamesAreNot() {
        assertThat(WebhookAddressRules.literal("[::1]")).isNotNull();
        assertThat(WebhookAddressRules.literal("127.0.0.1")).isNotNull();
        assertThat(WebhookAddressRules.literal("example.org")).isNull();
    }
}

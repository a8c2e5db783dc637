package io.healthkey.backend.adapter.outbound.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import io.healthkey.backend.application.notification.WebhookAddressRules;
import io.healthkey.backend.application.notification.WebhookSenderPort;
import io.healthkey.backend.domain.error.DomainException;

/**
 * {@link WebhookSenderPort} on Reactor Netty, on event loops of its own (a slow or hanging endpoint cannot hold up
 * the server's), with a new connection for each attempt (no pool: a connection is only ever to an address checked
 * for that attempt). The host's addresses are checked by {@link CheckedNameResolver} as the connection is made; an
 * IP literal host, which no resolver sees, is checked before. Redirects are not followed, and the response body is
 * never read: the connection is closed once the status line and headers are in.
 */
public final class NettyWebhookSender implements WebhookSenderPort, AutoCloseable {

    private final WebhookAddressRules rules;
    private final SystemDns dns;
    private final LoopResources loops;
    private final Scheduler lookups;
    private final HttpClient client;

    public NettyWebhookSender(WebhookAddressRules rules, SystemDns dns, Duration timeout) {
        this.rules = rules;
        this.dns = dns;
        this.loops = LoopResources.create("webhook", 1, 2, true);
        this.lookups = Schedulers.newBoundedElastic(4, 256, "webhook-dns", 60, true);
        this.client = HttpClient.create(ConnectionProvider.newConnection())
                .runOn(loops)
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .responseTimeout(timeout);
    }

    @Override
    public Mono<Result> post(URI url, Map<String, String> headers, byte[] body) {
        return Mono.defer(() -> {
            URI checked = rules.parse(url.toString());
            InetAddress literal = WebhookAddressRules.literal(checked.getHost());
            if (literal != null) {
                rules.check(checked, List.of(literal));
            }
            return client
                    .resolver(CheckedNameResolver.group(host -> resolveAndCheck(checked, host),
                            task -> lookups.schedule(task)))
                    .headers(h -> {
                        headers.forEach(h::set);
                        h.set("content-type", "application/json");
                        h.set("user-agent", "HealthKey-Webhooks/1");
                    })
                    .post()
                    .uri(checked)
                    .send(Mono.just(Unpooled.wrappedBuffer(body)))
                    .responseConnection((response, connection) -> {
                        connection.dispose();
                        return Mono.just(response.status().code());
                    })
                    .next()
                    .map(status -> new Result(OptionalInt.of(status), "rejected"));
        }).onErrorResume(NettyWebhookSender::failed);
    }

    private List<InetAddress> resolveAndCheck(URI url, String host) {
        List<InetAddress> addresses = dns.lookupNow(host);
        rules.check(url, addresses);
        return addresses;
    }

    private static Mono<Result> failed(Throwable failure) {
        String outcome = failure instanceof DomainException || failure.getCause() instanceof DomainException
                ? "refused-address"
                : failure instanceof TimeoutException || failure instanceof ReadTimeoutException
                        || failure instanceof ConnectTimeoutException ? "timeout" : "unreachable";
        return Mono.just(new Result(OptionalInt.empty(), outcome));
    }

    @Override
    public void close() {
        loops.dispose();
        lookups.dispose();
    }
}

package io.healthkey.backend.adapter.outbound.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.application.notification.HostResolverPort;

/** {@link HostResolverPort} on the JVM's resolver (the system's), its blocking lookups off the caller's thread. */
public final class SystemDns implements HostResolverPort {

    private final Function<String, List<InetAddress>> lookup;

    public SystemDns() {
        this(SystemDns::lookup);
    }

    /** With {@code lookup} in place of the system's (tests: a name that resolves differently each time). */
    public SystemDns(Function<String, List<InetAddress>> lookup) {
        this.lookup = lookup;
    }

    @Override
    public Mono<List<InetAddress>> resolve(String host) {
        return Mono.fromCallable(() -> lookup.apply(host)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Every address of {@code host} now, blocking; empty when it has none. */
    List<InetAddress> lookupNow(String host) {
        return lookup.apply(host);
    }

    private static List<InetAddress> lookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }
}

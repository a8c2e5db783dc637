package io.healthkey.backend.application.notification;

import java.net.InetAddress;
import java.util.List;

import reactor.core.publisher.Mono;

/** Resolves a host name to every address it has now; empty when it has none. Never blocks the caller's thread. */
public interface HostResolverPort {

    Mono<List<InetAddress>> resolve(String host);
}

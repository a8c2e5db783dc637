package io.healthkey.backend.adapter.outbound.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

/**
 * The only name resolution one webhook request does: {@code resolveAndCheck} looks the host up and fails unless every
 * address may be reached, and the connection goes to the first of those very addresses. There is no second lookup
 * for a rebinding DNS server to answer differently. Lookups block, so they run on {@code lookups}, never on the
 * event loop.
 */
final class CheckedNameResolver extends InetNameResolver {

    private final Function<String, List<InetAddress>> resolveAndCheck;
    private final Executor lookups;

    private CheckedNameResolver(EventExecutor executor, Function<String, List<InetAddress>> resolveAndCheck,
            Executor lookups) {
        super(executor);
        this.resolveAndCheck = resolveAndCheck;
        this.lookups = lookups;
    }

    /** A resolver group whose resolvers are this one. */
    static AddressResolverGroup<InetSocketAddress> group(Function<String, List<InetAddress>> resolveAndCheck,
            Executor lookups) {
        return new AddressResolverGroup<>() {
            @Override
            protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
                return new CheckedNameResolver(executor, resolveAndCheck, lookups).asAddressResolver();
            }
        };
    }

    @Override
    protected void doResolve(String host, Promise<InetAddress> promise) {
        lookups.execute(() -> {
            try {
                promise.trySuccess(resolveAndCheck.apply(host).get(0));
            } catch (RuntimeException refused) {
                promise.tryFailure(refused);
            }
        });
    }

    @Override
    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
        lookups.execute(() -> {
            try {
                promise.trySuccess(List.of(resolveAndCheck.apply(host).get(0)));
            } catch (RuntimeException refused) {
                promise.tryFailure(refused);
            }
        });
    }
}

package io.healthkey.backend.adapter.inbound.web.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;

/**
 * Counts the connections the server holds, in all and per remote address, and refuses one over either cap. A refused
 * connection is closed as soon as it is accepted, before any byte of it is read. The per-address counts hold only
 * addresses with a connection open, so they are bounded by the overall cap.
 */
final class ConnectionCap {

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> openByAddress = new ConcurrentHashMap<>();

    /** @param maxPerAddress 0 for no per-address cap */
    ConnectionCap(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts {@code channel} until it closes and answers true, or answers false if it is one too many. */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        InetAddress address = maxPerAddress > 0 && channel.remoteAddress() instanceof InetSocketAddress socket
                ? socket.getAddress() : null;
        if (address != null && openByAddress.merge(address, 1, Integer::sum) > maxPerAddress) {
            release(address);
            return false;
        }
        channel.closeFuture().addListener(closed -> release(address));
        return true;
    }

    /** Connections held now. */
    int open() {
        return open.get();
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null) {
            openByAddress.computeIfPresent(address, (ignored, count) -> count > 1 ? count - 1 : null);
        }
    }
}

package io.healthkey.backend.support.fakes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.healthkey.backend.application.availability.ContentCheck;
import io.healthkey.backend.application.availability.PinState;
import io.healthkey.backend.application.availability.ReplicaLocationPort;
import io.healthkey.protocol.content.Cid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A replica location in memory: a pin state per CID, blocks that can go bad behind a "pinned", and faults (down:
 * every call fails; slow: every call answers after a delay). Counts the calls outstanding at once.
 */
public final class FakeReplicaLocation implements ReplicaLocationPort {

    private final String name;
    private final Map<Cid, PinState> pins = new HashMap<>();
    private final Set<Cid> lostBlocks = new HashSet<>();
    /** The CIDs copied here, in order. */
    public final List<Cid> copies = new ArrayList<>();
    /** Every call fails as a refused connection would. */
    public volatile boolean down;
    /** Every call answers this late. */
    public volatile Duration delay = Duration.ZERO;
    private final CallCounter calls;

    public FakeReplicaLocation(String name) {
        this(name, new CallCounter());
    }

    /** A location whose calls {@code calls} counts, with those of the other locations sharing it. */
    public FakeReplicaLocation(String name, CallCounter calls) {
        this.name = name;
        this.calls = calls;
    }

    /** Calls outstanding at once, over every location that shares it. */
    public static final class CallCounter {
        private final AtomicInteger outstanding = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();

        /** The most calls that were outstanding at once. */
        public int most() {
            return most.get();
        }
    }

    public FakeReplicaLocation holding(Cid... cids) {
        for (Cid cid : cids) {
            pins.put(cid, PinState.PINNED);
        }
        return this;
    }

    /** Keeps answering {@code pinned} for {@code cid} while its blocks are gone. */
    public void loseBlocksOf(Cid cid) {
        lostBlocks.add(cid);
    }

    public void forget(Cid cid) {
        pins.remove(cid);
    }

    public PinState state(Cid cid) {
        return pins.getOrDefault(cid, PinState.MISSING);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<PinState> pinState(Cid cid) {
        return call(() -> state(cid));
    }

    @Override
    public Mono<ContentCheck> checkContent(Cid cid) {
        return call(() -> state(cid) == PinState.PINNED && !lostBlocks.contains(cid) ? ContentCheck.INTACT
                : ContentCheck.MISSING);
    }

    @Override
    public Flux<ByteBuffer> read(Cid cid) {
        return call(() -> {
            if (state(cid) != PinState.PINNED || lostBlocks.contains(cid)) {
                throw new IllegalStateException("no copy of " + cid + " at " + name);
            }
            return ByteBuffer.wrap(cid.toString().getBytes(StandardCharsets.UTF_8));
        }).flux();
    }

    @Override
    public Mono<Void> copyFrom(Cid cid, ReplicaLocationPort healthy) {
        return healthy.read(cid).then(call(() -> {
            pins.put(cid, PinState.PINNED);
            lostBlocks.remove(cid);
            copies.add(cid);
            return true;
        })).then();
    }

    private <T> Mono<T> call(Supplier<T> answer) {
        return Mono.defer(() -> {
            int now = calls.outstanding.incrementAndGet();
            calls.most.accumulateAndGet(now, Math::max);
            Mono<T> result = down ? Mono.error(new IllegalStateException(name + " is down"))
                    : Mono.fromSupplier(answer);
            return (delay.isZero() ? result : Mono.delay(delay).then(result))
                    .doOnTerminate(calls.outstanding::decrementAndGet)   // before the answer goes on to the caller
                    .doOnCancel(calls.outstanding::decrementAndGet);
        });
    }
}

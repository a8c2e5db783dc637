package io.healthkey.backend.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A profiler for benchmarks: wraps a port so that each of its methods is counted and timed, a {@code Mono} or
 * {@code Flux} from subscription to its end (when the database or the node answers), anything else for the call.
 * Work nested in a timed call (a transaction's statements) is timed both on its own and within the call around it.
 */
public final class TimedPorts {

    private final Map<String, Timing> timings = new ConcurrentHashMap<>();

    /** Calls and total time of one method. */
    private static final class Timing {
        private final LongAdder calls = new LongAdder();
        private final LongAdder nanos = new LongAdder();
    }

    /** One method's totals, for a report. */
    public record Row(String name, long calls, double millis) {
    }

    /** {@code port} with every method of {@code type} timed under {@code label.method}. */
    public <T> T timed(Class<T> type, T port, String label) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            String name = label + "." + method.getName();
            long start = System.nanoTime();
            Object result;
            try {
                result = method.invoke(port, args);
            } catch (InvocationTargetException e) {
                record(name, start);
                throw e.getCause();
            }
            if (result instanceof Mono<?> mono) {
                return Mono.defer(() -> {
                    long subscribed = System.nanoTime();
                    return mono.doFinally(signal -> record(name, subscribed));
                });
            }
            if (result instanceof Flux<?> flux) {
                return Flux.defer(() -> {
                    long subscribed = System.nanoTime();
                    return flux.doFinally(signal -> record(name, subscribed));
                });
            }
            record(name, start);
            return result;
        });
        return type.cast(proxy);
    }

    /** Times {@code work} under {@code name}, as if it were a port method. */
    public void time(String name, Runnable work) {
        long start = System.nanoTime();
        try {
            work.run();
        } finally {
            record(name, start);
        }
    }

    private void record(String name, long start) {
        Timing timing = timings.computeIfAbsent(name, key -> new Timing());
        timing.calls.increment();
        timing.nanos.add(System.nanoTime() - start);
    }

    /** Every timed method so far, by name. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        timings.forEach((name, timing) -> rows.add(new Row(name, timing.calls.sum(), timing.nanos.sum() / 1e6)));
        rows.sort((a, b) -> a.name().compareTo(b.name()));
        return rows;
    }

    public void reset() {
        timings.clear();
    }
}

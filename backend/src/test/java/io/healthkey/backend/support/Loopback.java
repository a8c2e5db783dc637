package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Free ports and bounded waits on 127.0.0.1. */
public final class Loopback {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private Loopback() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a POST of {@code body} to {@code url} answers 200, checking {@code alive} in between. */
    static void awaitPost(URI url, String body, Duration timeout, Runnable alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            alive.run();
            if (answers200(url, body)) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(url + " did not answer within " + timeout);
    }

    private static boolean answers200(URI url, String body) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T retry(Supplier<T> action, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                last = e;
                sleep(Duration.ofMillis(250));
            }
        }
        throw last != null ? last : new IllegalStateException("timed out");
    }

    /** Sleeps {@code duration}; an interrupt is kept and ends the test. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sleeps until {@code instant}; at once if it has passed. */
    public static void sleepUntil(Instant instant) {
        Duration left = Duration.between(Instant.now(), instant);
        if (!left.isNegative()) {
            sleep(left);
        }
    }
}

package io.healthkey.backend.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Moves the dev chain's clock (Hardhat's {@code evm_increaseTime} and {@code evm_mine}); wall clocks stay put. */
public final class ChainClock {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ChainClock() {
    }

    public static void advance(URI rpcUrl, Duration duration) {
        call(rpcUrl, "evm_increaseTime", "[" + duration.toSeconds() + "]");
        call(rpcUrl, "evm_mine", "[]");
    }

    private static void call(URI rpcUrl, String method, String params) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rpcUrl)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
                throw new IllegalStateException(method + " failed: " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

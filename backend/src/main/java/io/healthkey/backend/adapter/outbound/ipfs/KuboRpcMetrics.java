package io.healthkey.backend.adapter.outbound.ipfs;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Times every Kubo RPC call ({@value #LATENCY}, tags {@code call}: {@code add}, {@code block/get}, {@code pin/add}, …
 * and {@code outcome}: {@code success}, {@code error} for an error answer, {@code unreachable} when no answer came
 * or the call was given up, {@code upload-failed} when the body this service streamed failed on its side, which says
 * nothing about the node). A call lasts from sending the request until its answer's body has been read: an
 * {@code add} answers only after the whole upload.
 */
final class KuboRpcMetrics implements ExchangeFilterFunction {

    static final String LATENCY = "healthkey.ipfs.rpc";
    /** The outcome of a call whose own upload failed on our side: the node did nothing wrong. */
    static final String UPLOAD_FAILED = "upload-failed";
    private static final String API = "/api/v0/";

    private final MeterRegistry meters;

    KuboRpcMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String path = request.url().getPath();
        String call = path.startsWith(API) ? path.substring(API.length()) : "other";
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(meters);
            AtomicBoolean recorded = new AtomicBoolean();
            Consumer<String> record = outcome -> {
                if (recorded.compareAndSet(false, true)) {
                    sample.stop(timer(call, UploadFailure.of(request).isPresent() ? UPLOAD_FAILED : outcome));
                }
            };
            return next.exchange(request)
                    .map(response -> {
                        String outcome = response.statusCode().isError() ? "error" : "success";
                        return response.mutate().body(body -> body.doFinally(signal -> record.accept(outcome))).build();
                    })
                    .doOnError(failure -> record.accept("unreachable"))
                    .doOnCancel(() -> record.accept("unreachable"));
        });
    }

    private Timer timer(String call, String outcome) {
        return Timer.builder(LATENCY)
                .description("Kubo RPC calls, from request to the end of the answer")
                .tag("call", call)
                .tag("outcome", outcome)
                .register(meters);
    }
}

package io.healthkey.backend.adapter.outbound.ipfs;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
    /** IPFS Cluster REST API calls ({@code call}: {@code add}, {@code pins}, {@code peers}), same outcomes. */
    static final String CLUSTER_LATENCY = "healthkey.ipfs.cluster.rest";
    /** The outcome of a call whose own upload failed on our side: the node did nothing wrong. */
    static final String UPLOAD_FAILED = "upload-failed";
    private static final String API = "/api/v0/";

    private final MeterRegistry meters;
    private final String name;
    private final String apiPrefix;
    private final Tags tags;

    KuboRpcMetrics(MeterRegistry meters) {
        this(meters, LATENCY, API, Tags.empty());
    }

    private KuboRpcMetrics(MeterRegistry meters, String name, String apiPrefix, Tags tags) {
        this.meters = meters;
        this.name = name;
        this.apiPrefix = apiPrefix;
        this.tags = tags;
    }

    /** Kubo RPC calls to one IPFS Cluster peer's node, tagged {@code peer} with its URL. */
    static KuboRpcMetrics clusterPeer(MeterRegistry meters, String peer) {
        return new KuboRpcMetrics(meters, LATENCY, API, Tags.of("peer", peer));
    }

    /** IPFS Cluster REST API calls, by the first segment of their path. */
    static KuboRpcMetrics clusterApi(MeterRegistry meters) {
        return new KuboRpcMetrics(meters, CLUSTER_LATENCY, "/", Tags.empty());
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String path = request.url().getPath();
        String call = path.startsWith(apiPrefix) ? callName(path.substring(apiPrefix.length())) : "other";
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

    /** Kubo's calls are paths ({@code block/get}); the cluster's paths carry a CID after their first segment. */
    private String callName(String rest) {
        if (name.equals(LATENCY)) {
            return rest;
        }
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private Timer timer(String call, String outcome) {
        return Timer.builder(name)
                .description(name.equals(LATENCY) ? "Kubo RPC calls, from request to the end of the answer"
                        : "IPFS Cluster REST API calls, from request to the end of the answer")
                .tags(tags)
                .tag("call", call)
                .tag("outcome", outcome)
                .register(meters);
    }
}

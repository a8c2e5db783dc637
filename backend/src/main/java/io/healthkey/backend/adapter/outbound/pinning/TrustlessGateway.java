package io.healthkey.backend.adapter.outbound.pinning;

import java.time.Duration;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.outbound.ipfs.VerifiedDagReader;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.content.Cid;

/**
 * Single blocks from an IPFS Trustless Gateway ({@code GET /ipfs/{cid}?format=raw}, the raw block as
 * {@code application/vnd.ipld.raw}), unverified: {@code VerifiedDagReader} checks each against its CID. No token is
 * sent: a gateway may be another host than the service's API. A 404 or 410 is a missing block ({@code CONTENT-0004});
 * any other failure is {@code CONTENT-0001}, the gateway unavailable.
 */
final class TrustlessGateway {

    private static final MediaType RAW_BLOCK = MediaType.parseMediaType("application/vnd.ipld.raw");

    private final WebClient http;
    private final Duration timeout;

    TrustlessGateway(WebClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    Mono<byte[]> block(Cid cid) {
        return http.get().uri(uri -> uri.path("/ipfs/{cid}").queryParam("format", "raw").build(cid.toString()))
                .accept(RAW_BLOCK)
                .exchangeToMono(response -> {
                    int status = response.statusCode().value();
                    if (status == 404 || status == 410) {
                        return response.releaseBody().then(Mono.error(new DomainException(ErrorCode.CONTENT_NOT_FOUND,
                                "the gateway has no block " + cid)));
                    }
                    if (response.statusCode().isError()) {
                        return response.releaseBody().then(Mono.error(new DomainException(
                                ErrorCode.CONTENT_UNAVAILABLE, "the gateway answered HTTP " + status)));
                    }
                    return VerifiedDagReader.blockBody(response.bodyToFlux(DataBuffer.class));
                })
                .timeout(timeout)
                .onErrorMap(failure -> !(failure instanceof DomainException),
                        failure -> new DomainException(ErrorCode.CONTENT_UNAVAILABLE, "the gateway did not answer",
                                failure));
    }
}

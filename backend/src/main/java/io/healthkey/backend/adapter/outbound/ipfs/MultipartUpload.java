package io.healthkey.backend.adapter.outbound.ipfs;

import java.net.URI;
import java.util.function.Function;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One streamed {@code multipart/form-data} upload of a single file part, as Kubo's {@code add} and IPFS Cluster's
 * {@code /add} both take it: the body goes out chunked as {@code content} gives it, never held whole. If
 * {@code content} fails, the call fails with that very failure (see {@link UploadFailure}), whatever the transport
 * made of it; other failures are mapped by {@link KuboErrors}.
 */
final class MultipartUpload {

    private MultipartUpload() {
    }

    /** POSTs {@code content} as the part {@code file} to {@code uri}; answers the whole text of a 2xx answer. */
    static Mono<String> post(WebClient http, Function<UriBuilder, URI> uri, Flux<DataBuffer> content) {
        return Mono.defer(() -> {
            UploadFailure upload = new UploadFailure();
            MultipartBodyBuilder body = new MultipartBodyBuilder();
            body.asyncPart("file", upload.watch(content), DataBuffer.class).filename("content")
                    .contentType(MediaType.APPLICATION_OCTET_STREAM);
            return http.post().uri(uri)
                    .attribute(UploadFailure.ATTRIBUTE, upload)
                    .body(BodyInserters.fromMultipartData(body.build()))
                    .exchangeToMono(MultipartUpload::text)
                    .onErrorMap(failure -> upload.failure().orElseGet(() -> KuboErrors.map(failure)));
        });
    }

    /** The body of a 2xx answer; an error answer fails with {@link KuboErrors#fromResponse}. */
    static Mono<String> text(ClientResponse response) {
        if (response.statusCode().isError()) {
            return error(response);
        }
        return response.bodyToMono(String.class).defaultIfEmpty("");
    }

    static <T> Mono<T> error(ClientResponse response) {
        HttpStatusCode status = response.statusCode();
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> Mono.error(KuboErrors.fromResponse(status, body)));
    }
}

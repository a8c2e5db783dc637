package io.healthkey.backend.adapter.inbound.web;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import reactor.netty.http.server.HttpRequestDecoderSpec;

/**
 * Lets the server hand a request body on in pieces as large as it reads them from the socket, not in Reactor
 * Netty's default 8 KiB: a 256 MiB upload then passes the reactive pipeline in a few thousand pieces instead of
 * 32 768. Runs after Spring Boot's own decoder settings (header and line limits), which it keeps: Reactor Netty
 * starts every decoder customisation from a fresh spec.
 */
@Configuration(proxyBeanMethods = false)
class RequestChunkSize implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

    /** Larger than a socket read (at most 64 KiB): in effect, pieces are never split. */
    static final int MAX_PIECE = 256 * 1024;

    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(server -> {
            HttpRequestDecoderSpec current = server.configuration().decoder();
            return server.httpRequestDecoder(spec -> spec.maxInitialLineLength(current.maxInitialLineLength())
                    .maxHeaderSize(current.maxHeaderSize())
                    .validateHeaders(current.validateHeaders())
                    .initialBufferSize(current.initialBufferSize())
                    .allowDuplicateContentLengths(current.allowDuplicateContentLengths())
                    .h2cMaxContentLength(current.h2cMaxContentLength())
                    .allowPartialChunks(current.allowPartialChunks())
                    .maxChunkSize(Math.max(current.maxChunkSize(), MAX_PIECE)));
        });
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.http.server.HttpRequestDecoderSpec;
import reactor.netty.http.server.HttpServer;

class RequestChunkSizeTest {

    @Test
    void raisesThePieceSizeAndKeepsTheLimitsSetBeforeIt() {
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
        // as Spring Boot does with server.max-http-request-header-size and server.netty.max-initial-line-length
        factory.addServerCustomizers(server -> server.httpRequestDecoder(spec -> spec.maxHeaderSize(16_384)
                .maxInitialLineLength(2_048)));
        new RequestChunkSize().customize(factory);

        HttpServer server = HttpServer.create();
        for (NettyServerCustomizer customizer : factory.getServerCustomizers()) {
            server = customizer.apply(server);
        }
        HttpRequestDecoderSpec decoder = server.configuration().decoder();

        assertThat(decoder.maxChunkSize()).isEqualTo(RequestChunkSize.MAX_PIECE);
        assertThat(decoder.maxHeaderSize()).isEqualTo(16_384);
        assertThat(decoder.maxInitialLineLength()).isEqualTo(2_048);
        assertThat(decoder.validateHeaders()).isTrue();
    }
}

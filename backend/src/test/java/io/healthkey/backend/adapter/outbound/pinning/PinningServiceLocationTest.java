package io.healthkey.backend.adapter.outbound.pinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.availability.ContentCheck;
import io.healthkey.backend.application.availability.PinState;
import io.healthkey.backend.application.availability.ReplicaLocationPort;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.support.fakes.FakeReplicaLocation;
import io.healthkey.backend.support.pinning.InMemoryPinBackend;
import io.healthkey.backend.support.pinning.PinningSpecServer;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/** The pinning service adapter against the loopback spec server (an in-memory node behind it). */
class PinningServiceLocationTest {

    private static final String TOKEN = "secret-token-7f3a9c";
    private static final String ORIGIN = "/ip4/127.0.0.1/tcp/4101/p2p/12D3KooWOrigin";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final byte[] ciphertext = "an envelope's ciphertext".getBytes(StandardCharsets.UTF_8);
    private final Cid cid = Cid.ofBlock(Codec.RAW, ciphertext);
    private final InMemoryPinBackend node = new InMemoryPinBackend();
    private final FakeReplicaLocation primary = new FakeReplicaLocation("primary").holding(cid);
    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = logback.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Level rootLevel = root.getLevel();
    private PinningSpecServer server;

    @BeforeEach
    void start() throws Exception {
        server = new PinningSpecServer(TOKEN, node);
        node.network.put(cid.toString(), ciphertext);
        logged.start();
        root.addAppender(logged);
        root.setLevel(Level.TRACE);
    }

    @AfterEach
    void stop() {
        root.setLevel(rootLevel);
        root.detachAppender(logged);
        server.close();
    }

    private ReplicaLocationPort location(String token) {
        PinningProperties properties = new PinningProperties(List.of(new PinningProperties.Service("service-a",
                server.endpoint(), new BearerToken(token), Optional.of(server.gateway()))), TIMEOUT, 4);
        return PinningServices.locations(properties, WebClient.builder(), () -> Mono.just(List.of(ORIGIN))).get(0);
    }

    private PinningServiceClient client(String token) {
        return new PinningServiceClient("service-a", WebClient.builder().baseUrl(server.endpoint().toString())
                .defaultHeader("Authorization", new BearerToken(token).authorization()).build(), TIMEOUT);
    }

    private PinState settledState(ReplicaLocationPort location) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            PinState state = location.pinState(cid).block();
            if (state != PinState.QUEUED && state != PinState.PINNING) {
                return state;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the pin did not settle within 2 s");
    }

    @Test
    void pinsWithOurOriginsAndTheBearerTokenAndReportsPinnedOnceTheNodeHasTheBlocks() throws Exception {
        ReplicaLocationPort location = location(TOKEN);
        assertThat(location.pinState(cid).block()).isEqualTo(PinState.MISSING);

        location.copyFrom(cid, primary).block();

        assertThat(settledState(location)).isEqualTo(PinState.PINNED);
        assertThat(location.checkContent(cid).block()).isEqualTo(ContentCheck.INTACT);
        var request = server.requestsFor(cid.toString()).get(0);
        assertThat(request.path("pin").path("origins").get(0).asText()).isEqualTo(ORIGIN);
        assertThat(request.path("pin").path("meta").path("app").asText()).isEqualTo("healthkey");
        assertThat(server.authorizations).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
    }

    @Test
    void aPinTheServiceCannotFetchIsFailed() throws Exception {
        node.unfindable.add(cid.toString());
        ReplicaLocationPort location = location(TOKEN);

        location.copyFrom(cid, primary).block();

        assertThat(settledState(location)).isEqualTo(PinState.FAILED);
    }

    @Test
    void copyingAgainReplacesTheNewestRequestRatherThanAddingOne() throws Exception {
        ReplicaLocationPort location = location(TOKEN);
        location.copyFrom(cid, primary).block();
        settledState(location);
        String first = server.requestsFor(cid.toString()).get(0).path("requestid").asText();

        location.copyFrom(cid, primary).block();

        assertThat(server.requestsFor(cid.toString())).hasSize(1)
                .allSatisfy(request -> assertThat(request.path("requestid").asText()).isNotEqualTo(first));
        assertThat(settledState(location)).isEqualTo(PinState.PINNED);
    }

    @Test
    void aServiceThatLostTheBlocksStillSaysPinnedButTheSampledCheckFindsThemMissing() throws Exception {
        ReplicaLocationPort location = location(TOKEN);
        location.copyFrom(cid, primary).block();
        settledState(location);

        server.loseData(cid.toString());

        assertThat(location.pinState(cid).block()).isEqualTo(PinState.PINNED);
        assertThat(location.checkContent(cid).block()).isEqualTo(ContentCheck.MISSING);
    }

    @Test
    void aGatewayServingAWrongBlockIsMissingAndNoneOfItsBytesAreRead() throws Exception {
        ReplicaLocationPort location = location(TOKEN);
        location.copyFrom(cid, primary).block();
        settledState(location);
        node.corrupt(cid.toString(), "other bytes".getBytes(StandardCharsets.UTF_8));

        assertThat(location.checkContent(cid).block()).isEqualTo(ContentCheck.MISSING);
        assertThatThrownBy(() -> location.read(cid).blockLast()).isInstanceOfSatisfying(DomainException.class,
                failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.CONTENT_INTEGRITY));
    }

    @Test
    void aServiceThatIsDownIsUnreachableNotMissing() {
        ReplicaLocationPort location = location(TOKEN);
        server.down();

        assertThat(location.pinState(cid).block()).isEqualTo(PinState.UNREACHABLE);
        assertThat(location.checkContent(cid).block()).isEqualTo(ContentCheck.UNREACHABLE);
        assertThatThrownBy(() -> location.copyFrom(cid, primary).block()).isNotNull();
    }

    @Test
    void aServiceSlowerThanTheTimeoutIsUnreachableWithinTheTimeout() {
        ReplicaLocationPort location = location(TOKEN);
        server.slow(Duration.ofSeconds(8));

        long start = System.nanoTime();
        assertThat(location.pinState(cid).block()).isEqualTo(PinState.UNREACHABLE);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aRefusedTokenIsUnreachableAndItsErrorNamesTheSpecsReasonNeverTheToken() {
        String wrong = "wrong-token-5d1e0b";

        assertThat(location(wrong).pinState(cid).block()).isEqualTo(PinState.UNREACHABLE);
        assertThatThrownBy(() -> client(wrong).find(cid.toString()).blockLast())
                .isInstanceOfSatisfying(PinningServiceException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(401);
                    assertThat(failure.reason()).contains("UNAUTHORIZED");
                    assertThat(failure.getMessage()).doesNotContain(wrong).doesNotContain(TOKEN);
                });
    }

    @Test
    void getsAndDeletesARequestByItsIdAndAnUnknownIdIsNotFound() {
        PinningServiceClient client = client(TOKEN);
        PinStatus added = client.add(new PinningServiceClient.Pin(cid.toString(), "one", List.of(ORIGIN), Map.of()))
                .block();

        assertThat(client.get(added.requestId()).block().cid()).isEqualTo(cid.toString());
        client.delete(added.requestId()).block();

        assertThat(server.requestsFor(cid.toString())).isEmpty();
        assertThatThrownBy(() -> client.get(added.requestId()).block())
                .isInstanceOfSatisfying(PinningServiceException.class, failure -> {
                    assertThat(failure.isNotFound()).isTrue();
                    assertThat(failure.reason()).contains("NOT_FOUND");
                });
    }

    @Test
    void findsEveryRequestForACidAcrossPagesOfAServiceThatAnswersFewPerPage() {
        server.capPages(2);
        PinningServiceClient client = client(TOKEN);
        for (int i = 0; i < 5; i++) {
            client.add(new PinningServiceClient.Pin(cid.toString(), "copy " + i, List.of(), Map.of()))
                    .block();
        }

        assertThat(client.find(cid.toString()).collectList().block()).hasSize(5)
                .extracting(PinStatus::requestId).doesNotHaveDuplicates();
    }

    @Test
    void theTokenIsInNoLogLineNorInThePrintedConfiguration() throws Exception {
        ReplicaLocationPort location = location(TOKEN);
        location.copyFrom(cid, primary).block();
        settledState(location);
        server.down();
        location.pinState(cid).block();
        location(TOKEN + "-x").copyFrom(cid, primary).onErrorResume(e -> Mono.empty()).block();

        assertThat(logged.list).isNotEmpty()
                .noneMatch(event -> event.getFormattedMessage().contains(TOKEN)
                        || (event.getThrowableProxy() != null && event.getThrowableProxy().getMessage() != null
                                && event.getThrowableProxy().getMessage().contains(TOKEN)));
        PinningProperties properties = new PinningProperties(List.of(new PinningProperties.Service("service-a",
                URI.create("http://127.0.0.1:1"), new BearerToken(TOKEN), Optional.empty())), TIMEOUT, 4);
        assertThat(properties.toString()).doesNotContain(TOKEN).contains("[token hidden]");
    }
}

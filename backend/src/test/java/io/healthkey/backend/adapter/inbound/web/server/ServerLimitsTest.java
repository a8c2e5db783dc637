package io.healthkey.backend.adapter.inbound.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Slow and idle clients on loopback against a Reactor Netty server customised by {@link ServerLimits}, with short
 * timeouts: each kind of slow client is closed within its timeout and a margin, while an upload that keeps sending
 * and an event stream with long gaps are not cut; and the connection caps refuse one too many while the server keeps
 * answering others. Every wait is bounded.
 */
class ServerLimitsTest {

    private static final Duration HEAD = Duration.ofMillis(800);
    private static final Duration READ = Duration.ofMillis(1000);
    private static final Duration IDLE = Duration.ofMillis(800);
    /** Room for a loaded machine: a close later than its timeout plus this fails the test. */
    private static final Duration MARGIN = Duration.ofMillis(2500);
    private static final Duration STEP = Duration.ofMillis(100);
    private static final int EACH_KIND = 12;

    private final List<Socket> sockets = new ArrayList<>();
    private DisposableServer server;
    private ServerLimits limits;

    @AfterEach
    void closeEverything() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Test
    void slowHeadersStalledBodiesAndIdleConnectionsAreClosedWithinTheirTimeouts() throws Exception {
        start(new ServerLimitsProperties(HEAD, READ, 1_000, 0), IDLE);
        List<SlowClient> clients = new ArrayList<>();
        for (int i = 0; i < EACH_KIND; i++) {
            clients.add(new SlowClient(connect("127.0.0.1"), "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", true, HEAD));
            clients.add(new SlowClient(connect("127.0.0.1"), "POST /upload HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 1000\r\n\r\n0123456789", false, READ));
            clients.add(new SlowClient(connect("127.0.0.1"), "", false, IDLE));
        }

        long end = System.nanoTime() + HEAD.plus(READ).plus(MARGIN).toNanos();
        while (System.nanoTime() < end && clients.stream().anyMatch(client -> client.closedAfter == null)) {
            for (SlowClient client : clients) {
                client.step();
            }
            Thread.sleep(STEP.toMillis());
        }

        assertThat(clients).allSatisfy(client -> {
            assertThat(client.closedAfter).as(client.opening).isNotNull();
            assertThat(client.closedAfter).as(client.opening).isLessThan(client.timeout.plus(MARGIN));
        });
        assertThat(clients).filteredOn(client -> client.trickles).allSatisfy(client -> assertThat(client.closedAfter)
                .as("a header trickled faster than the idle timeout is closed by the header deadline, not before")
                .isGreaterThanOrEqualTo(HEAD.minus(STEP)));
    }

    @Test
    void anUploadThatKeepsSendingAndAnEventStreamWithLongGapsAreNotCut() throws Exception {
        start(new ServerLimitsProperties(HEAD, READ, 1_000, 0), IDLE);
        int chunks = 20;
        Socket upload = connect("127.0.0.1");
        Socket events = connect("127.0.0.1");

        CompletableFuture<String> uploaded = CompletableFuture.supplyAsync(() -> {
            try {
                upload.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Content-Length: " + chunks * 10 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < chunks; i++) {
                    Thread.sleep(STEP.toMillis());
                    upload.getOutputStream().write("0123456789".getBytes(StandardCharsets.US_ASCII));
                }
                return readToEnd(upload, Duration.ofSeconds(5));
            } catch (IOException | InterruptedException failure) {
                return failure.toString();
            }
        });
        events.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        String stream = readToEnd(events, Duration.ofSeconds(8));

        assertThat(stream).startsWith("HTTP/1.1 200").contains("data: 0", "data: 1");
        assertThat(uploaded.get()).startsWith("HTTP/1.1 200").contains("received " + chunks * 10);
    }

    @Test
    void oneConnectionOverACapIsRefusedWhileOthersAreStillAnswered() throws Exception {
        Duration patient = Duration.ofSeconds(30);
        start(new ServerLimitsProperties(patient, patient, 4, 3), patient);
        for (int i = 0; i < 3; i++) {
            connect("127.0.0.1").getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        awaitOpenConnections(3);

        assertThat(closedWithin(connect("127.0.0.1"), Duration.ofSeconds(2))).as("a fourth from one address").isTrue();
        assertThat(get(connect("127.0.0.2"))).as("another address").startsWith("HTTP/1.1 200");
        // the server counts a connection until it has seen the close: wait for it, or the next one would be refused
        awaitOpenConnections(3);

        Socket held = connect("127.0.0.2");
        held.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        awaitOpenConnections(4);
        assertThat(closedWithin(connect("127.0.0.3"), Duration.ofSeconds(2))).as("a fifth in all").isTrue();

        held.close();
        awaitOpenConnections(3);
        assertThat(get(connect("127.0.0.3"))).startsWith("HTTP/1.1 200");
    }

    /** @param idle Boot's {@code server.netty.idle-timeout}, which Boot sets as here */
    private void start(ServerLimitsProperties properties, Duration idle) {
        limits = new ServerLimits(properties);
        server = limits.apply(HttpServer.create().host("127.0.0.1").port(0).idleTimeout(idle))
                .route(routes -> routes
                        .get("/", (request, response) -> response.sendString(Mono.just("ok")))
                        .post("/upload", (request, response) -> response.sendString(request.receive()
                                .map(ByteBuf::readableBytes).reduce(0, Integer::sum)
                                .map(received -> "received " + received)))
                        .get("/events", (request, response) -> response.header("Content-Type", "text/event-stream")
                                .sendString(Flux.interval(READ.plus(Duration.ofMillis(300))).take(2)
                                        .map(event -> "data: " + event + "\n\n"))))
                .bindNow(Duration.ofSeconds(10));
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port(), InetAddress.getByName(from), 0);
        sockets.add(socket);
        return socket;
    }

    private void awaitOpenConnections(int expected) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (limits.openConnections() != expected && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(limits.openConnections()).isEqualTo(expected);
    }

    private static String get(Socket socket) throws IOException {
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        return readToEnd(socket, Duration.ofSeconds(5));
    }

    /** Whether the server closes {@code socket}, sending nothing, within {@code within}. */
    private static boolean closedWithin(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** What the server sends until it closes the connection, or until {@code within} passes. */
    private static String readToEnd(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(received);
        } catch (SocketTimeoutException | SocketException ended) {
            // a reset ends it as well as a close
        }
        return received.toString(StandardCharsets.US_ASCII);
    }

    /** A client that opened with {@code opening} and then sends a byte per step if it {@code trickles}. */
    private static final class SlowClient {

        final String opening;
        final boolean trickles;
        final Duration timeout;
        private final Socket socket;
        private final long openedAt = System.nanoTime();
        Duration closedAfter;

        SlowClient(Socket socket, String opening, boolean trickles, Duration timeout) throws IOException {
            this.socket = socket;
            this.opening = opening.isEmpty() ? "(nothing)" : opening.lines().findFirst().orElseThrow();
            this.trickles = trickles;
            this.timeout = timeout;
            socket.getOutputStream().write(opening.getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(1);
        }

        void step() {
            if (closedAfter != null) {
                return;
            }
            try {
                if (trickles) {
                    socket.getOutputStream().write('a');
                }
                InputStream in = socket.getInputStream();
                if (in.read() < 0) {
                    closed();
                }
            } catch (SocketTimeoutException stillOpen) {
                // nothing from the server yet
            } catch (IOException reset) {
                closed();
            }
        }

        private void closed() {
            closedAfter = Duration.ofNanos(System.nanoTime() - openedAt);
        }
    }
}

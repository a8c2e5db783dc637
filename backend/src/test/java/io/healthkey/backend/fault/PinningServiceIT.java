package io.healthkey.backend.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.healthkey.backend.fault.FaultRequests.Accepted;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendProcess;
import io.healthkey.backend.support.FaultStack;
import io.healthkey.backend.support.FaultStackExtension;
import io.healthkey.backend.support.Loopback;
import io.healthkey.backend.support.SwarmKubo;
import io.healthkey.backend.support.pinning.KuboPinBackend;
import io.healthkey.backend.support.pinning.PinningSpecServer;

/**
 * The backend with one remote pinning service: the spec server on loopback, backed by a Kubo of its own in a
 * loopback swarm with the backend's Kubo, so that "pinned" means that Kubo fetched every block from our origins.
 * An upload gets pinned there; when the service loses the data while still answering pinned, the audit finds the
 * blocks missing through its gateway and pins them again; while the service is down or slow, uploads go on and the
 * audit view counts one replica. The token is in no line of the backend's log, and the actuator's env and
 * configprops, which would print the configuration, are not exposed.
 */
@ExtendWith(FaultStackExtension.class)
class PinningServiceIT {

    private static final String TOKEN = "it-pinning-token-4be1c9d27a";
    private static final Duration WITHIN = Duration.ofSeconds(90);

    private static SwarmKubo ours;
    private static SwarmKubo theirs;
    private static PinningSpecServer service;
    private static KuboPinBackend theirNode;

    @BeforeAll
    static void start() throws Exception {
        ours = SwarmKubo.start("ipfs-ours");
        theirs = SwarmKubo.start("ipfs-pinning-service");
        theirNode = new KuboPinBackend(theirs.api());
        service = new PinningSpecServer(TOKEN, theirNode);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (theirs != null) {
            theirs.close();
        }
        if (ours != null) {
            ours.close();
        }
    }

    @Test
    void theServicePinsUploadsTheAuditRepinsWhatItLostAndUploadsGoOnWhileItIsDownOrSlow(FaultStack stack,
            @TempDir Path data) throws Exception {
        Map<String, String> properties = new HashMap<>(stack.backend(data));
        properties.put("healthkey.ipfs.api-url", ours.api().toString());
        properties.put("healthkey.pinning.services[0].name", "spec-server");
        properties.put("healthkey.pinning.services[0].endpoint", service.endpoint().toString());
        properties.put("healthkey.pinning.services[0].token", TOKEN);
        properties.put("healthkey.pinning.services[0].gateway", service.gateway().toString());
        properties.put("healthkey.pinning.timeout", "5s");
        properties.put("healthkey.availability.interval", "1s");
        properties.put("healthkey.availability.period", "3s");
        properties.put("healthkey.availability.call-timeout", "5s");
        try (BackendProcess backend = BackendProcess.start("pinning-service", properties)) {
            Accepted first = FaultRequests.upload(backend);
            ApiClient patient = backend.client(first.patient());
            patient.awaitConfirmed(first.statusUrl());
            String cid = (String) audited(patient, first, version -> true).get("cid");

            JsonNode pinned = await("the service pins the upload", () -> pinnedRequest(cid));
            assertThat(theirNode.holds(cid)).as("their Kubo holds the root block").isTrue();
            assertThat(pinned.path("pin").path("origins")).as("our Kubo's loopback swarm address").isNotEmpty();

            service.loseData(cid);
            assertThat(theirNode.holds(cid)).as("lost").isFalse();
            String lostRequest = pinned.path("requestid").asText();
            await("the audit finds the loss and pins again", () -> pinnedRequest(cid)
                    .filter(request -> !request.path("requestid").asText().equals(lostRequest))
                    .filter(request -> theirNode.holds(cid)));
            audited(patient, first, version -> Integer.valueOf(2).equals(version.get("replicas")));

            service.down();
            Accepted whileDown;
            try {
                whileDown = timedUpload(backend, Duration.ofSeconds(20));
                ApiClient downPatient = backend.client(whileDown.patient());
                downPatient.awaitConfirmed(whileDown.statusUrl());
                Map<?, ?> version = audited(downPatient, whileDown,
                        audit -> Integer.valueOf(1).equals(audit.get("replicas")));
                assertThat(version.get("unavailable")).isEqualTo(false);
            } finally {
                service.up();
            }

            service.slow(Duration.ofSeconds(30));
            try {
                Accepted whileSlow = timedUpload(backend, Duration.ofSeconds(20));
                backend.client(whileSlow.patient()).awaitConfirmed(whileSlow.statusUrl());
            } finally {
                service.slow(Duration.ZERO);
            }
            String downCid = (String) audited(backend.client(whileDown.patient()), whileDown, audit -> true).get("cid");
            await("the upload made while the service was down gets pinned by the audit",
                    () -> pinnedRequest(downCid));

            assertThat(Files.readString(backend.log())).as("backend log").doesNotContain(TOKEN);
            for (String actuator : List.of("/actuator/env", "/actuator/configprops")) {
                assertThat(backend.status(actuator)).as(actuator + " is not exposed").isIn(401, 403, 404);
            }
        }
    }

    /** An upload whose {@code 202} comes within {@code bound}, whatever the pinning service does. */
    private static Accepted timedUpload(BackendProcess backend, Duration bound) {
        Instant start = Instant.now();
        Accepted accepted = FaultRequests.upload(backend);
        assertThat(Duration.between(start, Instant.now())).as("upload answered").isLessThan(bound);
        return accepted;
    }

    private Optional<JsonNode> pinnedRequest(String cid) {
        return service.requestsFor(cid).stream().filter(r -> "pinned".equals(r.path("status").asText())).findFirst();
    }

    /** The version of {@code upload} in its patient's audit view, once it satisfies {@code done}. */
    private static Map<?, ?> audited(ApiClient patient, Accepted upload, Predicate<Map<?, ?>> done) {
        String id = upload.record().orElseThrow().toHex();
        return await("the audit view shows " + id, () -> {
            List<?> versions = patient.http().get().uri("/api/v1/patients/" + upload.patient().address() + "/records")
                    .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
            for (Object listed : versions) {
                Map<?, ?> version = (Map<?, ?>) listed;
                if (id.equals(version.get("recordId")) && version.get("cid") != null && done.test(version)) {
                    return Optional.of(version);
                }
            }
            return Optional.empty();
        });
    }

    private static <T> T await(String what, Supplier<Optional<T>> probe) {
        Instant until = Instant.now().plus(WITHIN);
        while (Instant.now().isBefore(until)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            Loopback.sleep(Duration.ofMillis(250));
        }
        throw new AssertionError(what + ": not within " + WITHIN);
    }
}

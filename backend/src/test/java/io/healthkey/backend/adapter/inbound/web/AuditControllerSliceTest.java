package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.healthkey.backend.application.audit.AuditUseCase;
import io.healthkey.backend.application.audit.AuditedRead;
import io.healthkey.backend.application.audit.AuditedRecord;
import io.healthkey.backend.application.availability.PinState;
import io.healthkey.backend.application.availability.VersionAvailability;
import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.emergency.EmergencyFlag;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.LoggedRead;
import io.healthkey.backend.domain.receipt.BatchStatus;
import io.healthkey.backend.domain.receipt.ReadProof;
import io.healthkey.backend.domain.receipt.ReceiptBatch;
import io.healthkey.backend.domain.receipt.RootPublication;
import io.healthkey.backend.domain.record.ReadEntry;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.receipt.ReadReceipt;

/** The patient's audit views and the chain request status, as JSON and as server-sent events. */
class AuditControllerSliceTest extends WebSliceTest {

    private static final String PATIENT_PATH = "/api/v1/patients/" + PATIENT;
    private static final String TRANSACTION = "0x" + "fe".repeat(32);
    private static final EmergencyFlag EMERGENCY_WINDOW = new EmergencyFlag(Instant.parse("2026-12-07T02:00:00Z"),
            TRANSACTION);

    @Test
    void theRecordsAreListedWithTheirReaders() {
        when(audit.records(PATIENT, PATIENT, PageRequest.first())).thenReturn(Mono.just(new Page<>(
                List.of(new AuditedRecord(anchoredRecord(64), List.of(PATIENT, DOCTOR), Optional.empty())),
                Optional.empty())));

        asPatient().get().uri(PATIENT_PATH + "/records").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].recordId").isEqualTo(RECORD.toHex())
                .jsonPath("$[0].status").isEqualTo("ANCHORED")
                .jsonPath("$[0].cid").isEqualTo(CID.toString())
                .jsonPath("$[0].readers[1]").isEqualTo(DOCTOR.toString())
                .jsonPath("$[0].supersedes").doesNotExist()
                .jsonPath("$[0].unavailable").isEqualTo(false)
                .jsonPath("$[0].replicas").doesNotExist();
    }

    @Test
    void aVersionTheAvailabilityAuditFoundNowhereIsListedUnavailable() {
        VersionAvailability lost = new VersionAvailability(RECORD, CID, Instant.parse("2026-12-07T01:00:00Z"),
                Map.of("primary", PinState.MISSING, "service-a", PinState.MISSING));
        when(audit.records(PATIENT, PATIENT, PageRequest.first())).thenReturn(Mono.just(new Page<>(
                List.of(new AuditedRecord(anchoredRecord(64), List.of(PATIENT), Optional.of(lost))),
                Optional.empty())));

        asPatient().get().uri(PATIENT_PATH + "/records").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].unavailable").isEqualTo(true)
                .jsonPath("$[0].replicas").isEqualTo(0)
                .jsonPath("$[0].availabilityCheckedAt").isEqualTo("2026-12-07T01:00:00Z");
    }

    @Test
    void aPageWithMoreAfterItLinksToTheNextWithItsCursorAndLimit() {
        PageCursor next = PageCursor.of(AuditUseCase.READS, "41");
        when(audit.reads(PATIENT, PATIENT, new PageRequest(2, Optional.empty()))).thenReturn(Mono.just(
                new Page<>(List.of(read(43), read(42)), Optional.of(next))));

        asPatient().get().uri(PATIENT_PATH + "/reads?limit=2").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.LINK,
                        "<" + PATIENT_PATH + "/reads?limit=2&cursor=" + next.token() + ">; rel=\"next\"")
                .expectBody().jsonPath("$.length()").isEqualTo(2);
    }

    @Test
    void theCursorOfTheNextLinkReachesTheUseCaseAndTheLastPageHasNoLink() {
        PageCursor after = PageCursor.of(AuditUseCase.READS, "41");
        when(audit.reads(PATIENT, PATIENT, new PageRequest(PageRequest.DEFAULT_LIMIT, Optional.of(after))))
                .thenReturn(Mono.just(new Page<>(List.of(read(40)), Optional.empty())));

        asPatient().get().uri(PATIENT_PATH + "/reads?cursor=" + after.token()).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.LINK)
                .expectBody().jsonPath("$[0].id").isEqualTo(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "ten", "1e2", "999999999999"})
    void aLimitOutOfRangeIs400Audit0002WithoutEchoingIt(String limit) {
        for (String list : List.of("/reads", "/records", "/consents")) {
            assertProblem(asPatient().get().uri(PATIENT_PATH + list + "?limit=" + limit).exchange(), 422,
                    ErrorCode.AUDIT_LIMIT_OUT_OF_RANGE)
                    .jsonPath("$.detail").isEqualTo("limit must be a number from 1 to 200 (default 50)");
        }
        verifyNoInteractions(audit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "MXxyZWNvcmRzfDQx", "MXxyZWFkcw", "MnxyZWFkc3w0MQ", "MXxyZWFkc3w0MQ==", "%00",
        "=="})
    void aCursorThatIsNotOneOfThisListsIs400Audit0001WithoutEchoingIt(String cursor) {
        String body = new String(assertProblem(asPatient().get().uri(PATIENT_PATH + "/reads?cursor={c}", cursor)
                .exchange(), 422, ErrorCode.AUDIT_MALFORMED_CURSOR)
                .jsonPath("$.detail").isEqualTo("cursor is not one this service gave for the reads list; start again "
                        + "without it")
                .returnResult().getResponseBody());
        assertThat(body).doesNotContain(cursor);
        verifyNoInteractions(audit);
    }

    @Test
    void anAggregateOfAStrangersDeniedReadsShowsItsCountAndTimes() {
        Instant at = WebSliceBeans.NOW;
        LoggedRead aggregate = new LoggedRead(7, new ReadEntry(RECORD, DOCTOR, false, Optional.of("ACCESS-0002"),
                Optional.empty(), at), 300, at.plusSeconds(1), Optional.of(at.plusSeconds(600)));
        when(audit.reads(PATIENT, PATIENT, PageRequest.first())).thenReturn(Mono.just(
                new Page<>(List.of(unflagged(aggregate), read(6)), Optional.empty())));

        asPatient().get().uri(PATIENT_PATH + "/reads").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].aggregated").isEqualTo(true)
                .jsonPath("$[0].count").isEqualTo(300)
                .jsonPath("$[0].at").isEqualTo(at.toString())
                .jsonPath("$[0].lastAt").isEqualTo(at.plusSeconds(1).toString())
                .jsonPath("$[0].windowEnd").isEqualTo(at.plusSeconds(600).toString())
                .jsonPath("$[1].aggregated").isEqualTo(false)
                .jsonPath("$[1].count").isEqualTo(1)
                .jsonPath("$[1].windowEnd").doesNotExist();
    }

    private static AuditedRead read(long id) {
        return unflagged(new LoggedRead(id, new ReadEntry(RECORD, DOCTOR, true, Optional.empty(), Optional.of(9L),
                WebSliceBeans.NOW)));
    }

    private static AuditedRead unflagged(LoggedRead read) {
        return new AuditedRead(read, Optional.empty());
    }

    @Test
    void anEmergencyReadShowsItsWindowBesideAnOrdinaryReadThatShowsNone() {
        when(audit.reads(PATIENT, PATIENT, PageRequest.first())).thenReturn(Mono.just(new Page<>(List.of(
                new AuditedRead(read(2).read(), Optional.of(EMERGENCY_WINDOW)), read(1)), Optional.empty())));

        asPatient().get().uri(PATIENT_PATH + "/reads").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].emergency").isEqualTo(true)
                .jsonPath("$[0].emergencyWindow.until").isEqualTo("2026-12-07T02:00:00Z")
                .jsonPath("$[0].emergencyWindow.transactionHash").isEqualTo(TRANSACTION)
                .jsonPath("$[1].emergency").isEqualTo(false)
                .jsonPath("$[1].emergencyWindow").doesNotExist();
    }

    @Test
    void aReadsProofCarriesItsEmergencyWindowBesideTheLeafNotInIt() {
        ReadReceipt receipt = new ReadReceipt(Bytes32.fromUint256(BigInteger.TEN), 5, PATIENT, DOCTOR, RECORD,
                WebSliceBeans.NOW.getEpochSecond(), true);
        ReceiptBatch batch = new ReceiptBatch(1, receipt.leafHash(), 1, 5, 5, BatchStatus.PUBLISHED,
                Optional.of(new RootPublication("0x" + "ab".repeat(32), 12)));
        ReadProof proof = new ReadProof(receipt, List.of(), batch, 31337, DOCTOR);
        when(proofs.proof(PATIENT, PATIENT, 5))
                .thenReturn(Mono.just(proof.withEmergency(Optional.of(EMERGENCY_WINDOW))));
        when(proofs.proof(PATIENT, PATIENT, 6)).thenReturn(Mono.just(proof));

        asPatient().get().uri(PATIENT_PATH + "/reads/5/proof").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.emergency").isEqualTo(true)
                .jsonPath("$.emergencyWindow.until").isEqualTo("2026-12-07T02:00:00Z")
                .jsonPath("$.emergencyWindow.transactionHash").isEqualTo(TRANSACTION)
                .jsonPath("$.leaf.emergency").doesNotExist()
                .jsonPath("$.leafHash").isEqualTo(receipt.leafHash().toHex());
        asPatient().get().uri(PATIENT_PATH + "/reads/6/proof").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.emergency").isEqualTo(false)
                .jsonPath("$.emergencyWindow").doesNotExist();
    }

    @Test
    void anotherAccountsTokenReachesTheUseCaseAsTheViewerWhichRefusesIt() {
        when(audit.reads(DOCTOR, PATIENT, PageRequest.first())).thenReturn(
                Mono.error(new DomainException(ErrorCode.REQUEST_NOT_PATIENT, "only the patient sees their reads")));

        assertProblem(as(DOCTOR_TOKEN).get().uri(PATIENT_PATH + "/reads").exchange(), 403,
                ErrorCode.REQUEST_NOT_PATIENT);
        verify(audit).reads(DOCTOR, PATIENT, PageRequest.first());
    }

    @Test
    void readsAreListedAllowedAndDenied() {
        Instant at = WebSliceBeans.NOW;
        when(audit.reads(PATIENT, PATIENT, PageRequest.first())).thenReturn(Mono.just(new Page<>(List.of(
                unflagged(new LoggedRead(2, new ReadEntry(RECORD, DOCTOR, false, Optional.of("ACCESS-0002"),
                        Optional.empty(), at))),
                unflagged(new LoggedRead(1, new ReadEntry(RECORD, DOCTOR, true, Optional.empty(), Optional.of(9L),
                        at)))),
                Optional.empty())));

        asPatient().get().uri(PATIENT_PATH + "/reads").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].id").isEqualTo(2)
                .jsonPath("$[0].allowed").isEqualTo(false)
                .jsonPath("$[0].deniedCode").isEqualTo("ACCESS-0002")
                .jsonPath("$[1].blockNumber").isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "first", "12345678901234567890"})
    void aReadIdThatIsNotAPositiveLongIsNamed(String readId) {
        assertInvalidField(asPatient().get().uri(PATIENT_PATH + "/reads/" + readId + "/proof").exchange(), "readId");
        verifyNoInteractions(proofs);
    }

    @Test
    void aMalformedPatientIsNamedBeforeTheUseCase() {
        assertInvalidField(asPatient().get().uri("/api/v1/patients/me/consents").exchange(), "patient");
        verifyNoInteractions(audit);
    }

    @Test
    void aChainRequestIsAnsweredWithItsTransactionOnceMined() {
        when(audit.chainRequest(PATIENT, "grant-1")).thenReturn(Mono.just(mined()));

        asPatient().get().uri("/api/v1/chain-requests/grant-1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo("grant-1")
                .jsonPath("$.status").isEqualTo("MINED")
                .jsonPath("$.transactionHash").isEqualTo(TRANSACTION)
                .jsonPath("$.blockNumber").isEqualTo(12)
                .jsonPath("$.failureCode").doesNotExist();
    }

    @Test
    void theChainRequestEventsAreNamedAfterEachStatus() {
        ChainRequest accepted = accepted("grant-1", RelayKind.GRANT, PATIENT).request();
        when(audit.chainRequestChanges(PATIENT, "grant-1")).thenReturn(
                Flux.just(accepted, mined(), mined().confirmed(WebSliceBeans.NOW.plusSeconds(30))));

        Flux<ServerSentEvent<String>> events = asPatient().get().uri("/api/v1/chain-requests/grant-1/events")
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody();

        StepVerifier.create(events.map(ServerSentEvent::event))
                .expectNext("ACCEPTED", "MINED", "CONFIRMED")
                .verifyComplete();
    }

    @Test
    void aChainRequestEventCarriesTheStatusJson() {
        when(audit.chainRequestChanges(PATIENT, "grant-1")).thenReturn(Flux.just(mined()));

        ServerSentEvent<String> event = asPatient().get().uri("/api/v1/chain-requests/grant-1/events").exchange()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .getResponseBody().blockFirst();

        assertThat(event.id()).isEqualTo("MINED@" + WebSliceBeans.NOW.plusSeconds(20));
        assertThat(event.data()).contains("\"transactionHash\":\"" + TRANSACTION + "\"", "\"status\":\"MINED\"");
    }

    private static ChainRequest mined() {
        return accepted("grant-1", RelayKind.GRANT, PATIENT).request()
                .sent("tx-1", WebSliceBeans.NOW.plusSeconds(10))
                .mined(new MinedTransaction(TRANSACTION, 12, 21_000), WebSliceBeans.NOW.plusSeconds(20));
    }
}

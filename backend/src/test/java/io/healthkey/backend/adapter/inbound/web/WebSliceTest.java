package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.healthkey.backend.application.audit.AuditUseCase;
import io.healthkey.backend.application.audit.GranteeViewUseCase;
import io.healthkey.backend.application.directory.ProviderDirectoryUseCase;
import io.healthkey.backend.application.auth.SignInUseCase;
import io.healthkey.backend.application.caregiver.CaregiverQueryUseCase;
import io.healthkey.backend.application.caregiver.CaregiverTypedDataUseCase;
import io.healthkey.backend.application.caregiver.RelayCaregiverUseCase;
import io.healthkey.backend.application.consent.QueryConsentUseCase;
import io.healthkey.backend.application.consent.RelayConsentUseCase;
import io.healthkey.backend.application.emergency.EmergencyKeysUseCase;
import io.healthkey.backend.application.emergency.EmergencyReadUseCase;
import io.healthkey.backend.application.emergency.EmergencyRelayUseCase;
import io.healthkey.backend.application.emergency.EmergencyReviewUseCase;
import io.healthkey.backend.application.directory.PublishKeyUseCase;
import io.healthkey.backend.application.gateway.GatewayUseCase;
import io.healthkey.backend.application.outbox.RelayReceipt;
import io.healthkey.backend.application.receipts.LostReadLogUseCase;
import io.healthkey.backend.application.receipts.ReadProofUseCase;
import io.healthkey.backend.application.record.MultipartUploadUseCase;
import io.healthkey.backend.application.record.ReadRecordUseCase;
import io.healthkey.backend.application.record.WriteRecordUseCase;
import io.healthkey.backend.application.identity.IdentityHistoryUseCase;
import io.healthkey.backend.application.recovery.RecoveryUseCase;
import io.healthkey.backend.application.notification.ManageWebhooksUseCase;
import io.healthkey.backend.application.notification.NotificationStreamUseCase;
import io.healthkey.backend.application.typeddata.TypedDataUseCase;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.record.RecordOrigin;
import io.healthkey.backend.domain.record.RecordStatus;
import io.healthkey.backend.domain.record.RecordVersion;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;

/**
 * The web layer as the application runs it (controllers, the bearer and metrics filters, CORS, the session argument
 * resolver, codecs with the configured size limit, the one problem+json handler), on a mock server, with every use
 * case a Mockito mock: a use case is the boundary of the slice. Every slice test extends this class and declares
 * nothing of its own that changes the context, so that one Spring context serves them all. The rate limits are off
 * here (every mock request comes from one unknown address and a few accounts); {@code RateLimitSliceTest} has a
 * context of its own with small limits.
 */
@WebFluxTest(properties = {
        "healthkey.web.allowed-origins=" + WebSliceTest.DAPP_ORIGIN,
        "healthkey.metrics.scrape-token=" + WebSliceTest.SCRAPE_TOKEN,
        "healthkey.web.public-chain-rpc-url=" + WebSliceTest.PUBLIC_CHAIN_RPC_URL,
        "healthkey.rate-limit.enabled=false"})
@Import(WebSliceBeans.class)
abstract class WebSliceTest {

    static final String DAPP_ORIGIN = "https://dapp.example";
    static final String PUBLIC_CHAIN_RPC_URL = "https://rpc.chain.example:8443/v1/public";
    static final String SCRAPE_TOKEN = "slice-scrape-token-of-at-least-32-characters";

    /** Hardhat's dev accounts #2 and #3: fixed addresses, so that a failure names the same account every run. */
    static final Wallet PATIENT_WALLET = Wallet.of("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    static final Wallet DOCTOR_WALLET = Wallet.of("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    static final EthAddress PATIENT = PATIENT_WALLET.address();
    static final EthAddress DOCTOR = DOCTOR_WALLET.address();

    static final String PATIENT_TOKEN = "patient-session-token";
    static final String DOCTOR_TOKEN = "doctor-session-token";
    static final String EXPIRED_TOKEN = "expired-session-token";

    static final RecordId RECORD = RecordId.of(PATIENT, Category.OBSERVATION, 1);
    static final Cid CID = Cid.ofBlock(Codec.RAW, "ciphertext".getBytes(StandardCharsets.UTF_8));

    WebTestClient http;

    @MockitoBean
    SignInUseCase signIn;
    @MockitoBean
    RelayConsentUseCase relay;
    @MockitoBean
    QueryConsentUseCase consents;
    @MockitoBean
    WriteRecordUseCase writeRecords;
    @MockitoBean
    MultipartUploadUseCase multipartUploads;
    @MockitoBean
    ReadRecordUseCase readRecords;
    @MockitoBean
    GatewayUseCase gateway;
    @MockitoBean
    AuditUseCase audit;
    @MockitoBean
    ReadProofUseCase proofs;
    @MockitoBean
    LostReadLogUseCase lostReads;
    @MockitoBean
    PublishKeyUseCase directory;
    @MockitoBean
    TypedDataUseCase typedData;
    @MockitoBean
    RecoveryUseCase recovery;
    @MockitoBean
    NotificationStreamUseCase notificationStream;
    @MockitoBean
    ManageWebhooksUseCase webhooks;
    @MockitoBean
    IdentityHistoryUseCase identityHistory;
    @MockitoBean
    GranteeViewUseCase grantees;
    @MockitoBean
    ProviderDirectoryUseCase providers;
    @MockitoBean
    RelayCaregiverUseCase caregivers;
    @MockitoBean
    CaregiverTypedDataUseCase caregiverTypedData;
    @MockitoBean
    CaregiverQueryUseCase caregiverQueries;
    @MockitoBean
    EmergencyRelayUseCase emergency;
    @MockitoBean
    EmergencyReadUseCase emergencyReads;
    @MockitoBean
    EmergencyReviewUseCase emergencyReview;
    @MockitoBean
    EmergencyKeysUseCase emergencyKeys;

    /**
     * The client of the mock server, on an absolute base URL: a request without a host would be no origin at all,
     * and the CORS filter would refuse every cross-origin request.
     */
    @Autowired
    void mockServerClient(WebTestClient client) {
        http = client.mutate().baseUrl("http://api.healthkey.test").build();
    }

    /** The client with {@code Authorization: Bearer <token>} on every request. */
    WebTestClient as(String token) {
        return http.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    WebTestClient asPatient() {
        return as(PATIENT_TOKEN);
    }

    /** Asserts that the request was answered before it reached any use case. */
    void assertNoUseCaseCalled() {
        verifyNoInteractions(signIn, relay, consents, writeRecords, readRecords, gateway, audit, proofs, directory,
                typedData, recovery, identityHistory, grantees, providers, caregivers, caregiverTypedData,
                caregiverQueries, emergency, emergencyReads, emergencyReview, emergencyKeys);
    }

    /**
     * Asserts an RFC 9457 answer of {@link ProblemDetails}: the status, the media type, and the type, title, status
     * and stable code of {@code code}; the body, for the test to check the detail.
     */
    static WebTestClient.BodyContentSpec assertProblem(WebTestClient.ResponseSpec response, int status,
            ErrorCode code) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.code").isEqualTo(code.code())
                .jsonPath("$.title").isEqualTo(code.title())
                .jsonPath("$.type").isEqualTo("urn:healthkey:problem:" + code.code());
    }

    /** 422 REQUEST-0002 whose detail names {@code field} first, as {@link RequestFields} words it. */
    static WebTestClient.BodyContentSpec assertInvalidField(WebTestClient.ResponseSpec response, String field) {
        return assertProblem(response, 422, ErrorCode.REQUEST_INVALID_FIELD)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail).startsWith(field + " "));
    }

    /** A relay accepted into the outbox: what a relaying use case answers. */
    static RelayReceipt accepted(String id, RelayKind kind, EthAddress account) {
        return new RelayReceipt(ChainRequest.accepted(id, kind, account, account, "subject",
                new ChainCall(WebSliceBeans.DEPLOYMENT.consentRegistry(), "0xabcd"), SubjectOnlyIntent.INSTANCE,
                WebSliceBeans.NOW));
    }

    /** The record {@link #RECORD} pinned and anchored, {@code size} bytes of ciphertext. */
    static RecordVersion anchoredRecord(long size) {
        return new RecordVersion(RECORD, PATIENT, RecordOrigin.CLIENT, RecordStatus.ANCHORED, "application/fhir+json",
                Optional.empty(), Optional.of(CID), size, Optional.of("anchor-1"), Optional.empty(), false,
                WebSliceBeans.NOW, WebSliceBeans.NOW.plus(Duration.ofHours(1)));
    }
}

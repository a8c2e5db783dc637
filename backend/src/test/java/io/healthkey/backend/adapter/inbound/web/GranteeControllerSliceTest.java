package io.healthkey.backend.adapter.inbound.web;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.audit.GranteeViewUseCase;
import io.healthkey.backend.application.directory.ListedProvider;
import io.healthkey.backend.application.directory.ProviderDirectoryUseCase;
import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageCursor;
import io.healthkey.backend.domain.audit.PageRequest;
import io.healthkey.backend.domain.directory.ProviderSearch;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.ChainEvent.GrantKey;
import io.healthkey.backend.domain.index.LogPosition;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.Scope;

/** GET /grantees/{grantee}/grants, /grantees/{grantee}/patients/{patient}/records and /providers. */
class GranteeControllerSliceTest extends WebSliceTest {

    private static final String DOCTOR_PATH = "/api/v1/grantees/" + DOCTOR;
    private static final EthAddress CONSENT_REGISTRY = EthAddress.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    private static final LogPosition AT = new LogPosition(42, 3, "0x" + "b1".repeat(32), "0x" + "7e".repeat(32),
            1_764_583_200L);

    @Test
    void theGranteesLiveGrantsAreListedWithPatientScopeExpiryAndWhereToFindTheRecords() {
        ChainEvent.Consent grant = new ChainEvent.Consent(AT, CONSENT_REGISTRY, new GrantKey(PATIENT, DOCTOR,
                Scope.of(Category.OBSERVATION).toBytes32(), Action.READ.code()), Purpose.TREAT.code(),
                1_767_225_600L, false);
        when(grantees.grants(DOCTOR, DOCTOR, PageRequest.first()))
                .thenReturn(Mono.just(new Page<>(List.of(grant), Optional.empty())));

        as(DOCTOR_TOKEN).get().uri(DOCTOR_PATH + "/grants").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].patient").isEqualTo(PATIENT.toString())
                .jsonPath("$[0].scope").isEqualTo(Scope.of(Category.OBSERVATION).toBytes32().toHex())
                .jsonPath("$[0].action").isEqualTo("READ")
                .jsonPath("$[0].purpose").isEqualTo(Purpose.TREAT.hl7Code())
                .jsonPath("$[0].expiresAt").isEqualTo("2026-01-01T00:00:00Z")
                .jsonPath("$[0].grantedAt").isEqualTo("2025-12-01T10:00:00Z")
                .jsonPath("$[0].blockNumber").isEqualTo(42)
                .jsonPath("$[0].recordsUrl").isEqualTo(DOCTOR_PATH + "/patients/" + PATIENT + "/records");
    }

    @Test
    void anotherAccountsGrantsAreRefusedWith403Audit0003() {
        when(grantees.grants(PATIENT, DOCTOR, PageRequest.first())).thenReturn(Mono.error(new DomainException(
                ErrorCode.AUDIT_NOT_GRANTEE, "only the grantee sees the grants made to it")));

        assertProblem(asPatient().get().uri(DOCTOR_PATH + "/grants").exchange(), 403, ErrorCode.AUDIT_NOT_GRANTEE);
    }

    @Test
    void theReadableRecordsOfAPatientAreListedAsAnchored() {
        AnchoredRecord anchored = new AnchoredRecord(RECORD, PATIENT, CID, Optional.empty(), "0x" + "7e".repeat(32),
                40);
        PageCursor next = PageCursor.of(GranteeViewUseCase.READABLE_RECORDS, RECORD.toHex());
        when(grantees.readableRecords(DOCTOR, DOCTOR, PATIENT, new PageRequest(1, Optional.empty())))
                .thenReturn(Mono.just(new Page<>(List.of(anchored), Optional.of(next))));

        as(DOCTOR_TOKEN).get().uri(DOCTOR_PATH + "/patients/" + PATIENT + "/records?limit=1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.LINK, "<" + DOCTOR_PATH + "/patients/" + PATIENT
                        + "/records?limit=1&cursor=" + next.token() + ">; rel=\"next\"")
                .expectBody()
                .jsonPath("$[0].recordId").isEqualTo(RECORD.toHex())
                .jsonPath("$[0].category").isEqualTo(Category.OBSERVATION.code())
                .jsonPath("$[0].cid").isEqualTo(CID.toString())
                .jsonPath("$[0].author").isEqualTo(PATIENT.toString());
    }

    @Test
    void aMalformedAddressIsNamedAndReachesNoUseCase() {
        assertInvalidField(as(DOCTOR_TOKEN).get().uri("/api/v1/grantees/doctor/grants").exchange(), "grantee");
        assertInvalidField(as(DOCTOR_TOKEN).get().uri(DOCTOR_PATH + "/patients/0x12/records").exchange(), "patient");
        verifyNoInteractions(grantees);
    }

    @Test
    void theProvidersAreListedWithKeyAndAccreditationAndTheNextLinkKeepsTheSearch() {
        ListedProvider provider = new ListedProvider(DOCTOR, "St Mary's Cardiology",
                DOCTOR_WALLET.encryptionKey().publicKey(), AT);
        PageCursor next = PageCursor.of(ProviderDirectoryUseCase.PROVIDERS, DOCTOR.toString());
        when(providers.providers(any(), any())).thenReturn(Mono.just(new Page<>(List.of(provider),
                Optional.of(next))));

        asPatient().get().uri("/api/v1/providers?search=mary's c&limit=1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.LINK, "</api/v1/providers?search=mary's%20c&limit=1&cursor="
                        + next.token() + ">; rel=\"next\"")
                .expectBody()
                .jsonPath("$[0].address").isEqualTo(DOCTOR.toString())
                .jsonPath("$[0].name").isEqualTo("St Mary's Cardiology")
                .jsonPath("$[0].encryptionKey").isEqualTo(DOCTOR_WALLET.encryptionKey().publicKey().toHex())
                .jsonPath("$[0].accreditedFor[0]").isEqualTo("WRITE")
                .jsonPath("$[0].accreditationBlockNumber").isEqualTo(42);
    }

    @Test
    void aSearchReachesTheUseCaseAsParsed() {
        when(providers.providers(any(), any())).thenAnswer(call -> {
            Optional<ProviderSearch> search = call.getArgument(0);
            return Mono.just(new Page<>(search.filter(s -> s.matches(DOCTOR, "Cardiology")).isPresent()
                    ? List.of(new ListedProvider(DOCTOR, "Cardiology", DOCTOR_WALLET.encryptionKey().publicKey(), AT))
                    : List.<ListedProvider>of(), Optional.empty()));
        });

        asPatient().get().uri("/api/v1/providers?search=CARD").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
        asPatient().get().uri("/api/v1/providers?search=derm").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%3Cscript%3E", "a%0Ab", "%E2%80%AEevil", "", "semi%3Bcolon"})
    void aSearchNoNameCouldStartWithIs422Directory0010WithoutEchoingIt(String search) {
        assertProblem(asPatient().get().uri(uri -> uri.path("/api/v1/providers").query("search=" + search).build())
                .exchange(), 422, ErrorCode.DIRECTORY_INVALID_SEARCH)
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .doesNotContain("script").doesNotContain("evil").doesNotContain("semi"));
        verifyNoInteractions(providers);
    }

    @Test
    void withoutASessionEveryGranteeRouteIs401() {
        for (String path : List.of(DOCTOR_PATH + "/grants", DOCTOR_PATH + "/patients/" + PATIENT + "/records",
                "/api/v1/providers")) {
            assertProblem(http.get().uri(path).exchange(), 401, ErrorCode.AUTH_TOKEN_MISSING);
        }
        verifyNoInteractions(grantees, providers);
    }
}

package io.healthkey.backend.adapter.inbound.web;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.healthkey.backend.domain.account.IdentityRecoveryStep;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.index.ChainEvent;
import io.healthkey.backend.domain.index.LogPosition;

class IdentityControllerSliceTest extends WebSliceTest {

    private static final String SIGNER = "0x" + "11".repeat(32) + "22".repeat(32);
    private static final String TX = "0x" + "cc".repeat(32);

    @Test
    void answersEachStepWithItsOwnFieldsOnlyNewestFirst() {
        when(identityHistory.history(PATIENT, PATIENT)).thenReturn(Flux.just(
                step(12, IdentityRecoveryStep.scheduled(3, SIGNER, 1_796_000_000L)),
                step(11, IdentityRecoveryStep.approved(3, DOCTOR, SIGNER, 2)),
                step(10, IdentityRecoveryStep.guardiansChanged(3, List.of(DOCTOR), 1)),
                step(9, IdentityRecoveryStep.delayChanged(86_400))));

        asPatient().get().uri("/api/v1/patients/" + PATIENT + "/identity-history").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(4)
                .jsonPath("$[0].kind").isEqualTo("SCHEDULED")
                .jsonPath("$[0].round").isEqualTo(3)
                .jsonPath("$[0].signer").isEqualTo(SIGNER)
                .jsonPath("$[0].executableAt").isEqualTo("2026-11-30T00:53:20Z")
                .jsonPath("$[0].transactionHash").isEqualTo(TX)
                .jsonPath("$[0].blockNumber").isEqualTo(12)
                .jsonPath("$[0].logIndex").isEqualTo(1)
                .jsonPath("$[0].at").isEqualTo("2026-12-06T20:00:00Z")
                .jsonPath("$[0].guardian").doesNotExist()
                .jsonPath("$[0].approvals").doesNotExist()
                .jsonPath("$[1].guardian").isEqualTo(DOCTOR.toString())
                .jsonPath("$[1].approvals").isEqualTo(2)
                .jsonPath("$[1].executableAt").doesNotExist()
                .jsonPath("$[2].guardians[0]").isEqualTo(DOCTOR.toString())
                .jsonPath("$[2].threshold").isEqualTo(1)
                .jsonPath("$[2].signer").doesNotExist()
                .jsonPath("$[3].delaySeconds").isEqualTo(86_400)
                .jsonPath("$[3].round").doesNotExist();
    }

    @Test
    void anotherAccountsHistoryIs403() {
        when(identityHistory.history(DOCTOR, PATIENT)).thenReturn(Flux.error(new DomainException(
                ErrorCode.REQUEST_NOT_PATIENT, "only the patient sees their own audit")));

        assertProblem(as(DOCTOR_TOKEN).get().uri("/api/v1/patients/" + PATIENT + "/identity-history").exchange(),
                403, ErrorCode.REQUEST_NOT_PATIENT);
    }

    @Test
    void aPatientThatIsNoAddressIs422AndNotEchoed() {
        assertInvalidField(asPatient().get().uri("/api/v1/patients/0xnot-an-address/identity-history").exchange(),
                "patient").jsonPath("$.detail").value(String.class,
                        detail -> org.assertj.core.api.Assertions.assertThat(detail).doesNotContain("not-an-address"));
        verifyNoInteractions(identityHistory);
    }

    private static ChainEvent.AccountRecovery step(long block, IdentityRecoveryStep step) {
        return new ChainEvent.AccountRecovery(new LogPosition(block, 1, "0x" + "aa".repeat(32), TX, 1_796_587_200L),
                PATIENT, step);
    }
}

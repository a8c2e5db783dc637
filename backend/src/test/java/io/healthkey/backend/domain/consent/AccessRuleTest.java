package io.healthkey.backend.domain.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.index.GrantState;
import io.healthkey.backend.domain.index.IndexAnswer;
import io.healthkey.backend.domain.index.ProviderState;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Bytes32;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;

class AccessRuleTest {

    private static final EthAddress PATIENT = EthAddress.parse("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    private static final EthAddress GRANTEE = EthAddress.parse("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
    private static final EthAddress OTHER = EthAddress.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
    private static final RecordId RECORD = RecordId.of(PATIENT, Category.OBSERVATION, 7);
    private static final Bytes32 CATEGORY = Bytes32.fromUint256(BigInteger.valueOf(Category.OBSERVATION.code()));
    private static final long HEAD = 100;
    private static final long NOW = 1_800_000_000L;
    /** 2 confirmations, 60 s of doubt around the head's time, the wall clock 10 s behind it. */
    private static final AccessRule RULE = new AccessRule(HEAD, NOW, NOW - 10, 2, 60);

    private static AccessQuery query(Action action) {
        return new AccessQuery(PATIENT, GRANTEE, RECORD, action);
    }

    private static GrantState live(Bytes32 scope, long block) {
        return new GrantState(scope, NOW + 3600, false, block);
    }

    private static IndexAnswer decide(AccessQuery query, List<GrantState> grants) {
        return RULE.decide(query, grants, Optional.empty(), Set.of());
    }

    @Test
    void scopesAreTheRecordItsCategoryAndAllRecords() {
        assertThat(AccessRule.scopesFor(query(Action.READ)))
                .containsExactly(RECORD.toBytes32(), CATEGORY, Bytes32.ZERO);
    }

    @Test
    void eachOfTheThreeScopesOpensTheRecord() {
        for (Bytes32 scope : AccessRule.scopesFor(query(Action.READ))) {
            assertThat(decide(query(Action.READ), List.of(live(scope, 90)))).isEqualTo(IndexAnswer.ALLOW);
        }
        assertThat(decide(query(Action.READ), List.of())).isEqualTo(IndexAnswer.DENY);
    }

    @Test
    void thePatientAlwaysAndAnotherPatientsRecordNever() {
        var self = new AccessQuery(PATIENT, PATIENT, RECORD, Action.WRITE);
        assertThat(decide(self, List.of())).isEqualTo(IndexAnswer.ALLOW);
        var otherPatients = new AccessQuery(GRANTEE, OTHER, RECORD, Action.READ);
        assertThat(decide(otherPatients, List.of(live(Bytes32.ZERO, 1)))).isEqualTo(IndexAnswer.DENY);
    }

    @Test
    void aPatientIsNotTheirOwnGranteeForAnotherPatientsRecord() {
        for (Action action : Action.values()) {
            var selfOnOthersRecord = new AccessQuery(GRANTEE, GRANTEE, RECORD, action);
            assertThat(selfOnOthersRecord.isPatientsOwnRecord()).isFalse();
            assertThat(decide(selfOnOthersRecord, List.of(live(Bytes32.ZERO, 1)))).isEqualTo(IndexAnswer.DENY);
        }
        assertThat(new AccessQuery(PATIENT, PATIENT, RECORD, Action.READ).isPatientsOwnRecord()).isTrue();
    }

    @Test
    void aGrantCountsOnlyOnceConfirmationsBlocksAreOnTopOfIt() {
        assertThat(decide(query(Action.READ), List.of(live(Bytes32.ZERO, HEAD)))).isEqualTo(IndexAnswer.DENY);
        assertThat(decide(query(Action.READ), List.of(live(Bytes32.ZERO, HEAD - 1)))).isEqualTo(IndexAnswer.DENY);
        assertThat(decide(query(Action.READ), List.of(live(Bytes32.ZERO, HEAD - 2)))).isEqualTo(IndexAnswer.ALLOW);
    }

    @Test
    void aRevocationCountsAtOnceEvenInTheHeadBlock() {
        var revoked = new GrantState(Bytes32.ZERO, 0, true, HEAD);
        assertThat(decide(query(Action.READ), List.of(revoked))).isEqualTo(IndexAnswer.DENY);
    }

    @Test
    void aPendingRevocationDeniesAndKeepsTheChainOutOfIt() {
        var grants = List.of(live(Bytes32.ZERO, 1));
        assertThat(RULE.decide(query(Action.READ), grants, Optional.empty(), Set.of(Bytes32.ZERO)))
                .isEqualTo(IndexAnswer.DENY);
        var doubtful = List.of(new GrantState(CATEGORY, NOW + 10, false, 1), live(Bytes32.ZERO, 1));
        assertThat(RULE.decide(query(Action.READ), doubtful, Optional.empty(), Set.of(Bytes32.ZERO)))
                .as("in doubt, but the chain would count the pending slot").isEqualTo(IndexAnswer.DENY);
        assertThat(RULE.decide(query(Action.READ), grants, Optional.empty(), Set.of(CATEGORY)))
                .as("another slot pending").isEqualTo(IndexAnswer.ALLOW);
    }

    @Test
    void expiriesNearTheHeadsTimeAreLeftToTheChain() {
        assertThat(decide(query(Action.READ), List.of(new GrantState(Bytes32.ZERO, NOW + 61, false, 1))))
                .isEqualTo(IndexAnswer.ALLOW);
        assertThat(decide(query(Action.READ), List.of(new GrantState(Bytes32.ZERO, NOW + 60, false, 1))))
                .isEqualTo(IndexAnswer.ASK_CHAIN);
        assertThat(decide(query(Action.READ), List.of(new GrantState(Bytes32.ZERO, NOW - 59, false, 1))))
                .isEqualTo(IndexAnswer.ASK_CHAIN);
        assertThat(decide(query(Action.READ), List.of(new GrantState(Bytes32.ZERO, NOW - 60, false, 1))))
                .as("the chain never runs a call before its head's time").isEqualTo(IndexAnswer.DENY);
        var idleChain = new AccessRule(HEAD, NOW, NOW + 3600, 2, 60);
        assertThat(idleChain.decide(query(Action.READ), List.of(new GrantState(Bytes32.ZERO, NOW + 1800, false, 1)),
                Optional.empty(), Set.of())).as("expired by the wall clock, not yet by the idle chain's head")
                .isEqualTo(IndexAnswer.ASK_CHAIN);
        assertThat(decide(query(Action.READ), List.of(new GrantState(CATEGORY, NOW, false, 1),
                live(Bytes32.ZERO, 1)))).as("a clear grant beside a doubtful one").isEqualTo(IndexAnswer.ALLOW);
    }

    @Test
    void writeNeedsAConfirmedActiveProviderAndSuspensionDeniesEverything() {
        var grants = List.of(live(Bytes32.ZERO, 1));
        AccessQuery write = query(Action.WRITE);
        assertThat(RULE.decide(write, grants, Optional.empty(), Set.of())).isEqualTo(IndexAnswer.DENY);
        assertThat(RULE.decide(write, grants, Optional.of(new ProviderState(ProviderStatus.ACTIVE, 1)), Set.of()))
                .isEqualTo(IndexAnswer.ALLOW);
        assertThat(RULE.decide(write, grants, Optional.of(new ProviderState(ProviderStatus.ACTIVE, HEAD)), Set.of()))
                .as("accredited in the head block").isEqualTo(IndexAnswer.DENY);
        var suspended = Optional.of(new ProviderState(ProviderStatus.SUSPENDED, HEAD));
        assertThat(RULE.decide(write, grants, suspended, Set.of())).isEqualTo(IndexAnswer.DENY);
        assertThat(RULE.decide(query(Action.READ), grants, suspended, Set.of())).isEqualTo(IndexAnswer.DENY);
        assertThat(RULE.decide(query(Action.READ), grants, Optional.empty(), Set.of())).isEqualTo(IndexAnswer.ALLOW);
    }
}

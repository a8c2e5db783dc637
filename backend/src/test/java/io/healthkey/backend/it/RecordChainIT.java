package io.healthkey.backend.it;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.healthkey.backend.application.consent.RelayConsentUseCase;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.record.RecordRegistryPort;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.chain.ChainRequest;
import io.healthkey.backend.domain.chain.ChainRequestStatus;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.chain.SubjectOnlyIntent;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.domain.record.AnchorRequest;
import io.healthkey.backend.domain.record.AnchoredRecord;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.Grants;
import io.healthkey.backend.support.OutboxRelay;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.Providers;
import io.healthkey.backend.support.Records;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.content.Cid;
import io.healthkey.protocol.content.Codec;
import io.healthkey.protocol.eip712.TypedDataSigner;

/** {@link RecordRegistryPort} against the deployed RecordRegistry and ConsentRegistry on a real Hardhat node. */
class RecordChainIT extends BackendITSupport {

    private static final BigInteger LARGEST_SERIAL = BigInteger.TWO.pow(80).subtract(BigInteger.ONE);

    @Autowired
    RecordRegistryPort records;

    @Autowired
    ConsentRegistryPort consent;

    @Autowired
    RelayConsentUseCase consentUseCase;

    @Autowired
    Deployment deployment;

    @Autowired
    Web3j web3j;

    @Autowired
    OutboxAcceptor acceptor;

    @Autowired
    ChainRequestPort requests;

    private TypedDataSigner patient;
    private Providers providers;

    private OutboxRelay outbox() {
        return new OutboxRelay(acceptor, requests);
    }

    /** Relays the anchor through the outbox, as an upload does, and waits until it is confirmed. */
    private Mono<MinedTransaction> anchor(AnchorRequest request) {
        return Records.anchor(outbox(), records, request);
    }

    @BeforeEach
    void newPatient() {
        patient = Patients.newWallet();
        providers = Providers.asDeployer(web3j, deployment);
    }

    @Test
    void anchorsThePatientsOwnRecordAndReadsEveryFieldBackFromItsEvent() {
        RecordId id = RecordId.of(patient.address(), Category.OBSERVATION, 1);
        AnchorRequest request = new AnchorRequest(id, patient.address(), Records.rawCid("first"), Optional.empty());

        MinedTransaction mined = anchor(request).block();

        assertThat(records.anchored(id).block()).isEqualTo(new AnchoredRecord(id, patient.address(), request.cid(),
                Optional.empty(), mined.transactionHash(), mined.blockNumber()));
    }

    @Test
    void readsBackADagPbVersionWithTheVersionItSupersedes() {
        RecordId first = Records.anchorByPatient(outbox(), records, patient.address(), Category.CONDITION).id();
        RecordId second = RecordId.of(patient.address(), Category.CONDITION, 2);
        Cid dagPb = Cid.ofBlock(Codec.DAG_PB, "a dag-pb root".getBytes(StandardCharsets.UTF_8));

        MinedTransaction mined = anchor(
                new AnchorRequest(second, patient.address(), dagPb, Optional.of(first))).block();

        assertThat(records.anchored(second).block()).isEqualTo(new AnchoredRecord(second, patient.address(), dagPb,
                Optional.of(first), mined.transactionHash(), mined.blockNumber()));
    }

    @Test
    void findsNoAnchorForAnIdNeverAnchored() {
        Records.anchorByPatient(outbox(), records, patient.address(), Category.OBSERVATION);

        StepVerifier.create(records.anchored(RecordId.of(patient.address(), Category.OBSERVATION, 2)))
                .verifyComplete();
        StepVerifier.create(records.anchored(RecordId.of(Patients.newAddress(), Category.OBSERVATION, 1)))
                .verifyComplete();
    }

    @Test
    void isAnchoredAnswersTrueForExactlyTheIdsAnchored() {
        RecordId anchored = RecordId.of(patient.address(), Category.OBSERVATION, 3);
        assertThat(records.isAnchored(anchored).block()).isFalse();

        anchor(Records.byPatient(anchored)).block();

        assertThat(records.isAnchored(anchored).block()).isTrue();
        for (RecordId other : List.of(RecordId.of(patient.address(), Category.OBSERVATION, 2),
                RecordId.of(patient.address(), Category.OBSERVATION, 4),
                RecordId.of(patient.address(), Category.IMMUNIZATION, 3))) {
            assertThat(records.isAnchored(other).block()).as("%s", other).isFalse();
        }
    }

    @Test
    void anchorsLowSerialsAfterTheLargestSerialWasAnchored() {
        RecordId largest = RecordId.of(patient.address(), Category.OBSERVATION, LARGEST_SERIAL);
        anchor(Records.byPatient(largest)).block();

        for (RecordId id : List.of(RecordId.of(patient.address(), Category.OBSERVATION, 1),
                RecordId.of(patient.address(), Category.CONDITION, 1))) {
            anchor(Records.byPatient(id)).block();
            assertThat(records.anchored(id).block().id()).isEqualTo(id);
        }
        assertThat(records.isAnchored(largest).block()).isTrue();
    }

    @Test
    void rejectsAnIdTakenAlreadyInSimulationWithRecord0004AndSendsNothing() throws Exception {
        RecordId taken = RecordId.of(patient.address(), Category.OBSERVATION, 5);
        anchor(Records.byPatient(taken)).block();
        BigInteger relayerNonce = relayerNonce();

        AnchorRequest again = new AnchorRequest(taken, patient.address(), Records.rawCid("other"), Optional.empty());
        assertThat(assertFailsWith(records.simulateAnchor(again), ErrorCode.RECORD_ID_TAKEN))
                .hasMessageContaining("RecordRegistryIdTaken");
        assertFailsWith(anchor(again), ErrorCode.RECORD_ID_TAKEN);

        assertThat(relayerNonce()).isEqualTo(relayerNonce);
        assertThat(records.anchored(taken).block().cid()).isEqualTo(Records.byPatient(taken).cid());
    }

    @Test
    void rejectsAnAnchorByAnAccreditedProviderWithoutAWriteGrant() throws Exception {
        EthAddress provider = providers.newAccredited().address();
        AnchorRequest request = Records.by(provider, RecordId.of(patient.address(), Category.OBSERVATION, 1));
        BigInteger relayerNonce = relayerNonce();

        assertFailsWith(records.simulateAnchor(request), ErrorCode.RECORD_UNAUTHORIZED_AUTHOR);
        assertThat(assertFailsWith(anchor(request), ErrorCode.RECORD_UNAUTHORIZED_AUTHOR))
                .hasMessageContaining("RecordRegistryUnauthorizedAuthor")
                .hasMessageContaining(provider.toLowerHex());

        assertThat(relayerNonce()).isEqualTo(relayerNonce);
        StepVerifier.create(records.anchored(request.id())).verifyComplete();
    }

    @Test
    void anchorsAcceptedTogetherGoOutInOneBatchTransaction() {
        List<AnchorRequest> anchors = List.of(
                Records.byPatient(RecordId.of(patient.address(), Category.OBSERVATION, 1)),
                Records.byPatient(RecordId.of(patient.address(), Category.CONDITION, 2)),
                Records.byPatient(RecordId.of(patient.address(), Category.IMMUNIZATION, 3)));

        List<ChainRequest> ends = acceptTogetherAndAwait(anchors);

        assertThat(ends).allMatch(end -> end.status() == ChainRequestStatus.CONFIRMED);
        assertThat(ends.stream().map(end -> end.transaction().orElseThrow().transactionHash()).distinct())
                .as("one anchorBatch transaction").hasSize(1);
        for (AnchorRequest anchor : anchors) {
            assertThat(records.anchored(anchor.id()).block().cid()).isEqualTo(anchor.cid());
        }
    }

    @Test
    void aBatchThatWouldRevertIsSentOneByOneSoThatTheBadAnchorFailsAlone() {
        EthAddress provider = providers.newAccredited().address();
        List<AnchorRequest> anchors = List.of(
                Records.byPatient(RecordId.of(patient.address(), Category.OBSERVATION, 1)),
                Records.by(provider, RecordId.of(patient.address(), Category.CONDITION, 2)),
                Records.byPatient(RecordId.of(patient.address(), Category.IMMUNIZATION, 3)));

        List<ChainRequest> ends = acceptTogetherAndAwait(anchors);

        assertThat(ends.stream().map(ChainRequest::status).toList()).containsExactly(ChainRequestStatus.CONFIRMED,
                ChainRequestStatus.FAILED, ChainRequestStatus.CONFIRMED);
        assertThat(ends.get(1).failureCode()).contains(ErrorCode.RECORD_UNAUTHORIZED_AUTHOR.code());
        StepVerifier.create(records.anchored(anchors.get(1).id())).verifyComplete();
        assertThat(records.anchored(anchors.get(2).id()).block().cid()).isEqualTo(anchors.get(2).cid());
    }

    /** Accepts the anchors back to back, within one batch window, unsimulated; waits until each ends. */
    private List<ChainRequest> acceptTogetherAndAwait(List<AnchorRequest> anchors) {
        List<String> ids = anchors.stream()
                .map(anchor -> acceptor.accept(acceptor.newRequest(RelayKind.ANCHOR, anchor.author(),
                        anchor.id().patient(), anchor.id().toHex(), records.anchorCall(anchor), SubjectOnlyIntent.INSTANCE),
                        Mono.empty()).block().id())
                .toList();
        return ids.stream().map(id -> OutboxRelay.awaitEnd(requests, id)).toList();
    }

    @Test
    void mayWriteOnlyForAnActiveProviderThePatientGrantedWriteOnTheCategory() {
        EthAddress accredited = providers.newAccredited().address();
        EthAddress unaccredited = Patients.newAddress();
        assertThat(records.mayWrite(patient.address(), accredited, Category.OBSERVATION).block()).isFalse();

        Grants grants = new Grants(consent, consentUseCase, requests, deployment);
        grants.grant(patient, accredited, Scope.of(Category.OBSERVATION), Action.WRITE);
        grants.grant(patient, unaccredited, Scope.of(Category.OBSERVATION), Action.WRITE);

        assertThat(records.mayWrite(patient.address(), accredited, Category.OBSERVATION).block()).isTrue();
        assertThat(records.mayWrite(patient.address(), accredited, Category.CONDITION).block()).isFalse();
        assertThat(records.mayWrite(patient.address(), unaccredited, Category.OBSERVATION).block()).isFalse();
        assertThat(records.mayWrite(patient.address(), patient.address(), Category.OBSERVATION).block())
                .as("the patient needs no grant, and mayWriteCategory says so by answering false").isFalse();

        RecordId id = RecordId.of(patient.address(), Category.OBSERVATION, 1);
        anchor(Records.by(accredited, id)).block();
        assertThat(records.anchored(id).block().author()).isEqualTo(accredited);

        providers.suspend(accredited);
        assertThat(records.mayWrite(patient.address(), accredited, Category.OBSERVATION).block()).isFalse();
    }

    private BigInteger relayerNonce() throws Exception {
        return web3j.ethGetTransactionCount(consent.relayer().toString(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
    }
}

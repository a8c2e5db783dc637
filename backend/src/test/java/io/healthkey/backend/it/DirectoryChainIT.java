package io.healthkey.backend.it;

import static io.healthkey.backend.support.DomainErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.healthkey.backend.application.consent.ConsentRegistryPort;
import io.healthkey.backend.application.outbox.ChainRequestPort;
import io.healthkey.backend.application.directory.ParticipantDirectoryPort;
import io.healthkey.backend.application.directory.PublishKeyUseCase;
import io.healthkey.backend.application.outbox.OutboxAcceptor;
import io.healthkey.backend.domain.chain.MinedTransaction;
import io.healthkey.backend.domain.chain.RelayKind;
import io.healthkey.backend.domain.directory.ProviderStatus;
import io.healthkey.backend.domain.directory.PublishedKey;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.OutboxRelay;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.Providers;
import io.healthkey.protocol.EncryptionPrivateKey;
import io.healthkey.protocol.EncryptionPublicKey;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.KeyPublicationMessage;
import io.healthkey.protocol.eip712.TypedData;
import io.healthkey.protocol.eip712.TypedDataSigner;

/** {@link ParticipantDirectoryPort} against the deployed ParticipantDirectory on a real Hardhat node. */
class DirectoryChainIT extends BackendITSupport {

    @Autowired
    ParticipantDirectoryPort directory;

    @Autowired
    ConsentRegistryPort consent;

    @Autowired
    Deployment deployment;

    @Autowired
    Web3j web3j;

    private TypedDataSigner account;

    @Autowired
    OutboxAcceptor acceptor;

    @Autowired
    ChainRequestPort requests;

    @Autowired
    PublishKeyUseCase keys;

    /** Relays the publication through the outbox, as the API does, and waits until it is confirmed. */
    private Mono<MinedTransaction> publish(SignedKeyPublication publication) {
        EthAddress account = publication.publication().account();
        return new OutboxRelay(acceptor, requests).relay(RelayKind.KEY_PUBLICATION, account, account.toString(),
                directory.keyPublicationCall(publication));
    }

    @BeforeEach
    void newAccount() {
        account = Patients.newWallet();
    }

    @Test
    void publishesAKeyByItsOwnersSignatureAndReadsItBack() {
        StepVerifier.create(directory.encryptionKeyOf(account.address())).verifyComplete();
        EncryptionPublicKey first = EncryptionPrivateKey.generate().publicKey();
        EncryptionPublicKey second = EncryptionPrivateKey.generate().publicKey();

        publish(signed(first, BigInteger.ZERO)).block();
        assertThat(directory.encryptionKeyOf(account.address()).block()).isEqualTo(first);
        assertThat(directory.nextNonce(account.address()).block()).isEqualTo(1);

        publish(signed(second, BigInteger.ONE)).block();
        assertThat(directory.encryptionKeyOf(account.address()).block()).isEqualTo(second);
    }

    @Test
    void answersAKeyWithTheBlockAndTransactionThatPublishedItOnceIndexed() throws Exception {
        EncryptionPublicKey key = EncryptionPrivateKey.generate().publicKey();
        MinedTransaction mined = publish(signed(key, BigInteger.ZERO)).block();
        String blockHash = web3j.ethGetTransactionReceipt(mined.transactionHash()).send().getTransactionReceipt()
                .orElseThrow().getBlockHash();

        PublishedKey answered = keys.keyOf(account.address()).filter(published -> published.publication().isPresent())
                .repeatWhenEmpty(100, attempts -> attempts.delayElements(Duration.ofMillis(200)))
                .block(Duration.ofSeconds(30));

        assertThat(answered.key()).isEqualTo(key);
        assertThat(answered.publication()).hasValueSatisfying(at -> {
            assertThat(at.transactionHash()).isEqualTo(mined.transactionHash());
            assertThat(at.blockNumber()).isEqualTo(mined.blockNumber());
            assertThat(at.blockHash()).isEqualTo(blockHash);
        });
    }

    @Test
    void rejectsAReplayedPublicationAndSendsNothing() throws Exception {
        SignedKeyPublication publication = signed(EncryptionPrivateKey.generate().publicKey(), BigInteger.ZERO);
        publish(publication).block();
        BigInteger relayerNonce = relayerNonce();

        assertThat(assertFailsWith(publish(publication), ErrorCode.DIRECTORY_NONCE_MISMATCH))
                .hasMessageContaining("ParticipantDirectoryInvalidNonce")
                .hasMessageContaining("expected=1").hasMessageContaining("given=0");

        assertThat(relayerNonce()).isEqualTo(relayerNonce);
        assertThat(directory.nextNonce(account.address()).block()).isEqualTo(1);
    }

    @Test
    void rejectsAPublicationPastItsDeadline() {
        var late = new KeyPublicationMessage(account.address(), EncryptionPrivateKey.generate().publicKey(),
                BigInteger.ZERO, Instant.now().minus(Duration.ofMinutes(5)));

        assertFailsWith(publish(new SignedKeyPublication(late, account.sign(typedData(late)))),
                ErrorCode.DIRECTORY_SIGNATURE_EXPIRED);

        StepVerifier.create(directory.encryptionKeyOf(account.address())).verifyComplete();
        assertThat(directory.nextNonce(account.address()).block()).isZero();
    }

    @Test
    void followsAProviderFromNoneToActiveToSuspendedAndBack() {
        Providers providers = Providers.asDeployer(web3j, deployment);
        EthAddress provider = account.address();
        assertThat(directory.providerStatus(provider).block()).isEqualTo(ProviderStatus.NONE);

        providers.accredit(provider);
        assertThat(directory.providerStatus(provider).block()).isEqualTo(ProviderStatus.ACTIVE);

        providers.suspend(provider);
        assertThat(directory.providerStatus(provider).block()).isEqualTo(ProviderStatus.SUSPENDED);

        providers.reinstate(provider);
        assertThat(directory.providerStatus(provider).block()).isEqualTo(ProviderStatus.ACTIVE);
    }

    private SignedKeyPublication signed(EncryptionPublicKey key, BigInteger nonce) {
        var publication = new KeyPublicationMessage(account.address(), key, nonce,
                Instant.now().plus(Duration.ofHours(1)));
        return new SignedKeyPublication(publication, account.sign(typedData(publication)));
    }

    private TypedData typedData(KeyPublicationMessage publication) {
        return TypedData.of(Eip712Domain.participantDirectory(deployment.chainId(), deployment.participantDirectory()),
                publication);
    }

    private BigInteger relayerNonce() throws Exception {
        return web3j.ethGetTransactionCount(consent.relayer().toString(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount();
    }
}

package io.healthkey.backend.application.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.outbound.token.HmacSessionTokens;
import io.healthkey.backend.support.fakes.InMemoryAccountSignatures;
import io.healthkey.backend.domain.auth.IssuedSession;
import io.healthkey.backend.support.MutableClock;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.domain.auth.NonceConsumption;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.auth.SignInNonce;
import io.healthkey.backend.domain.auth.SignInPolicy;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.account.Erc6492Signature;
import io.healthkey.protocol.siwe.SiweMessage;
import io.healthkey.protocol.siwe.SiweSignatures;
import io.healthkey.protocol.siwe.SiweTime;

class SignInServiceTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final SignInPolicy POLICY = new SignInPolicy(List.of("localhost:8080"), List.of("http://localhost:8080"),
            31337, Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofSeconds(30));

    /** The nonce table in memory, with the adapter's semantics. */
    static final class InMemoryNonces implements SignInNoncePort {
        final Map<String, SignInNonce> issued = new HashMap<>();
        final Map<String, Instant> consumed = new HashMap<>();

        @Override
        public Mono<Void> save(SignInNonce nonce) {
            issued.put(nonce.value(), nonce);
            return Mono.empty();
        }

        @Override
        public synchronized Mono<NonceConsumption> consume(String nonce, Instant now) {
            SignInNonce found = issued.get(nonce);
            if (found == null) {
                return Mono.just(NonceConsumption.UNKNOWN);
            }
            if (consumed.containsKey(nonce)) {
                return Mono.just(NonceConsumption.ALREADY_USED);
            }
            if (!now.isBefore(found.expiresAt())) {
                return Mono.just(NonceConsumption.EXPIRED);
            }
            consumed.put(nonce, now);
            return Mono.just(NonceConsumption.CONSUMED);
        }
    }

    final InMemoryNonces nonces = new InMemoryNonces();
    final MutableClock clock = new MutableClock(NOW);
    final InMemoryAccountSignatures contractWallets = new InMemoryAccountSignatures();
    final EndedSessions ended = new EndedSessions(POLICY.sessionTtl(), clock);
    final SignInService service = new SignInService(POLICY, nonces,
            new HmacSessionTokens("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)),
            contractWallets, ended, clock);
    final ECKeyPair key = keyPair();
    final EthAddress address = EthAddress.parse("0x" + Keys.getAddress(key));


    static AccountSignature sign(SiweMessage message, ECKeyPair key) {
        return AccountSignature.of(SiweSignatures.sign(message, key));
    }

    static ECKeyPair keyPair() {
        try {
            return Keys.createEcKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    SiweMessage message(String nonce) {
        return SiweMessage.builder("localhost:8080", address, "http://localhost:8080", 31337, nonce,
                SiweTime.of(clock.now)).statement("Sign in to HealthKey.").build();
    }

    static void assertFailsWith(Mono<?> mono, ErrorCode code) {
        assertThatThrownBy(mono::block).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.errorCode()).isEqualTo(code));
    }

    @Test
    void issuesRandomAlphanumericNoncesThatExpireWithTheTtl() {
        SignInNonce first = service.issueNonce().block();
        SignInNonce second = service.issueNonce().block();

        assertThat(first.value()).matches("[0-9a-f]{32}").isNotEqualTo(second.value());
        assertThat(first.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(nonces.issued).containsKeys(first.value(), second.value());
    }

    @Test
    void signsInOnceWithAFreshNonceAndTheTokenAuthenticatesTheAddress() {
        SiweMessage message = message(service.issueNonce().block().value());

        IssuedSession issued = service.signIn(message, sign(message, key)).block();

        assertThat(issued.session().address()).isEqualTo(address);
        assertThat(issued.session().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(service.authenticate(issued.token())).isEqualTo(issued.session());
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void rejectsAReplayedMessageAsAConflict() {
        SiweMessage message = message(service.issueNonce().block().value());
        service.signIn(message, sign(message, key)).block();

        assertFailsWith(service.signIn(message, sign(message, key)), ErrorCode.AUTH_NONCE_USED);
    }

    @Test
    void rejectsNoncesItDidNotIssueOrThatExpired() {
        SiweMessage unknown = message("notIssuedByUs123");
        assertFailsWith(service.signIn(unknown, sign(unknown, key)), ErrorCode.AUTH_NONCE_UNKNOWN);

        SiweMessage late = message(service.issueNonce().block().value());
        clock.now = NOW.plus(Duration.ofMinutes(5));
        assertFailsWith(service.signIn(late, sign(late, key)), ErrorCode.AUTH_NONCE_UNKNOWN);
    }

    @Test
    void rejectsASignatureByAnotherKeyWithoutSpendingTheNonce() {
        SiweMessage message = message(service.issueNonce().block().value());
        ECKeyPair mallory = keyPair();
        SiweMessage forMallory = SiweMessage.builder(message.domain(),
                EthAddress.parse("0x" + Keys.getAddress(mallory)), message.uri(), message.chainId(), message.nonce(),
                message.issuedAt()).statement(message.statement()).build();

        assertFailsWith(service.signIn(message, sign(forMallory, mallory)),
                ErrorCode.AUTH_INVALID_SIGNER);
        assertThat(nonces.consumed).isEmpty();
        assertThat(service.signIn(message, sign(message, key)).block()).isNotNull();
    }

    @Test
    void signsInAContractWalletWhoseIsValidSignatureAcceptsItsOwnersSignature() {
        EthAddress wallet = EthAddress.parse("0x" + "77".repeat(20));
        SiweMessage message = SiweMessage.builder("localhost:8080", wallet, "http://localhost:8080", 31337,
                service.issueNonce().block().value(), SiweTime.of(clock.now)).build();
        contractWallets.walletOf(wallet, address, SiweSignatures.digest(message));

        IssuedSession issued = service.signIn(message, ownerSignature(message, key)).block();

        assertThat(issued.session().address()).isEqualTo(wallet);
    }

    @Test
    void aContractWalletThatRefusesOrAChainThatCannotAnswerLeavesTheNonceUnspent() {
        EthAddress wallet = EthAddress.parse("0x" + "77".repeat(20));
        String nonce = service.issueNonce().block().value();
        SiweMessage message = SiweMessage.builder("localhost:8080", wallet, "http://localhost:8080", 31337, nonce,
                SiweTime.of(clock.now)).build();
        contractWallets.walletOf(wallet, EthAddress.parse("0x" + "66".repeat(20)), SiweSignatures.digest(message));

        assertFailsWith(service.signIn(message, ownerSignature(message, key)), ErrorCode.AUTH_INVALID_SIGNER);
        contractWallets.chainDown = true;
        assertFailsWith(service.signIn(message, ownerSignature(message, key)), ErrorCode.CHAIN_UNAVAILABLE);
        contractWallets.chainDown = false;
        contractWallets.walletOf(wallet, address, SiweSignatures.digest(message));
        assertThat(service.signIn(message, ownerSignature(message, key)).block().session().address()).isEqualTo(wallet);
    }

    @Test
    void signsInAnAccountNotDeployedYetThroughItsFactorysErc6492Wrapper() {
        EthAddress account = EthAddress.parse("0x" + "78".repeat(20));
        EthAddress factory = EthAddress.parse("0x" + "f0".repeat(20));
        SiweMessage message = SiweMessage.builder("localhost:8080", account, "http://localhost:8080", 31337,
                service.issueNonce().block().value(), SiweTime.of(clock.now)).build();
        contractWallets.counterfactual(account, factory, address, SiweSignatures.digest(message));
        AccountSignature inner = ownerSignature(message, key);

        assertFailsWith(service.signIn(message, inner), ErrorCode.AUTH_INVALID_SIGNER);
        assertFailsWith(service.signIn(message, wrapped(EthAddress.parse("0x" + "f1".repeat(20)), inner)),
                ErrorCode.AUTH_INVALID_SIGNER);
        assertThat(nonces.consumed).isEmpty();
        assertThat(service.signIn(message, wrapped(factory, inner)).block().session().address()).isEqualTo(account);
    }

    @Test
    void judgesAnEoaSignatureWithoutAskingTheChain() {
        SiweMessage message = message(service.issueNonce().block().value());
        contractWallets.chainDown = true;

        assertThat(service.signIn(message, sign(message, key)).block().session().address()).isEqualTo(address);
        assertThat(contractWallets.chainCalls).isZero();
    }

    private static AccountSignature wrapped(EthAddress factory, AccountSignature inner) {
        return new Erc6492Signature(factory, new byte[] {1, 2, 3, 4}, inner).toAccountSignature();
    }

    /** What a contract wallet's owner signs: the EIP-191 digest of the message that names the wallet. */
    static AccountSignature ownerSignature(SiweMessage message, ECKeyPair owner) {
        return AccountSignature.fromBytes(Patients.signDigest(owner, SiweSignatures.digest(message).toBytes()));
    }

    @Test
    void rejectsPolicyViolationsBeforeTouchingTheNonce() {
        String nonce = service.issueNonce().block().value();
        SiweMessage otherChain = SiweMessage.builder("localhost:8080", address, "http://localhost:8080", 1, nonce,
                SiweTime.of(NOW)).build();

        assertFailsWith(service.signIn(otherChain, sign(otherChain, key)),
                ErrorCode.AUTH_CHAIN_MISMATCH);
        assertThat(nonces.consumed).isEmpty();
    }

    @Test
    void tokensExpireWithTheirSession() {
        SiweMessage message = message(service.issueNonce().block().value());
        String token = service.signIn(message, sign(message, key)).block().token();
        Session session = service.authenticate(token);

        clock.now = session.expiresAt();

        assertThatThrownBy(() -> service.authenticate(token)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH_TOKEN_EXPIRED));
    }

    @Test
    void aSignerChangeEndsTheSessionsIssuedBeforeItAndNotThoseAfter() {
        SiweMessage first = message(service.issueNonce().block().value());
        String before = service.signIn(first, sign(first, key)).block().token();
        clock.now = NOW.plusSeconds(60);

        ended.endAllOf(address);
        clock.now = NOW.plusSeconds(61);
        SiweMessage second = message(service.issueNonce().block().value());
        String after = service.signIn(second, sign(second, key)).block().token();

        assertThatThrownBy(() -> service.authenticate(before)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH_TOKEN_EXPIRED));
        assertThat(service.authenticate(after).address()).isEqualTo(address);
    }

    @Test
    void aSignerChangeEndsOnlyThatAccountsSessions() {
        ECKeyPair otherKey = keyPair();
        EthAddress other = EthAddress.parse("0x" + Keys.getAddress(otherKey));
        SiweMessage message = message(service.issueNonce().block().value());
        String token = service.signIn(message, sign(message, key)).block().token();

        ended.endAllOf(other);

        assertThat(service.authenticate(token).address()).isEqualTo(address);
    }
}

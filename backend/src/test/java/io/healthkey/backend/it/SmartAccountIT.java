package io.healthkey.backend.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.support.ApiClient;
import io.healthkey.backend.support.BackendITSupport;
import io.healthkey.backend.support.ContractWallets;
import io.healthkey.backend.support.Erc7739;
import io.healthkey.backend.support.LocalStack;
import io.healthkey.backend.support.PasskeyAccounts;
import io.healthkey.backend.support.Patients;
import io.healthkey.backend.support.SignIn;
import io.healthkey.backend.support.SoftwarePasskey;
import io.healthkey.backend.support.Wallet;
import io.healthkey.protocol.Action;
import io.healthkey.protocol.Category;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.Hex;
import io.healthkey.protocol.Purpose;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.account.AccountSignature;
import io.healthkey.protocol.account.Erc6492Signature;
import io.healthkey.protocol.eip712.Eip712Domain;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.TypedData;

/**
 * Smart-account patients against the real chain: a passkey account (software authenticator) signs in before it
 * exists (ERC-6492) and its first grant makes the relayer deploy it; a 2-of-3 multi-signer account signs in and
 * grants; a wallet that says yes to everything acts for itself only; a wallet that passes simulation and fails when
 * mined costs one reverted transaction and is then refused until it changes; oversized and garbled signatures are
 * 422.
 */
class SmartAccountIT extends BackendITSupport {

    @Autowired
    Web3j web3j;

    private Eip712Domain domain;
    private ConsentRegistry chainView;
    private EthAddress factory;
    private final EthAddress doctor = Patients.newAddress();

    @BeforeEach
    void network() {
        Map<?, ?> network = http.get().uri("/api/v1/network").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        EthAddress consentRegistry = EthAddress.parse((String) ((Map<?, ?>) network.get("contracts"))
                .get("consentRegistry"));
        domain = Eip712Domain.consentRegistry(CHAIN_ID, consentRegistry);
        chainView = ConsentRegistry.load(consentRegistry.toString(), web3j,
                new ReadonlyTransactionManager(web3j, consentRegistry.toString()), new DefaultGasProvider());
        Map<?, ?> accounts = (Map<?, ?>) network.get("accounts");
        factory = EthAddress.parse((String) ((List<?>) accounts.get("factories")).get(0));
        assertThat(accounts.get("counterfactualAccountRelay")).isNotNull();
    }

    @Test
    void aPasskeyPatientSignsInBeforeItsAccountExistsAndItsFirstGrantDeploysIt() throws Exception {
        SoftwarePasskey passkey = new SoftwarePasskey();
        PasskeyAccounts accounts = new PasskeyAccounts(web3j, factory);
        EthAddress account = accounts.predict(passkey);
        Erc7739 envelope = Erc7739.passkeyAccount(CHAIN_ID, account);
        assertThat(accounts.isDeployed(account)).isFalse();

        WebTestClient patient = signIn(account, digest -> accounts.wrap(passkey,
                envelope.signPersonal(digest, passkey::sign)));
        GrantMessage grant = grant(account, BigInteger.ZERO);
        byte[] inner = envelope.signTypedData(TypedData.of(domain, grant), passkey::sign);
        confirmed(patient, relay(patient, grant, accounts.wrap(passkey, inner)));

        assertThat(accounts.isDeployed(account)).isTrue();
        assertThat(hasAccessOnChain(account)).isTrue();
        assertThat(accounts.balance(account)).as("the patient needs no ETH").isZero();
        // Deployed now: the next grant's inner signature goes to the registry as it is.
        GrantMessage next = grant(account, BigInteger.ONE);
        confirmed(patient, relay(patient, next, Hex.encode(envelope.signTypedData(TypedData.of(domain, next),
                passkey::sign))));
    }

    @Test
    void aTwoOfThreeMultiSignerAccountSignsInAndGrantsWithTwoOwnersOnly() throws Exception {
        List<ECKeyPair> owners = List.of(Patients.newKeyPair(), Patients.newKeyPair(), Patients.newKeyPair());
        EthAddress multisig = ContractWallets.deployMock(web3j, CHAIN_ID, stack().root(), "MultiSignerAccountMock",
                FunctionEncoder.encodeConstructor(List.of(new DynamicArray<>(DynamicBytes.class, owners.stream()
                        .map(owner -> new DynamicBytes(Numeric.hexStringToByteArray(Keys.getAddress(owner))))
                        .toList()), new Uint64(2))));
        Erc7739 envelope = Erc7739.multiSignerMock(CHAIN_ID, multisig);
        UnaryOperator<byte[]> firstAndLast = multiSign(owners.get(0), owners.get(2));

        WebTestClient patient = signIn(multisig, digest -> Hex.encode(envelope.signPersonal(digest, firstAndLast)));
        GrantMessage grant = grant(multisig, BigInteger.ZERO);
        String oneOwner = Hex.encode(envelope.signTypedData(TypedData.of(domain, grant), multiSign(owners.get(1))));
        problem(relay(patient, grant, oneOwner), 422, "CONSENT-0001");
        confirmed(patient, relay(patient, grant, Hex.encode(envelope.signTypedData(TypedData.of(domain, grant),
                firstAndLast))));

        assertThat(hasAccessOnChain(multisig)).isTrue();
    }

    @Test
    void aWalletThatSaysYesToEverythingActsForItselfOnly() throws Exception {
        EthAddress yes = ContractWallets.deployMock(web3j, CHAIN_ID, stack().root(), "YesWalletMock", "");
        WebTestClient yesSession = signIn(yes, digest -> "0x00");
        Wallet eoa = Wallet.create();
        WebTestClient eoaSession = as(eoa);
        GrantMessage forEoa = grant(eoa.address(), BigInteger.ZERO);

        problem(relay(yesSession, forEoa, "0x00"), 403, "REQUEST-0007");
        problem(relay(eoaSession, forEoa, "0x00"), 422, "CONSENT-0001");
        String yesAsFactory = new Erc6492Signature(yes, new byte[] {0}, AccountSignature.fromBytes(new byte[] {0}))
                .toAccountSignature().toHex();
        problem(relay(eoaSession, forEoa, yesAsFactory), 422, "ACCOUNT-0001");
        assertThat(hasAccessOnChain(eoa.address())).isFalse();

        confirmed(yesSession, relay(yesSession, grant(yes, BigInteger.ZERO), "0x00"));
        assertThat(hasAccessOnChain(yes)).as("what a wallet's own code allows, for itself").isTrue();
    }

    @Test
    void aWalletThatPassesSimulationAndFailsWhenMinedCostsOneRevertAndIsRefusedUntilItChanges() throws Exception {
        EthAddress toggle = ContractWallets.deployMock(web3j, CHAIN_ID, stack().root(), "ToggleWalletMock", "");
        WebTestClient wallet = signIn(toggle, digest -> "0x00");
        String statusUrl;
        stack().automine(false);
        try {
            statusUrl = ApiClient.accepted(relay(wallet, grant(toggle, BigInteger.ZERO), "0x00"));
            awaitStatus(wallet, statusUrl, "SENT");
            setAccepting(toggle, false);
        } finally {
            stack().automine(true);
            stack().mine();
        }
        // Reverted when mined; the signed grant may still land (the wallet could accept again), so it stays MINED.
        awaitStatus(wallet, statusUrl, "MINED");
        assertThat(hasAccessOnChain(toggle)).isFalse();

        problem(relay(wallet, grant(toggle, BigInteger.ONE), "0x00"), 409, "ACCOUNT-0004");
        setAccepting(toggle, true);
        ApiClient.accepted(relay(wallet, grant(toggle, BigInteger.ONE), "0x00"));
    }

    /** The deployer flips the wallet, with a tip that puts its transaction first in the next block. */
    private void setAccepting(EthAddress wallet, boolean accepting) throws Exception {
        var receipts = new PollingTransactionReceiptProcessor(web3j, 50, 1_200);
        var deployer = new RawTransactionManager(web3j, Credentials.create(LocalStack.DEPLOYER_KEY), CHAIN_ID,
                receipts);
        String call = FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("setAccepting",
                List.of(new org.web3j.abi.datatypes.Bool(accepting)), List.of()));
        BigInteger tip = BigInteger.valueOf(50_000_000_000L);
        var sent = deployer.sendEIP1559Transaction(CHAIN_ID, tip, tip.multiply(BigInteger.valueOf(4)),
                BigInteger.valueOf(100_000), wallet.toString(), call, BigInteger.ZERO);
        assertThat(sent.hasError()).as("setAccepting sent").isFalse();
        if (accepting) {
            receipts.waitForTransactionReceipt(sent.getTransactionHash());
        }
    }

    private static Map<?, ?> awaitStatus(WebTestClient client, String statusUrl, String wanted)
            throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Map<?, ?> status = client.get().uri(statusUrl).exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            if (wanted.equals(status.get("status")) || Instant.now().isAfter(until)) {
                assertThat(status.get("status")).isEqualTo(wanted);
                return status;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void anOversizedOrGarbledSignatureIs422NamesTheFieldAndEchoesNothing() {
        Wallet eoa = Wallet.create();
        WebTestClient session = as(eoa);
        GrantMessage grant = grant(eoa.address(), BigInteger.ZERO);
        String oversized = "0x" + "ab".repeat(AccountSignature.MAX_BYTES + 1);
        String oddDigits = "0x" + "abc".repeat(31);
        String nonCanonicalWrapper = "0x" + "cd".repeat(64) + "6492".repeat(16);

        for (String signature : List.of(oversized, oddDigits, nonCanonicalWrapper)) {
            String body = problem(relay(session, grant, signature), 422, "REQUEST-0002");
            assertThat(body).contains("signature").doesNotContain(signature.substring(2, 40));
        }
        assertThat(problem(relay(session, grant, "0x"), 422, "REQUEST-0002")).contains("signature");
    }

    private WebTestClient signIn(EthAddress account, Function<io.healthkey.protocol.Bytes32, String> sign) {
        return SignIn.as(http, account, sign, CHAIN_ID);
    }

    /** MultiSignerERC7913's signature: abi.encode(bytes[] signers, bytes[] signatures), an EOA signer its address. */
    private static UnaryOperator<byte[]> multiSign(ECKeyPair... owners) {
        return hash -> Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(
                new DynamicArray<>(DynamicBytes.class, java.util.Arrays.stream(owners)
                        .map(owner -> new DynamicBytes(Numeric.hexStringToByteArray(Keys.getAddress(owner))))
                        .toList()),
                new DynamicArray<>(DynamicBytes.class, java.util.Arrays.stream(owners)
                        .map(owner -> new DynamicBytes(Patients.signDigest(owner, hash))).toList()))));
    }

    private GrantMessage grant(EthAddress patient, BigInteger nonce) {
        return new GrantMessage(patient, doctor, Scope.all(), Action.READ, Purpose.TREAT,
                Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS), nonce,
                Instant.now().plus(Duration.ofHours(1)));
    }

    @SuppressWarnings("unchecked")
    private WebTestClient.ResponseSpec relay(WebTestClient client, GrantMessage grant, String signature) {
        Map<String, Object> body = new HashMap<>();
        body.put("grant", new HashMap<>((Map<String, Object>) TypedData.of(domain, grant).toMap().get("message")));
        body.put("signature", signature);
        return client.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static void confirmed(WebTestClient client, WebTestClient.ResponseSpec response) {
        ApiClient.awaitConfirmed(client, ApiClient.accepted(response));
    }

    private static String problem(WebTestClient.ResponseSpec response, int status, String code) {
        String body = response.expectStatus().isEqualTo(status).expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(body).contains("\"code\":\"" + code + "\"");
        return body;
    }

    private boolean hasAccessOnChain(EthAddress patient) throws Exception {
        RecordId anyRecord = RecordId.of(patient, Category.OBSERVATION, 1);
        return chainView.hasAccess(patient.toString(), doctor.toString(), anyRecord.toBytes32().toBytes(),
                BigInteger.valueOf(Action.READ.code())).send();
    }
}

package io.healthkey.backend.support;

import java.math.BigInteger;

import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

import io.healthkey.backend.adapter.outbound.chain.contracts.ParticipantDirectory;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.TypedDataSigner;

/**
 * Accredits, suspends and reinstates providers in the {@code ParticipantDirectory} as the deployer, who holds
 * {@code ACCREDITOR_ROLE} on a dev deployment ({@code scripts/deploy.js}). Sends with web3j directly, not through
 * the backend, which holds no accreditor key. Every call waits until its transaction is mined.
 */
public final class Providers {

    /** Suspension reasons are not assigned yet (docs/CODES.md); tests use this one. */
    public static final int UNASSIGNED_REASON = 1;

    private final ParticipantDirectory directory;

    private Providers(ParticipantDirectory directory) {
        this.directory = directory;
    }

    /** Sends as {@link LocalStack#DEPLOYER_KEY} to the deployment's directory. */
    public static Providers asDeployer(Web3j web3j, Deployment deployment) {
        var receipts = new PollingTransactionReceiptProcessor(web3j, 50, 1_200);
        var sender = new RawTransactionManager(web3j, Credentials.create(LocalStack.DEPLOYER_KEY),
                deployment.chainId(), receipts);
        return new Providers(ParticipantDirectory.load(deployment.participantDirectory().toString(), web3j, sender,
                new DefaultGasProvider()));
    }

    /** A fresh wallet, accredited and active. */
    public TypedDataSigner newAccredited() {
        TypedDataSigner provider = Patients.newWallet();
        accredit(provider.address());
        return provider;
    }

    /** Accredits {@code provider} under a name and licence hash derived from its address. */
    public void accredit(EthAddress provider) {
        mined(directory.accredit(provider.toString(), "Test clinic " + provider,
                Hash.sha3(provider.toBytes())));
    }

    /** Accredits {@code provider} unless it already is (shared test clinics are accredited once per chain). */
    public void accreditIfNeeded(EthAddress provider) {
        try {
            if (directory.providerStatus(provider.toString()).send().intValue() == 0) {
                accredit(provider);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not read the provider's status", e);
        }
    }

    public void suspend(EthAddress provider) {
        mined(directory.suspend(provider.toString(), BigInteger.valueOf(UNASSIGNED_REASON)));
    }

    public void reinstate(EthAddress provider) {
        mined(directory.reinstate(provider.toString()));
    }

    private static void mined(RemoteFunctionCall<TransactionReceipt> transaction) {
        try {
            transaction.send();  // throws TransactionException if the receipt's status is a revert
        } catch (Exception e) {
            throw new IllegalStateException("directory transaction failed", e);
        }
    }
}

package io.healthkey.backend.adapter.outbound.chain;

import java.util.List;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.utils.Numeric;

import io.healthkey.backend.application.account.AccountRelayPort;
import io.healthkey.backend.domain.account.AccountContracts;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.account.Erc6492Signature;

/** {@link AccountRelayPort}: {@code CounterfactualAccountRelay.deployAndCall}, ABI-encoded. */
final class CounterfactualAccountRelayAdapter implements AccountRelayPort {

    private final AccountContracts contracts;

    CounterfactualAccountRelayAdapter(AccountContracts contracts) {
        this.contracts = contracts;
    }

    @Override
    public ChainCall deployAndCall(EthAddress account, Erc6492Signature wrapper, ChainCall call) {
        EthAddress relay = contracts.relay().orElseThrow(() -> new IllegalStateException(
                "the deployment has no CounterfactualAccountRelay"));
        Function deployAndCall = new Function("deployAndCall", List.of(new Address(account.toString()),
                new Address(wrapper.factory().toString()), new DynamicBytes(wrapper.factoryCalldata()),
                new Address(call.target().toString()), new DynamicBytes(Numeric.hexStringToByteArray(call.calldata()))),
                List.of());
        return new ChainCall(relay, FunctionEncoder.encode(deployAndCall));
    }
}

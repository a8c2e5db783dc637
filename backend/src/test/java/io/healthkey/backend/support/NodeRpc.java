package io.healthkey.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/** A dev node's own JSON-RPC methods (evm_setAutomine, evm_mine, ...) that web3j has no call for. */
final class NodeRpc {

    private static final String CHAIN_ID_CALL =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}";

    private NodeRpc() {
    }

    /** Waits until the node at {@code rpcUrl} answers {@code eth_chainId}, checking {@code alive} in between. */
    static void awaitAnswer(URI rpcUrl, Duration timeout, Runnable alive) {
        Loopback.awaitPost(rpcUrl, CHAIN_ID_CALL, timeout, alive);
    }

    /** Calls {@code method} on the node at {@code rpcUrl}; an error answer fails. */
    static void call(URI rpcUrl, String method, List<?> params) {
        try {
            VoidResponse answer = new Request<>(method, params, new HttpService(rpcUrl.toString()),
                    VoidResponse.class).send();
            if (answer.hasError()) {
                throw new IllegalStateException(method + " failed: " + answer.getError().getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.action;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.encryptionKey;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.epochSeconds;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.purpose;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.scope;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.uint;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.application.typeddata.TypedDataUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.TypedData;

/**
 * The typed data a wallet signs, for the signed-in account: pass the answer as it is to
 * {@code eth_signTypedData_v4} (or ethers' {@code signTypedData(domain, types minus EIP712Domain, message)}), then
 * post the message and the signature back. Without a {@code deadline}, the signature is valid for an hour.
 */
@RestController
@RequestMapping("/api/v1/typed-data")
@Tag(name = "Typed data", description = "EIP-712 typed data to sign with a wallet, nonce filled in from the chain")
class TypedDataController {

    private final TypedDataUseCase typedData;

    TypedDataController(TypedDataUseCase typedData) {
        this.typedData = typedData;
    }

    @GetMapping("/grant")
    @Operation(summary = "A Grant for the signed-in patient to sign")
    Mono<Map<String, Object>> grant(@Parameter(hidden = true) Session session, @RequestParam String grantee,
            @RequestParam String scope, @RequestParam String action, @RequestParam String purpose,
            @RequestParam String expiresAt, @RequestParam(required = false) String deadline) {
        EthAddress patient = session.address();
        return Mono.defer(() -> typedData.grant(patient, address("grantee", grantee), scope("scope", patient, scope),
                        action("action", action), purpose("purpose", purpose), epochSeconds("expiresAt", expiresAt),
                        deadline(deadline)))
                .map(TypedData::toMap);
    }

    @GetMapping("/revocation")
    @Operation(summary = "A Revocation for the signed-in patient to sign")
    Mono<Map<String, Object>> revocation(@Parameter(hidden = true) Session session, @RequestParam String grantee,
            @RequestParam String scope, @RequestParam String action, @RequestParam(required = false) String deadline) {
        EthAddress patient = session.address();
        return Mono.defer(() -> typedData.revocation(patient, address("grantee", grantee),
                        scope("scope", patient, scope), action("action", action), deadline(deadline)))
                .map(TypedData::toMap);
    }

    @GetMapping("/nonce-cancellation")
    @Operation(summary = "A CancelNonces for the signed-in patient to sign: voids every signature made with a nonce "
            + "from the patient's next one up to newNonce (excluded)")
    Mono<Map<String, Object>> nonceCancellation(@Parameter(hidden = true) Session session,
            @RequestParam String newNonce, @RequestParam(required = false) String deadline) {
        return Mono.defer(() -> typedData.nonceCancellation(session.address(), uint("newNonce", newNonce),
                        deadline(deadline)))
                .map(TypedData::toMap);
    }

    @GetMapping("/key-publication")
    @Operation(summary = "A KeyPublication of the signed-in account's encryption key to sign")
    Mono<Map<String, Object>> keyPublication(@Parameter(hidden = true) Session session,
            @RequestParam String publicKey, @RequestParam(required = false) String deadline) {
        return Mono.defer(() -> typedData.keyPublication(session.address(), encryptionKey("publicKey", publicKey),
                        deadline(deadline)))
                .map(TypedData::toMap);
    }

    private static Optional<Instant> deadline(String deadline) {
        return deadline == null ? Optional.empty() : Optional.of(epochSeconds("deadline", deadline));
    }
}

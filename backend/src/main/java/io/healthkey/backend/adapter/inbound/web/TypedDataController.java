package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.action;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.encryptionKey;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.epochSeconds;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.purpose;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.scope;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.uint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.typeddata.TypedDataUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.ErrorCode;
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

    static final String DEADLINE = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT
            + "; default: one hour from now (or the deadline cap, if shorter)";

    private final TypedDataUseCase typedData;

    TypedDataController(TypedDataUseCase typedData) {
        this.typedData = typedData;
    }

    @GetMapping("/grant")
    @Operation(operationId = "grantTypedData", summary = "A Grant for the signed-in patient to sign")
    @ApiResponse(responseCode = "200", description = "the eth_signTypedData_v4 parameter",
            content = @Content(schema = @Schema(implementation = TypedDataDocument.class)))
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CONSENT_EXPIRY_IN_PAST, ErrorCode.CHAIN_UNAVAILABLE},
            protocol = "PROTO-0003")
    Mono<Map<String, Object>> grant(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String grantee,
            @Parameter(description = ConsentDtos.SCOPE, schema = @Schema(pattern = ApiPatterns.BYTES32))
            @RequestParam String scope,
            @Parameter(description = ConsentDtos.ACTION, schema = @Schema(pattern = ConsentDtos.ACTION_PATTERN))
            @RequestParam String action,
            @Parameter(description = ConsentDtos.PURPOSE, schema = @Schema(pattern = ConsentDtos.PURPOSE_PATTERN))
            @RequestParam String purpose,
            @Parameter(description = "when the grant ends: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS)) @RequestParam String expiresAt,
            @Parameter(description = DEADLINE, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam(required = false) String deadline) {
        EthAddress patient = session.address();
        return Mono.defer(() -> typedData.grant(patient, address("grantee", grantee), scope("scope", patient, scope),
                        action("action", action), purpose("purpose", purpose), epochSeconds("expiresAt", expiresAt),
                        deadline(deadline)))
                .map(TypedData::toMap);
    }

    @GetMapping("/revocation")
    @Operation(operationId = "revocationTypedData", summary = "A Revocation for the signed-in patient to sign")
    @ApiResponse(responseCode = "200", description = "the eth_signTypedData_v4 parameter",
            content = @Content(schema = @Schema(implementation = TypedDataDocument.class)))
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CHAIN_UNAVAILABLE}, protocol = "PROTO-0003")
    Mono<Map<String, Object>> revocation(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @RequestParam String grantee,
            @Parameter(description = ConsentDtos.SCOPE, schema = @Schema(pattern = ApiPatterns.BYTES32))
            @RequestParam String scope,
            @Parameter(description = ConsentDtos.ACTION, schema = @Schema(pattern = ConsentDtos.ACTION_PATTERN))
            @RequestParam String action,
            @Parameter(description = DEADLINE, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam(required = false) String deadline) {
        EthAddress patient = session.address();
        return Mono.defer(() -> typedData.revocation(patient, address("grantee", grantee),
                        scope("scope", patient, scope), action("action", action), deadline(deadline)))
                .map(TypedData::toMap);
    }

    @GetMapping("/nonce-cancellation")
    @Operation(operationId = "nonceCancellationTypedData",
            summary = "A CancelNonces for the signed-in patient to sign: voids every signature made with a nonce "
                    + "from the patient's next one up to newNonce (excluded)")
    @ApiResponse(responseCode = "200", description = "the eth_signTypedData_v4 parameter",
            content = @Content(schema = @Schema(implementation = TypedDataDocument.class)))
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CONSENT_SIGNATURE_EXPIRED,
            ErrorCode.CONSENT_DEADLINE_TOO_FAR, ErrorCode.CONSENT_INVALID_NEW_NONCE, ErrorCode.CHAIN_UNAVAILABLE},
            protocol = "PROTO-0003")
    Mono<Map<String, Object>> nonceCancellation(@Parameter(hidden = true) Session session,
            @Parameter(description = "the nonce the patient's next message will carry; uint256 in decimal, after the "
                    + "next nonce and at most 2^32 after it", schema = @Schema(pattern = ApiPatterns.UINT))
            @RequestParam String newNonce,
            @Parameter(description = DEADLINE, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam(required = false) String deadline) {
        return Mono.defer(() -> typedData.nonceCancellation(session.address(), uint("newNonce", newNonce),
                        deadline(deadline)))
                .map(TypedData::toMap);
    }

    @GetMapping("/key-publication")
    @Operation(operationId = "keyPublicationTypedData",
            summary = "A KeyPublication of the signed-in account's encryption key to sign")
    @ApiResponse(responseCode = "200", description = "the eth_signTypedData_v4 parameter",
            content = @Content(schema = @Schema(implementation = TypedDataDocument.class)))
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.CHAIN_UNAVAILABLE}, protocol = "PROTO-0003")
    Mono<Map<String, Object>> keyPublication(@Parameter(hidden = true) Session session,
            @Parameter(description = "compressed secp256k1 public key, 33 bytes",
                    schema = @Schema(pattern = ApiPatterns.ENCRYPTION_KEY)) @RequestParam String publicKey,
            @Parameter(description = DEADLINE, schema = @Schema(pattern = ApiPatterns.UNIX_SECONDS))
            @RequestParam(required = false) String deadline) {
        return Mono.defer(() -> typedData.keyPublication(session.address(), encryptionKey("publicKey", publicKey),
                        deadline(deadline)))
                .map(TypedData::toMap);
    }

    static Optional<Instant> deadline(String deadline) {
        return deadline == null ? Optional.empty() : Optional.of(epochSeconds("deadline", deadline));
    }

    /** The shape of {@link TypedData#toMap()}, for the OpenAPI document: exactly what {@code eth_signTypedData_v4} takes. */
    @Schema(name = "TypedData", requiredProperties = {"types", "primaryType", "domain", "message"})
    record TypedDataDocument(
            @Schema(description = "EIP712Domain and the primary type, each a list of its members")
            Map<String, List<TypedDataMember>> types,
            @Schema(allowableValues = {"Grant", "Revocation", "CancelNonces", "KeyPublication", "CaregiverRevocation",
                    "CaregiverGrant", "CaregiverGrantRevocation"}) String primaryType,
            TypedDataDomain domain,
            @Schema(description = "the values to sign, by member name: addresses checksummed, bytes as 0x hex, "
                    + "integers (nonces, and times in Unix seconds) as decimal strings")
            Map<String, String> message) {
    }

    /** {@link TypedDataDocument} of an {@code Appointment}, whose {@code scopes} member is a list. */
    @Schema(name = "AppointmentTypedData", requiredProperties = {"types", "primaryType", "domain", "message"})
    record AppointmentTypedDataDocument(
            @Schema(description = "EIP712Domain and Appointment, each a list of its members")
            Map<String, List<TypedDataMember>> types,
            @Schema(allowableValues = {"Appointment"}) String primaryType,
            TypedDataDomain domain,
            @Schema(description = "the values to sign, by member name: addresses checksummed, integers as decimal "
                    + "strings, and scopes a list of bytes32 as 0x hex")
            Map<String, Object> message) {
    }

    @Schema(requiredProperties = {"name", "type"})
    record TypedDataMember(String name, @Schema(description = "the Solidity type") String type) {
    }

    @Schema(requiredProperties = {"name", "version", "chainId", "verifyingContract"})
    record TypedDataDomain(String name, String version, long chainId,
            @Schema(pattern = ApiPatterns.ADDRESS) String verifyingContract) {
    }
}

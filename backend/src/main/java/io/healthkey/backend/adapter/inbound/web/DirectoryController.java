package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.encryptionKey;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.epochSeconds;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.signature;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.uint;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.ConsentDtos.RelayResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.directory.PublishKeyUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.directory.PublishedKey;
import io.healthkey.backend.domain.directory.SignedKeyPublication;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.eip712.KeyPublicationMessage;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Directory", description = "Encryption keys that record keys are wrapped for")
class DirectoryController {

    private final PublishKeyUseCase keys;

    DirectoryController(PublishKeyUseCase keys) {
        this.keys = keys;
    }

    @PostMapping("/key-publications")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "relayKeyPublication",
            summary = "Relay the signed-in account's signed KeyPublication (EIP-712); the relayer pays the gas",
            description = "Simulated first; answers 202 once in the outbox; follow it at statusUrl.")
    @ProblemResponses(value = {ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.DIRECTORY_INVALID_KEY, ErrorCode.DIRECTORY_INVALID_SIGNER, ErrorCode.DIRECTORY_SIGNATURE_EXPIRED,
            ErrorCode.DIRECTORY_NONCE_MISMATCH,
            ErrorCode.LIMIT_SPONSORSHIP_EXHAUSTED, ErrorCode.CHAIN_UNAVAILABLE, ErrorCode.CHAIN_UNKNOWN_REVERT},
            protocol = "PROTO-0003")
    Mono<RelayResponse> publish(@Parameter(hidden = true) Session session, @RequestBody KeyPublicationRequest request) {
        return Mono.fromCallable(() -> toSigned(required("body", request)))
                .flatMap(signed -> keys.publish(session.address(), signed))
                .map(RelayResponse::of);
    }

    @GetMapping("/participants/{account}/encryption-key")
    @Operation(operationId = "publishedEncryptionKey",
            summary = "The encryption key an account published: wrap record keys for it")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.DIRECTORY_NO_ENCRYPTION_KEY,
            ErrorCode.CHAIN_UNAVAILABLE})
    Mono<EncryptionKeyResponse> publishedKey(
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String account) {
        return Mono.fromCallable(() -> address("account", account))
                .flatMap(address -> keys.keyOf(address)
                        .map(key -> EncryptionKeyResponse.of(address, key))
                        .switchIfEmpty(Mono.error(() -> new DomainException(ErrorCode.DIRECTORY_NO_ENCRYPTION_KEY,
                                "the account has not published an encryption key"))));
    }

    private static SignedKeyPublication toSigned(KeyPublicationRequest request) {
        KeyPublicationBody body = required("publication", request.publication());
        return new SignedKeyPublication(new KeyPublicationMessage(address("publication.account", body.account()),
                encryptionKey("publication.publicKey", body.publicKey()), uint("publication.nonce", body.nonce()),
                epochSeconds("publication.deadline", body.deadline())), signature("signature", request.signature()));
    }

    @Schema(description = "The `message` of the KeyPublication typed data the account signed, field for field",
            requiredProperties = {"account", "publicKey", "nonce", "deadline"})
    record KeyPublicationBody(
            @Schema(pattern = ApiPatterns.ADDRESS) String account,
            @Schema(description = "compressed secp256k1 public key, 33 bytes", pattern = ApiPatterns.ENCRYPTION_KEY)
            String publicKey,
            @Schema(description = "the account's directory nonce, uint256 in decimal", pattern = ApiPatterns.UINT)
            String nonce,
            @Schema(description = "the signature is refused after: " + ApiPatterns.UNIX_SECONDS_UNIT,
                    pattern = ApiPatterns.UNIX_SECONDS) String deadline) {
    }

    @Schema(requiredProperties = {"publication", "signature"})
    record KeyPublicationRequest(KeyPublicationBody publication,
            @Schema(description = ApiPatterns.TYPED_DATA_SIGNATURE, pattern = ApiPatterns.SIGNATURE)
            String signature) {
    }

    @Schema(description = "The key as the directory on chain holds it, and the EncryptionKeyPublished event that "
            + "published it: check it against the chain (docs/API.md). publishedAt is absent until the event index "
            + "holds that block.", requiredProperties = {"account", "publicKey"})
    record EncryptionKeyResponse(@Schema(pattern = ApiPatterns.ADDRESS) String account,
            @Schema(description = "compressed secp256k1 public key, 33 bytes", pattern = ApiPatterns.ENCRYPTION_KEY)
            String publicKey,
            PublishedAt publishedAt) {

        static EncryptionKeyResponse of(EthAddress account, PublishedKey key) {
            return new EncryptionKeyResponse(account.toString(), key.key().toHex(),
                    key.publication().map(PublishedAt::of).orElse(null));
        }
    }

    @Schema(description = "Where the key was published: the EncryptionKeyPublished event's block and log",
            requiredProperties = {"blockNumber", "blockHash", "transactionHash", "logIndex"})
    record PublishedAt(long blockNumber, @Schema(pattern = ApiPatterns.BYTES32) String blockHash,
            @Schema(pattern = ApiPatterns.BYTES32) String transactionHash, int logIndex) {

        static PublishedAt of(PublishedKey.Publication publication) {
            return new PublishedAt(publication.blockNumber(), publication.blockHash(), publication.transactionHash(),
                    publication.logIndex());
        }
    }
}

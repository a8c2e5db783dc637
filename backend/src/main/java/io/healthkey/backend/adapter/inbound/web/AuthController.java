package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.signature;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.auth.SignInUseCase;
import io.healthkey.backend.domain.auth.IssuedSession;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.auth.SignInNonce;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.protocol.ProtocolException;
import io.healthkey.protocol.siwe.SiweMessage;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Auth", description = "Sign-In with Ethereum (EIP-4361) and the session it opens")
class AuthController {

    private final SignInUseCase signIn;

    AuthController(SignInUseCase signIn) {
        this.signIn = signIn;
    }

    @PostMapping("/auth/nonce")
    @Operation(operationId = "issueSignInNonce",
            summary = "A single-use nonce for the next Sign-In with Ethereum message",
            description = "Takes no body. Put the nonce in the message's Nonce field and sign in before expiresAt "
                    + "(5 minutes).")
    @ProblemResponses({})
    Mono<ResponseEntity<NonceResponse>> nonce() {
        return signIn.issueNonce().map(nonce -> noStore(NonceResponse.of(nonce)));
    }

    @PostMapping("/auth/session")
    @Operation(operationId = "signIn",
            summary = "Exchange a signed EIP-4361 message for a session bearer token",
            description = "The message must name this service's domain, URI origin and chain id and a nonce from "
                    + "/auth/nonce, unused; the signature is the account's personal_sign of the message text.")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.AUTH_MESSAGE_MALFORMED, ErrorCode.AUTH_DOMAIN_MISMATCH,
            ErrorCode.AUTH_URI_MISMATCH, ErrorCode.AUTH_CHAIN_MISMATCH, ErrorCode.AUTH_NONCE_UNKNOWN,
            ErrorCode.AUTH_NONCE_USED, ErrorCode.AUTH_MESSAGE_EXPIRED, ErrorCode.AUTH_MESSAGE_NOT_YET_VALID,
            ErrorCode.AUTH_INVALID_SIGNER, ErrorCode.CHAIN_UNAVAILABLE})
    Mono<ResponseEntity<SessionResponse>> session(@RequestBody SessionRequest request) {
        return Mono.fromCallable(() -> required("body", request))
                .flatMap(body -> signIn.signIn(message(body.message()), signature("signature", body.signature())))
                .map(issued -> noStore(SessionResponse.of(issued)));
    }

    @GetMapping("/me")
    @Operation(operationId = "me", summary = "The account the bearer token was issued to")
    @ProblemResponses({})
    MeResponse me(@Parameter(hidden = true) Session session) {
        return new MeResponse(session.address().toString(), session.expiresAt().toString());
    }

    private static SiweMessage message(String text) {
        try {
            return SiweMessage.parse(required("message", text));
        } catch (ProtocolException e) {
            throw new DomainException(ErrorCode.AUTH_MESSAGE_MALFORMED,
                    "message " + ProtocolFailures.reason(e) + ": an EIP-4361 message as GET /api/v1/auth/nonce describes");
        }
    }

    private static <T> ResponseEntity<T> noStore(T body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    record SessionRequest(
            @Schema(description = "the EIP-4361 message text, as signed", requiredMode = Schema.RequiredMode.REQUIRED)
            String message,
            @Schema(description = "the account's personal_sign of the message (EIP-191): "
                    + ApiPatterns.SIGNATURE_FORMS,
                    pattern = ApiPatterns.SIGNATURE, requiredMode = Schema.RequiredMode.REQUIRED)
            String signature) {
    }

    @Schema(name = "SignInNonce", requiredProperties = {"nonce", "expiresAt"})
    record NonceResponse(
            @Schema(description = "the EIP-4361 Nonce: 32 lowercase hex digits", pattern = "^[0-9a-f]{32}$")
            String nonce,
            @Schema(description = "sign in before: " + ApiPatterns.INSTANT_UNIT, format = "date-time")
            String expiresAt) {

        static NonceResponse of(SignInNonce nonce) {
            return new NonceResponse(nonce.value(), nonce.expiresAt().toString());
        }
    }

    @Schema(requiredProperties = {"token", "tokenType", "address", "expiresAt"})
    record SessionResponse(
            @Schema(description = "send as Authorization: Bearer <token>") String token,
            @Schema(allowableValues = "Bearer") String tokenType,
            @Schema(description = "the signed-in account", pattern = ApiPatterns.ADDRESS) String address,
            @Schema(description = "the token's end: " + ApiPatterns.INSTANT_UNIT, format = "date-time")
            String expiresAt) {

        static SessionResponse of(IssuedSession issued) {
            return new SessionResponse(issued.token(), "Bearer", issued.session().address().toString(),
                    issued.session().expiresAt().toString());
        }

        @Override
        public String toString() {
            return "SessionResponse[token=***, address=" + address + ", expiresAt=" + expiresAt + "]";
        }
    }

    @Schema(requiredProperties = {"address", "expiresAt"})
    record MeResponse(
            @Schema(description = "the signed-in account", pattern = ApiPatterns.ADDRESS) String address,
            @Schema(description = "the token's end: " + ApiPatterns.INSTANT_UNIT, format = "date-time")
            String expiresAt) {
    }
}

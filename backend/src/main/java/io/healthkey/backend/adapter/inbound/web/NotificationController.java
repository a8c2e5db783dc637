package io.healthkey.backend.adapter.inbound.web;

import static io.healthkey.backend.adapter.inbound.web.RequestFields.address;
import static io.healthkey.backend.adapter.inbound.web.RequestFields.required;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.healthkey.backend.adapter.inbound.web.NotificationDtos.DeliveryAttemptResponse;
import io.healthkey.backend.adapter.inbound.web.NotificationDtos.NotificationFrame;
import io.healthkey.backend.adapter.inbound.web.NotificationDtos.RegisteredWebhookResponse;
import io.healthkey.backend.adapter.inbound.web.NotificationDtos.WebhookRequest;
import io.healthkey.backend.adapter.inbound.web.NotificationDtos.WebhookResponse;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponses;
import io.healthkey.backend.application.notification.ManageWebhooksUseCase;
import io.healthkey.backend.application.notification.NotificationStreamUseCase;
import io.healthkey.backend.domain.auth.Session;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;

@RestController
@RequestMapping("/api/v1/patients/{patient}")
@Tag(name = "Notifications", description = "The patient told at once: a live stream, and signed webhooks")
class NotificationController {

    /** {@code wh_} and 32 hex digits: a random id. */
    private static final String WEBHOOK_ID = "^wh_[0-9a-f]{32}$";
    private static final String LAST_EVENT_ID = "^[0-9]{1,18}$";

    private final NotificationStreamUseCase stream;
    private final ManageWebhooksUseCase webhooks;
    private final Clock clock;

    NotificationController(NotificationStreamUseCase stream, ManageWebhooksUseCase webhooks, Clock clock) {
        this.stream = stream;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    @GetMapping(path = "/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "notificationStream",
            summary = "Server-sent events: the patient's notifications as they happen, with heartbeats",
            description = "Each event's id is the notification's id, its name the notification's type, its data the "
                    + "notification's JSON. With Last-Event-ID, the notifications after it that the backlog still holds "
                    + "come first. Only the patient: anyone else 403 REQUEST-0007; 429 NOTIFY-0007 when the patient has "
                    + "as many streams open as allowed. The stream ends when the session that opened it expires.")
    @ApiResponse(responseCode = "200", description = "a text/event-stream of NotificationFrame events",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = NotificationFrame.class)))
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.NOTIFY_TOO_MANY_STREAMS, ErrorCode.NOTIFY_INVALID_LAST_EVENT_ID})
    Flux<ServerSentEvent<NotificationFrame>> stream(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @RequestHeader(name = "Last-Event-ID", required = false)
            @Parameter(description = "the id of the last event received", schema = @Schema(pattern = LAST_EVENT_ID))
            String lastEventId) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMapMany(address -> stream.stream(session.address(), address, lastEventId(lastEventId)))
                // the stream ends with the session that opened it: the client reconnects with a new token
                .take(Duration.between(clock.instant(), session.expiresAt()))
                .map(frame -> frame instanceof NotificationStreamUseCase.Event event
                        ? ServerSentEvent.builder(NotificationFrame.of(event.notification()))
                                .id(Long.toString(event.notification().id()))
                                .event(event.notification().event().type().wireName())
                                .build()
                        : ServerSentEvent.<NotificationFrame>builder().comment("heartbeat").build());
    }

    @PostMapping("/webhooks")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "registerWebhook",
            summary = "Register an endpoint to be POSTed each notification, signed; the secret is shown this once",
            description = "The URL must be https to a host that resolves only to public addresses (422 NOTIFY-0001 "
                    + "to NOTIFY-0004); checked again at each delivery.")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT, ErrorCode.NOTIFY_INVALID_URL,
            ErrorCode.NOTIFY_NOT_HTTPS, ErrorCode.NOTIFY_REFUSED_ADDRESS, ErrorCode.NOTIFY_UNRESOLVED_HOST,
            ErrorCode.NOTIFY_TOO_MANY_WEBHOOKS})
    Mono<RegisteredWebhookResponse> register(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @RequestBody WebhookRequest request) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(address -> webhooks.register(session.address(), address,
                        required("url", required("body", request).url())))
                .map(RegisteredWebhookResponse::of);
    }

    @GetMapping("/webhooks")
    @Operation(operationId = "webhooks", summary = "The patient's webhook endpoints (without their secrets)")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT})
    Flux<WebhookResponse> list(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMapMany(address -> webhooks.endpoints(session.address(), address))
                .map(WebhookResponse::of);
    }

    @DeleteMapping("/webhooks/{webhookId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteWebhook", summary = "Delete an endpoint, its pending deliveries and its log")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.NOTIFY_NO_SUCH_WEBHOOK})
    Mono<Void> delete(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @Parameter(schema = @Schema(pattern = WEBHOOK_ID)) @PathVariable String webhookId) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMap(address -> webhooks.delete(session.address(), address, webhookId));
    }

    @GetMapping("/webhooks/{webhookId}/deliveries")
    @Operation(operationId = "webhookDeliveries",
            summary = "The endpoint's delivery log: its latest attempts, newest first, without response bodies")
    @ProblemResponses({ErrorCode.REQUEST_INVALID_FIELD, ErrorCode.REQUEST_NOT_PATIENT,
            ErrorCode.NOTIFY_NO_SUCH_WEBHOOK})
    Flux<DeliveryAttemptResponse> deliveries(@Parameter(hidden = true) Session session,
            @Parameter(schema = @Schema(pattern = ApiPatterns.ADDRESS)) @PathVariable String patient,
            @Parameter(schema = @Schema(pattern = WEBHOOK_ID)) @PathVariable String webhookId) {
        return Mono.fromCallable(() -> address("patient", patient))
                .flatMapMany(address -> webhooks.deliveryLog(session.address(), address, webhookId))
                .map(DeliveryAttemptResponse::of);
    }

    private static OptionalLong lastEventId(String header) {
        if (header == null) {
            return OptionalLong.empty();
        }
        if (!header.matches("[0-9]{1,18}")) {
            throw new DomainException(ErrorCode.NOTIFY_INVALID_LAST_EVENT_ID,
                    "Last-Event-ID must be the decimal id of an event this stream sent");
        }
        return OptionalLong.of(Long.parseLong(header));
    }
}

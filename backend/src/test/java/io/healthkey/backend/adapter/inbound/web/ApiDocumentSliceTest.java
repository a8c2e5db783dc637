package io.healthkey.backend.adapter.inbound.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.healthkey.backend.adapter.inbound.web.openapi.ApiDocumentCustomizer;
import io.healthkey.backend.adapter.inbound.web.openapi.ApiPatterns;
import io.healthkey.backend.adapter.inbound.web.openapi.ProblemResponsesCustomizer;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.support.Checkout;

/**
 * The OpenAPI document, as springdoc builds it from the controllers, is the exact contract that clients are
 * generated from: every operation says how it fails, with codes that exist and the status they are answered with;
 * every body, header and value its media type and shape. An endpoint added without {@code @ProblemResponses} fails
 * here, by name.
 */
class ApiDocumentSliceTest extends WebSliceTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final Set<String> ADDRESS_FIELDS = Set.of("patient", "grantee", "account", "reader", "author",
            "relayer", "address", "verifyingContract", "contract");
    private static final Set<String> BYTES32_FIELDS = Set.of("recordId", "scope", "record", "supersedes",
            "supersededBy", "transactionHash", "leafHash", "root", "salt");
    private static final Set<String> TIME_FIELDS = Set.of("expiresAt", "deadline", "at", "acceptedAt", "updatedAt",
            "createdAt", "readAt");

    /** Fetched once: building it takes seconds, and it does not change within the context. */
    private static JsonNode document;

    @BeforeEach
    void fetchTheDocument() throws Exception {
        if (document != null) {
            return;
        }
        byte[] body = http.mutate().responseTimeout(Duration.ofMinutes(1))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 << 20)).build()
                .get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        document = new ObjectMapper().readTree(body);
    }

    @Test
    void theDocumentNamesTheApiItsVersionAndServer() {
        assertThat(document.path("openapi").asText()).startsWith("3.0");
        assertThat(document.at("/info/title").asText()).isEqualTo(ApiDocumentCustomizer.TITLE);
        assertThat(document.at("/info/version").asText()).isEqualTo(ApiDocumentCustomizer.VERSION);
        assertThat(document.at("/info/description").asText()).contains("problem+json", "Unix seconds", "ISO-8601");
        assertThat(document.at("/servers/0/url").asText()).isEqualTo("/");
    }

    @Test
    void everyOperationDeclaresItsProblemResponses() {
        List<String> undeclared = new ArrayList<>();
        operations().forEach((route, operation) -> {
            boolean declared = operation.path(ProblemResponsesCustomizer.CODES).size() > 0;
            boolean answersProblems = fields(operation.path("responses")).entrySet().stream()
                    .anyMatch(response -> response.getKey().matches("[45]\\d\\d")
                            && response.getValue().at("/content").has(ApiDocumentCustomizer.PROBLEM_JSON));
            if (!declared || !answersProblems) {
                undeclared.add(route);
            }
        });

        assertThat(undeclared).as("operations without @ProblemResponses").isEmpty();
        assertThat(operations()).hasSizeGreaterThanOrEqualTo(ApiRoutes.PUBLIC.size() + ApiRoutes.PROTECTED.size());
    }

    @Test
    void everyProblemCodeExistsAndIsListedUnderTheStatusItIsAnsweredWith() throws Exception {
        Map<String, Integer> statusOf = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::code, code -> ProblemDetails.statusOf(code).value()));
        statusOf.put(ProblemDetails.INTERNAL_CODE, 500);
        Matcher documented = Pattern.compile("^\\| (PROTO-\\d{4}) \\|", Pattern.MULTILINE)
                .matcher(Files.readString(Checkout.root().resolve("docs/CODES.md")));
        while (documented.find()) {
            statusOf.put(documented.group(1), 422);
        }

        operations().forEach((route, operation) -> {
            List<String> listed = new ArrayList<>();
            fields(operation.path("responses")).forEach((status, response) -> {
                JsonNode problem = response.at("/content").path(ApiDocumentCustomizer.PROBLEM_JSON);
                if (!problem.isMissingNode()) {
                    assertThat(problem.at("/schema/allOf/0/$ref").asText()).as(route)
                            .endsWith("/" + ApiDocumentCustomizer.PROBLEM_SCHEMA);
                    problem.at("/schema/allOf/1/properties/code/enum").forEach(code -> {
                        assertThat(statusOf).as(route + " " + status).containsKey(code.asText());
                        assertThat(statusOf.get(code.asText())).as(route + " " + code).isEqualTo(Integer.valueOf(status));
                        listed.add(code.asText());
                    });
                }
            });
            List<String> extension = new ArrayList<>();
            operation.path(ProblemResponsesCustomizer.CODES).forEach(code -> extension.add(code.asText()));
            assertThat(listed).as(route).containsExactlyInAnyOrderElementsOf(extension).contains("INTERNAL-0001");
        });
    }

    @Test
    void protectedOperationsNeedTheTokenAndMayAnswer401() {
        operations().forEach((route, operation) -> {
            boolean isProtected = ApiRoutes.PROTECTED.contains(route);
            assertThat(operation.at("/security/0").has(ApiDocumentCustomizer.BEARER)).as(route).isEqualTo(isProtected);
            List<String> unauthorized = new ArrayList<>();
            operation.at("/responses/401/content").path(ApiDocumentCustomizer.PROBLEM_JSON)
                    .at("/schema/allOf/1/properties/code/enum").forEach(code -> unauthorized.add(code.asText()));
            assertThat(unauthorized).as(route).isEqualTo(isProtected
                    ? List.of("AUTH-0010", "AUTH-0011", "AUTH-0012") : List.of());
        });
    }

    @Test
    void everyBodySaysItsMediaType() {
        operations().forEach((route, operation) -> {
            fields(operation.path("responses")).forEach((status, response) ->
                    assertThat(fields(response.path("content")).keySet()).as(route + " " + status)
                            .doesNotContain("*/*"));
            assertThat(fields(operation.at("/requestBody/content")).keySet()).as(route).doesNotContain("*/*");
        });
        assertThat(document.at("/components/schemas").has("DataBuffer")).isFalse();
    }

    @Test
    void binaryBodiesAreFormatBinaryUnderTheirMediaTypes() {
        JsonNode upload = operation("PUT /api/v1/records/{recordId}/content");
        assertBinary(upload.at("/requestBody/content"), "application/octet-stream");
        JsonNode read = operation("GET /api/v1/records/{recordId}/content");
        assertBinary(read.at("/responses/200/content"), "application/octet-stream");
        assertThat(fields(read.at("/responses/200/headers")).keySet()).contains(BinaryBodies.RECORD_ID,
                BinaryBodies.CID, BinaryBodies.MEDIA_TYPE, BinaryBodies.WRAPPED_KEY);
        assertThat(read.at("/responses/200/headers/" + BinaryBodies.WRAPPED_KEY + "/schema/pattern").asText())
                .isEqualTo(ApiPatterns.HEX);

        String[] plaintext = {"application/fhir+json", "application/pdf", "application/dicom"};
        assertBinary(operation("POST /api/v1/gateway/patients/{patient}/records").at("/requestBody/content"),
                plaintext);
        JsonNode gatewayRead = operation("GET /api/v1/gateway/records/{recordId}/content");
        assertBinary(gatewayRead.at("/responses/200/content"), plaintext);
        assertThat(fields(gatewayRead.at("/responses/200/headers")).keySet())
                .contains(BinaryBodies.RECORD_ID, BinaryBodies.CID);
    }

    @Test
    void theEventStreamDeclaresItsFrameAndPayload() {
        JsonNode events = operation("GET /api/v1/chain-requests/{id}/events")
                .at("/responses/200/content").path("text/event-stream");
        JsonNode frame = schema(events.at("/schema/$ref").asText());

        assertThat(fields(frame.path("properties")).keySet()).containsExactlyInAnyOrder("event", "id", "data");
        assertThat(frame.at("/properties/data/$ref").asText()).endsWith("/ChainRequest");
        assertThat(schema(frame.at("/properties/data/$ref").asText()).at("/properties/status/enum"))
                .hasSize(5);
    }

    @Test
    void everyAcceptedAnswerCarriesItsStatusAndEventsUrls() {
        operations().forEach((route, operation) -> {
            JsonNode accepted = operation.at("/responses/202/content/application~1json/schema/$ref");
            if (!accepted.isMissingNode()) {
                JsonNode answer = schema(accepted.asText());
                assertThat(answer.path("required")).as(route)
                        .anySatisfy(field -> assertThat(field.asText()).isEqualTo("statusUrl"))
                        .anySatisfy(field -> assertThat(field.asText()).isEqualTo("eventsUrl"));
            }
        });
    }

    @Test
    void addressesIdsScopesSignaturesAndPathValuesHavePatterns() {
        eachProperty((where, property) -> {
            String name = where.substring(where.lastIndexOf('.') + 1);
            JsonNode shape = property.has("items") ? property.path("items") : property;
            if (ADDRESS_FIELDS.contains(name)) {
                assertThat(shape.path("pattern").asText()).as(where).isEqualTo(ApiPatterns.ADDRESS);
            } else if (BYTES32_FIELDS.contains(name)) {
                assertThat(shape.path("pattern").asText()).as(where).isEqualTo(ApiPatterns.BYTES32);
            } else if (name.equals("signature")) {
                assertThat(shape.path("pattern").asText()).as(where).isEqualTo(ApiPatterns.SIGNATURE);
            }
        });
        operations().forEach((route, operation) -> operation.path("parameters").forEach(parameter ->
                assertThat(parameter.at("/schema/pattern").asText())
                        .as(route + " " + parameter.path("name").asText()).isNotEmpty()));
    }

    @Test
    void everyTimeSaysItsUnit() {
        eachProperty((where, property) -> {
            if (TIME_FIELDS.contains(where.substring(where.lastIndexOf('.') + 1))) {
                assertTimeUnit(where, property);
            }
        });
        operations().forEach((route, operation) -> operation.path("parameters").forEach(parameter -> {
            if (TIME_FIELDS.contains(parameter.path("name").asText())) {
                assertTimeUnit(route + " " + parameter.path("name").asText(), parameter);
            }
        }));
    }

    private static void assertTimeUnit(String where, JsonNode field) {
        String description = field.path("description").asText();
        boolean unixSeconds = description.contains(ApiPatterns.UNIX_SECONDS_UNIT)
                && field.at("/schema/pattern").asText(field.path("pattern").asText()).equals(ApiPatterns.UNIX_SECONDS);
        boolean instant = description.contains("ISO-8601") && field.path("format").asText().equals("date-time");
        assertThat(unixSeconds || instant).as(where + ": " + description).isTrue();
    }

    private void eachProperty(BiConsumer<String, JsonNode> check) {
        fields(document.at("/components/schemas")).forEach((schemaName, schema) ->
                fields(schema.path("properties")).forEach((name, property) ->
                        check.accept(schemaName + "." + name, property)));
    }

    private static void assertBinary(JsonNode content, String... mediaTypes) {
        assertThat(fields(content).keySet()).containsExactlyInAnyOrder(mediaTypes);
        for (String mediaType : mediaTypes) {
            assertThat(content.at("/" + mediaType.replace("/", "~1") + "/schema/type").asText()).isEqualTo("string");
            assertThat(content.at("/" + mediaType.replace("/", "~1") + "/schema/format").asText()).isEqualTo("binary");
        }
    }

    private JsonNode operation(String route) {
        JsonNode operation = operations().get(route);
        assertThat(operation).as(route).isNotNull();
        return operation;
    }

    private JsonNode schema(String ref) {
        return document.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1));
    }

    /** Every operation by {@code "GET /api/v1/me"}, as {@link ApiRoutes} names routes. */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        fields(document.path("paths")).forEach((path, item) -> METHODS.forEach(method -> {
            if (item.has(method)) {
                operations.put(method.toUpperCase() + " " + path, item.path(method));
            }
        }));
        return operations;
    }

    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new TreeMap<>();
        node.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        return fields;
    }
}

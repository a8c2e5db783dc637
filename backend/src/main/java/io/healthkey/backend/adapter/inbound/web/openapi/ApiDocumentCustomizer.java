package io.healthkey.backend.adapter.inbound.web.openapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;

import io.healthkey.backend.adapter.inbound.web.openapi.ProblemCatalog.Problem;
import io.healthkey.backend.domain.error.ErrorCode;

/**
 * Makes the OpenAPI document the API's exact contract: title, version, description and server; the bearer token on
 * every protected route; and, on every operation that declared its {@link ProblemResponses}, one
 * {@code application/problem+json} response per HTTP status, whose {@code code} is one of that status's codes.
 *
 * <p>Besides its own, each operation answers the codes its kind shares: 401 {@code AUTH-0010..0012} on a protected
 * route, 400 {@code REQUEST-0001} (a missing parameter, an unreadable body), 413 {@code REQUEST-0005} and 415
 * {@code REQUEST-0006} where it takes a body, and everywhere 400 {@code REQUEST-0008} (a URL, method or header the
 * request firewall refuses), 429 {@code LIMIT-0001} (the rate limits) and 500 {@code INTERNAL-0001}.
 */
public final class ApiDocumentCustomizer implements OpenApiCustomizer {

    public static final String TITLE = "HealthKey API";
    /** The version of the {@code /api/v1} contract: the minor goes up with every addition. */
    public static final String VERSION = "1.0.0";
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The component every problem response refers to. */
    public static final String PROBLEM_SCHEMA = "Problem";
    /** The security scheme of the session token. */
    public static final String BEARER = "bearer";

    static final String DESCRIPTION = """
            Patient-controlled medical records: Sign-In with Ethereum (EIP-4361), patients' EIP-712 grants and \
            revocations relayed on chain, client-side encrypted records pinned to IPFS and anchored on chain, a clinic \
            gateway for plaintext FHIR R4, PDF and DICOM, and the patient's audit.

            Conventions: JSON in and out; addresses `0x` + 40 hex (any case in, EIP-55 checksummed out); record ids, \
            scopes and hashes `0x` + 64 hex; integers that may exceed 2^53 (nonces, serials, typed-data times) as \
            decimal strings. Each time field says its unit: Unix seconds (a decimal string) where it is signed or \
            goes on chain, ISO-8601 UTC instants elsewhere. Every error is `application/problem+json` (RFC 9457) with a \
            stable `code` (the `x-problem-codes` of each operation lists them); branch on the code, never on the \
            wording. Every route under `/api/` needs `Authorization: Bearer <token>` (from `POST /api/v1/auth/session`) \
            except the network description and the two sign-in calls. Accepted on-chain requests answer 202 with a \
            `statusUrl` and an `eventsUrl` (server-sent events) to follow them.

            Worked requests and answers: docs/API.md; codes: docs/CODES.md; byte formats: docs/FORMAT.md; \
            contracts: docs/CONTRACTS.md.""";

    private static final List<String> TOKEN_CODES = codes(ErrorCode.AUTH_TOKEN_MISSING, ErrorCode.AUTH_TOKEN_INVALID,
            ErrorCode.AUTH_TOKEN_EXPIRED);
    private static final List<String> BODY_CODES = codes(ErrorCode.REQUEST_MALFORMED, ErrorCode.REQUEST_TOO_LARGE,
            ErrorCode.REQUEST_UNSUPPORTED_MEDIA_TYPE);

    private final Predicate<String> needsSession;
    private final ProblemCatalog problems;

    /**
     * @param needsSession whether a route ({@code "GET /api/v1/me"}: method, space, path template) needs the token
     * @param problems the status and title of each code
     */
    public ApiDocumentCustomizer(Predicate<String> needsSession, ProblemCatalog problems) {
        this.needsSession = needsSession;
        this.problems = problems;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.info(new Info().title(TITLE).version(VERSION).description(DESCRIPTION)
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .servers(List.of(new Server().url("/")
                        .description("This service: the document's own origin, where the document was fetched")));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> document(method.name() + " " + path, operation)));
    }

    private void document(String route, Operation operation) {
        boolean isProtected = needsSession.test(route);
        if (isProtected) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
        }
        ProblemResponsesCustomizer.declaredCodes(operation).ifPresent(declared -> {
            Set<String> codes = new LinkedHashSet<>(declared);
            if (isProtected) {
                codes.addAll(TOKEN_CODES);
            }
            if (operation.getRequestBody() != null) {
                codes.addAll(BODY_CODES);
            } else if (hasRequiredQueryParameter(operation)) {
                codes.add(ErrorCode.REQUEST_MALFORMED.code());
            }
            codes.add(ErrorCode.REQUEST_REJECTED.code());
            codes.add(ErrorCode.LIMIT_RATE_EXCEEDED.code());
            codes.add(problems.internalCode());
            List<Problem> described = codes.stream().map(problems::describe).toList();
            operation.addExtension(ProblemResponsesCustomizer.CODES, described.stream().map(Problem::code).sorted()
                    .toList());
            if (operation.getResponses() == null) {
                operation.setResponses(new ApiResponses());
            }
            described.stream()
                    .collect(Collectors.groupingBy(Problem::status, TreeMap::new, Collectors.toList()))
                    .forEach((status, ofStatus) -> operation.getResponses()
                            .addApiResponse(Integer.toString(status), problemResponse(ofStatus)));
        });
    }

    private static boolean hasRequiredQueryParameter(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> "query".equals(parameter.getIn()) && Boolean.TRUE.equals(parameter.getRequired()));
    }

    private static ApiResponse problemResponse(List<Problem> problems) {
        List<Problem> sorted = problems.stream().sorted((a, b) -> a.code().compareTo(b.code())).toList();
        String description = sorted.stream().map(problem -> "`" + problem.code() + "` " + problem.title())
                .collect(Collectors.joining("; "));
        Schema<String> code = new StringSchema()._enum(sorted.stream().map(Problem::code).toList());
        Schema<Object> narrowed = new ObjectSchema().addProperty("code", code);
        Schema<Object> schema = new ComposedSchema()
                .addAllOfItem(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))
                .addAllOfItem(narrowed);
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(schema)));
    }

    /** RFC 9457 problem details as {@code ProblemDetails} writes them, with the stable {@code code}. */
    private static Schema<Object> problemSchema() {
        Schema<Object> schema = new ObjectSchema()
                .description("RFC 9457 problem details. Branch on `code`, never on `title` or `detail`; `detail` never "
                        + "echoes a submitted value.")
                .addProperty("type", new StringSchema().format("uri")
                        .description("urn:healthkey:problem:<code>"))
                .addProperty("title", new StringSchema().description("the code's title (docs/CODES.md)"))
                .addProperty("status", new IntegerSchema().format("int32").description("the HTTP status"))
                .addProperty("detail", new StringSchema().description("what went wrong, for people"))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("the request path"))
                .addProperty("code", new StringSchema().pattern(ApiPatterns.PROBLEM_CODE)
                        .description("the stable code (docs/CODES.md)"))
                .addProperty("operationOutcome", new ObjectSchema()
                        .description("FHIR-0001 only: the validator's findings as a FHIR R4 OperationOutcome"));
        schema.setRequired(new ArrayList<>(List.of("type", "title", "status", "code")));
        return schema;
    }

    private static List<String> codes(ErrorCode... codes) {
        return Arrays.stream(codes).map(ErrorCode::code).toList();
    }
}

package io.healthkey.backend.adapter.outbound.fhir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import io.healthkey.backend.domain.fhir.FhirIssue;

/**
 * Reads a body once before HAPI does and lets through only what HAPI's validator handles well: one UTF-8 JSON object
 * whose {@code resourceType} names an R4 resource. HAPI would take anything that does not start with '{' for XML and
 * throws on a JSON array. Duplicate property names are refused anywhere in the document: FHIR forbids them, and a
 * record must not read differently to a reader that keeps the first of two values and one that keeps the last.
 * Issues never quote the body. The pass also collects the body's values for {@link ValueRedaction}.
 */
final class FhirJsonPreflight {

    /** Far deeper than resources nest in practice; keeps HAPI's recursive parsers far from the end of the stack. */
    static final int MAX_NESTING_DEPTH = 100;

    /** Properties whose values name definitions (code systems, profiles, extensions), not facts about the patient. */
    private static final Set<String> DEFINITION_PROPERTIES = Set.of("resourceType", "system", "profile");
    private static final Set<String> EXTENSION_PROPERTIES = Set.of("extension", "modifierExtension");

    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
    private final Set<String> resourceTypes;

    /** @param resourceTypes the resource type names of the FHIR version, e.g. {@code Patient} */
    FhirJsonPreflight(Set<String> resourceTypes) {
        this.resourceTypes = Set.copyOf(resourceTypes);
    }

    /** What the body is: a resource to validate, or a single fatal issue saying why it is not one. */
    sealed interface Outcome permits Passed, Refused {
    }

    /** @param text the body as text; @param redaction the body's values, to scrub from messages about it */
    record Passed(String resourceType, String text, ValueRedaction redaction) implements Outcome {
    }

    record Refused(FhirIssue issue) implements Outcome {
    }

    Outcome check(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return refused("structure", "The body is not UTF-8 text");
        }
        if (text.isBlank()) {
            return refused("structure", "The body is empty: expected a FHIR R4 resource in JSON");
        }
        try (JsonParser parser = json.createParser(text)) {
            return read(parser, text);
        } catch (StreamConstraintsException e) {
            return refused("structure", "The body nests JSON deeper than " + MAX_NESTING_DEPTH + " levels");
        } catch (IOException e) {
            return refused("structure", "The body is not well-formed JSON");
        }
    }

    private Outcome read(JsonParser parser, String text) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            parser.skipChildren(); // a malformed array is reported as such, by the IOException
            return refused("structure", "The body is JSON but not an object: a FHIR resource is a JSON object");
        }
        Deque<Set<String>> propertiesOfOpenObjects = new ArrayDeque<>();
        propertiesOfOpenObjects.push(new HashSet<>());
        Set<String> values = new HashSet<>();
        JsonToken resourceTypeToken = null;
        String resourceType = null;
        while (!propertiesOfOpenObjects.isEmpty()) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return refused("structure", "The body is not well-formed JSON");
            }
            switch (token) {
                case START_OBJECT -> propertiesOfOpenObjects.push(new HashSet<>());
                case END_OBJECT -> propertiesOfOpenObjects.pop();
                case FIELD_NAME -> {
                    if (!propertiesOfOpenObjects.peek().add(parser.currentName())) {
                        return refused("structure", "The body repeats a property name within one JSON object");
                    }
                    if (propertiesOfOpenObjects.size() == 1 && "resourceType".equals(parser.currentName())) {
                        resourceTypeToken = parser.nextToken();
                        resourceType = resourceTypeToken == JsonToken.VALUE_STRING ? parser.getText() : null;
                        parser.skipChildren();
                    }
                }
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    if (!namesADefinition(parser.getParsingContext())) {
                        values.add(parser.getText());
                    }
                }
                default -> {
                    // arrays, true, false and null: nothing to check or collect
                }
            }
        }
        if (parser.nextToken() != null) {
            return refused("structure", "The body is not well-formed JSON: more follows the resource");
        }
        if (resourceTypeToken == null) {
            return refused("structure", "The JSON object has no resourceType: it is not a FHIR resource");
        }
        if (resourceType == null) {
            return refused("structure", "The resourceType is not a JSON string");
        }
        if (!resourceTypes.contains(resourceType)) {
            return refused("invalid", "The resourceType is not a FHIR R4 resource type");
        }
        return new Passed(resourceType, text, new ValueRedaction(values));
    }

    /** Whether the value just read is a code system, profile or extension URL, or a resource type. */
    private static boolean namesADefinition(JsonStreamContext context) {
        JsonStreamContext property = context.inArray() ? context.getParent() : context;
        String name = property.getCurrentName();
        if (DEFINITION_PROPERTIES.contains(name)) {
            return true;
        }
        JsonStreamContext container = property.getParent();
        return "url".equals(name) && container != null && container.inArray()
                && container.getParent() != null
                && EXTENSION_PROPERTIES.contains(container.getParent().getCurrentName());
    }

    private static Refused refused(String code, String diagnostics) {
        return new Refused(new FhirIssue("fatal", code, diagnostics, List.of()));
    }
}

package io.healthkey.backend.adapter.outbound.fhir;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Takes a resource's own values out of text about that resource. HAPI's messages quote codes, dates and strings of
 * the resource ({@code Not a valid date format: 'yesterday'}, {@code Unknown code 'http://loinc.org#8867-4'}), and
 * {@link io.healthkey.backend.domain.fhir.FhirIssue} diagnostics must not. Each value is replaced by {@value #MASK}
 * wherever it stands whole, not inside a longer word or number; longer values go first, so a name is masked before a
 * part of it.
 *
 * <p>Limits: values of one character are kept (masking every lone digit would garble counts such as
 * "minimum required = 1"); a value that HAPI rewrites before quoting it (a re-formatted decimal, a fragment of
 * narrative XHTML) is not recognized.
 */
final class ValueRedaction {

    static final String MASK = "***";

    private final List<String> values;

    ValueRedaction(Collection<String> values) {
        this.values = values.stream()
                .filter(value -> value.length() > 1)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    String apply(String text) {
        String result = text;
        for (String value : values) {
            if (result.contains(value)) {
                result = maskWhole(result, value);
            }
        }
        return result;
    }

    private static String maskWhole(String text, String value) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, from)) {
            int end = at + value.length();
            out.append(text, from, at).append(standsWhole(text, at, end) ? MASK : value);
            from = end;
        }
        return out.append(text, from, text.length()).toString();
    }

    private static boolean standsWhole(String text, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(text.codePointBefore(start)))
                && (end == text.length() || !Character.isLetterOrDigit(text.codePointAt(end)));
    }
}

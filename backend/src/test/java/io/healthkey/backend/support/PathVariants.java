package io.healthkey.backend.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The other spellings of a path that an access rule on the raw path would read differently from the router: percent
 * encoding, {@code ;} parameters, double slashes, dot segments, encoded separators, a trailing slash, upper case.
 * Each says what a correct edge must make of it.
 */
public final class PathVariants {

    /** What the edge must answer a variant, compared with the canonical path. */
    public enum Expect {
        /** The router reads it as the canonical route: it must demand exactly the same credential. */
        SAME_ROUTE,
        /** Two parsers could read it differently: refused before routing, 400 {@code REQUEST-0008}. */
        REJECTED,
        /** Another path, which no rule opens: 401 without a credential, 403 {@code AUTH-0013} with one. */
        CLOSED
    }

    /** One spelling of the path, named for the report. */
    public record Variant(String kind, String path, Expect expect) {

        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    private PathVariants() {
    }

    /** The variants of {@code path}, an absolute path of at least two segments such as {@code /api/v1/me}. */
    public static List<Variant> of(String path) {
        int second = path.indexOf('/', 1);
        int last = path.lastIndexOf('/');
        String first = path.substring(1, second);
        String rest = path.substring(second);
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("encoded letter", "/" + encoded(first.charAt(0)) + path.substring(2),
                Expect.SAME_ROUTE));
        variants.add(new Variant("encoded last segment", path.substring(0, last + 1) + encoded(path.charAt(last + 1))
                + path.substring(last + 2), Expect.SAME_ROUTE));
        variants.add(new Variant("';' parameter", "/" + first + ";x" + rest, Expect.REJECTED));
        variants.add(new Variant("';' parameter at the end", path + ";x=1", Expect.REJECTED));
        variants.add(new Variant("encoded ';'", "/" + first + "%3Bx" + rest, Expect.REJECTED));
        variants.add(new Variant("leading '//'", "/" + path, Expect.REJECTED));
        variants.add(new Variant("inner '//'", "/" + first + "/" + rest, Expect.REJECTED));
        variants.add(new Variant("'.' segment", "/" + first + "/." + rest, Expect.REJECTED));
        variants.add(new Variant("'..' segment", "/" + first + "/x/.." + rest, Expect.REJECTED));
        variants.add(new Variant("encoded '..'", "/" + first + "/x/%2e%2e" + rest, Expect.REJECTED));
        variants.add(new Variant("encoded '/'", "/" + first + "%2F" + rest.substring(1), Expect.REJECTED));
        variants.add(new Variant("encoded '\\'", "/" + first + "%5C" + rest.substring(1), Expect.REJECTED));
        variants.add(new Variant("trailing '/'", path + "/", Expect.CLOSED));
        variants.add(new Variant("upper case", "/" + first.toUpperCase(Locale.ROOT) + rest, Expect.CLOSED));
        return variants;
    }

    private static String encoded(char c) {
        return String.format("%%%02X", (int) c);
    }
}

package io.healthkey.protocol.siwe;

import io.healthkey.protocol.ChecksumMismatchException;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.MalformedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Sign-In with Ethereum message (EIP-4361, version 1): what a wallet shows and signs with {@code personal_sign}.
 *
 * <p>Guarantees: every instance satisfies the EIP-4361 ABNF (domain an RFC 3986 authority, address in its EIP-55
 * checksummed form, statement without line breaks, URI and resources RFC 3986 URIs, chain id a positive decimal,
 * nonce at least 8 letters or digits, times RFC 3339); {@link #parse} accepts exactly the texts that {@link #format}
 * produces, so {@code parse(text).format().equals(text)} always holds and a signature over the parsed message is a
 * signature over the text received. It is the format of the npm {@code siwe} package 3.0.0, checked against it.
 *
 * <p>Parsing says nothing about whether the message is acceptable: domain, URI, chain id, nonce and times are the
 * verifier's policy, and the signature is {@link SiweSignatures}' business.
 *
 * @param scheme the scheme of the origin asking for the sign-in ({@code https}), or null when it is left out
 * @param domain the RFC 3986 authority asking for the sign-in ({@code app.example:443}); never empty
 * @param address the account signing in
 * @param statement text the user agrees to, without line breaks; null when there is none ("" is an empty one)
 * @param uri the RFC 3986 URI the sign-in is for
 * @param chainId the EIP-155 chain id the session is bound to
 * @param nonce at least 8 ASCII letters or digits, chosen by the relying party to prevent replay
 * @param issuedAt when the message was made
 * @param expirationTime when the signed message stops being valid; null for none
 * @param notBefore when the signed message becomes valid; null for none
 * @param requestId a system-specific identifier (RFC 3986 {@code *pchar}); null for none
 * @param resources URIs the user wishes to have resolved as part of the sign-in; null for no Resources section,
 *     an empty list for an empty one
 */
public record SiweMessage(String scheme, String domain, EthAddress address, String statement, String uri, long chainId,
        String nonce, SiweTime issuedAt, SiweTime expirationTime, SiweTime notBefore, String requestId,
        List<String> resources) {

    /** The only version of the format, and the text of its Version line. */
    public static final String VERSION = "1";

    private static final String HEADER_SUFFIX = " wants you to sign in with your Ethereum account:";
    private static final String PCT = "%[0-9A-Fa-f]{2}";
    private static final String SUB_DELIMS = "!$&'()*+,;=";
    private static final String UNRESERVED = "A-Za-z0-9\\-._~";
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*");
    private static final Pattern AUTHORITY = Pattern.compile(
            "(?:(?:[" + UNRESERVED + SUB_DELIMS + ":]|" + PCT + ")*@)?"
                    + "(?:\\[[0-9A-Fa-f:.]+]|\\[v[0-9A-Fa-f]+\\.[" + UNRESERVED + SUB_DELIMS + ":]+]"
                    + "|(?:[" + UNRESERVED + SUB_DELIMS + "]|" + PCT + ")+)"
                    + "(?::[0-9]*)?");
    private static final Pattern URI_TEXT = Pattern.compile(
            "[A-Za-z][A-Za-z0-9+.\\-]*:(?:[" + UNRESERVED + SUB_DELIMS + ":/?#\\[\\]@]|" + PCT + ")*");
    private static final Pattern STATEMENT = Pattern.compile("[" + UNRESERVED + SUB_DELIMS + ":/?#\\[\\]@ ]*");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{8,}");
    private static final Pattern REQUEST_ID = Pattern.compile("(?:[" + UNRESERVED + SUB_DELIMS + ":@]|" + PCT + ")*");
    private static final Pattern CHAIN_ID = Pattern.compile("[1-9][0-9]{0,17}");

    /** @throws MalformedEncodingException if a field breaks the EIP-4361 ABNF; {@link ChecksumMismatchException} never */
    public SiweMessage {
        if (scheme != null) {
            require(SCHEME.matcher(scheme).matches(), "scheme", scheme);
        }
        require(domain != null && AUTHORITY.matcher(domain).matches(), "domain", domain);
        Objects.requireNonNull(address, "address");
        if (statement != null) {
            require(STATEMENT.matcher(statement).matches(), "statement", statement);
        }
        requireUri("uri", uri);
        require(chainId > 0, "chain id", Long.toString(chainId));
        require(nonce != null && NONCE.matcher(nonce).matches(), "nonce (8 or more letters and digits)", nonce);
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (requestId != null) {
            require(REQUEST_ID.matcher(requestId).matches(), "request id", requestId);
        }
        if (resources != null) {
            resources = List.copyOf(resources);
            resources.forEach(resource -> requireUri("resource", resource));
        }
    }

    /** A builder with the required fields; the optional ones are absent until set. */
    public static Builder builder(String domain, EthAddress address, String uri, long chainId, String nonce,
            SiweTime issuedAt) {
        return new Builder(domain, address, uri, chainId, nonce, issuedAt);
    }

    /** A builder holding this message's fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(domain, address, uri, chainId, nonce, issuedAt).scheme(scheme).statement(statement)
                .expirationTime(expirationTime).notBefore(notBefore).requestId(requestId).resources(resources);
    }

    /**
     * Parses the text of a message, strictly: LF line breaks, no trailing line break, every field per the ABNF.
     *
     * @throws MalformedEncodingException if the text is not a version 1 message as {@link #format} writes it
     * @throws ChecksumMismatchException if the address has mixed case that fails its EIP-55 checksum
     */
    public static SiweMessage parse(String text) {
        if (text == null) {
            throw new MalformedEncodingException("sign-in message is missing");
        }
        return new Parser(text.split("\n", -1)).message();
    }

    /** The message text to sign, exactly as EIP-4361 lays it out (LF line breaks, none at the end). */
    public String format() {
        StringBuilder out = new StringBuilder();
        if (scheme != null) {
            out.append(scheme).append("://");
        }
        out.append(domain).append(HEADER_SUFFIX).append('\n')
                .append(address).append("\n\n");
        if (statement != null) {
            out.append(statement).append('\n');
        }
        out.append('\n')
                .append("URI: ").append(uri).append('\n')
                .append("Version: ").append(VERSION).append('\n')
                .append("Chain ID: ").append(chainId).append('\n')
                .append("Nonce: ").append(nonce).append('\n')
                .append("Issued At: ").append(issuedAt.text());
        if (expirationTime != null) {
            out.append("\nExpiration Time: ").append(expirationTime.text());
        }
        if (notBefore != null) {
            out.append("\nNot Before: ").append(notBefore.text());
        }
        if (requestId != null) {
            out.append("\nRequest ID: ").append(requestId);
        }
        if (resources != null) {
            out.append("\nResources:");
            resources.forEach(resource -> out.append("\n- ").append(resource));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    private static void require(boolean valid, String field, String value) {
        if (!valid) {
            throw new MalformedEncodingException("sign-in message " + field + " is invalid: "
                    + SiweTime.abbreviate(value));
        }
    }

    private static void requireUri(String field, String value) {
        require(value != null && URI_TEXT.matcher(value).matches(), field, value);
        try {
            new URI(value);
        } catch (URISyntaxException e) {
            require(false, field, value);
        }
    }

    /** Reads the lines of a message in order; each step names the line it expected. */
    private static final class Parser {

        private final String[] lines;
        private int next;

        Parser(String[] lines) {
            this.lines = lines;
        }

        SiweMessage message() {
            String header = line("header");
            if (!header.endsWith(HEADER_SUFFIX)) {
                throw malformed("header must end with \"" + HEADER_SUFFIX.strip() + "\"");
            }
            String origin = header.substring(0, header.length() - HEADER_SUFFIX.length());
            String scheme = null;
            int separator = origin.indexOf("://");
            if (separator >= 0) {
                scheme = origin.substring(0, separator);
                origin = origin.substring(separator + 3);
            }
            String addressText = line("address");
            EthAddress address = EthAddress.parse(addressText);
            if (!address.toString().equals(addressText)) {
                throw new MalformedEncodingException("sign-in message address must be EIP-55 checksummed: "
                        + SiweTime.abbreviate(addressText));
            }
            expectEmpty();
            String statement = null;
            if (!(peek().isEmpty() && next + 1 < lines.length && lines[next + 1].startsWith("URI: "))) {
                statement = line("statement");
            }
            expectEmpty();
            String uri = field("URI: ");
            if (!field("Version: ").equals(VERSION)) {
                throw malformed("Version must be " + VERSION);
            }
            String chainId = field("Chain ID: ");
            if (!CHAIN_ID.matcher(chainId).matches()) {
                throw malformed("Chain ID must be a positive decimal without leading zeros");
            }
            Builder builder = new Builder(origin, address, uri, Long.parseLong(chainId), field("Nonce: "),
                    SiweTime.parse(field("Issued At: "))).scheme(scheme).statement(statement);
            if (optional("Expiration Time: ")) {
                builder.expirationTime(SiweTime.parse(field("Expiration Time: ")));
            }
            if (optional("Not Before: ")) {
                builder.notBefore(SiweTime.parse(field("Not Before: ")));
            }
            if (optional("Request ID: ")) {
                builder.requestId(field("Request ID: "));
            }
            if (optional("Resources:")) {
                if (!line("Resources:").equals("Resources:")) {
                    throw malformed("Resources: must stand alone on its line");
                }
                List<String> resources = new ArrayList<>();
                while (next < lines.length) {
                    resources.add(field("- "));
                }
                builder.resources(resources);
            }
            if (next < lines.length) {
                throw malformed("unexpected text after the last field");
            }
            return builder.build();
        }

        private String peek() {
            return next < lines.length ? lines[next] : "";
        }

        private boolean optional(String prefix) {
            return next < lines.length && lines[next].startsWith(prefix);
        }

        private String line(String what) {
            if (next >= lines.length) {
                throw malformed("ends before its " + what);
            }
            return lines[next++];
        }

        private void expectEmpty() {
            if (!line("blank line").isEmpty()) {
                throw malformed("must be blank");
            }
        }

        private String field(String prefix) {
            String line = line(prefix.strip());
            if (!line.startsWith(prefix)) {
                throw malformed("must start with \"" + prefix + "\"");
            }
            return line.substring(prefix.length());
        }

        private MalformedEncodingException malformed(String why) {
            return new MalformedEncodingException("sign-in message line " + Math.max(1, next) + " " + why);
        }
    }

    /** Collects the fields of a {@link SiweMessage}; {@link #build} checks them. */
    public static final class Builder {

        private final String domain;
        private final EthAddress address;
        private final String uri;
        private final long chainId;
        private final String nonce;
        private final SiweTime issuedAt;
        private String scheme;
        private String statement;
        private SiweTime expirationTime;
        private SiweTime notBefore;
        private String requestId;
        private List<String> resources;

        private Builder(String domain, EthAddress address, String uri, long chainId, String nonce, SiweTime issuedAt) {
            this.domain = domain;
            this.address = address;
            this.uri = uri;
            this.chainId = chainId;
            this.nonce = nonce;
            this.issuedAt = issuedAt;
        }

        public Builder scheme(String scheme) {
            this.scheme = scheme;
            return this;
        }

        public Builder statement(String statement) {
            this.statement = statement;
            return this;
        }

        public Builder expirationTime(SiweTime expirationTime) {
            this.expirationTime = expirationTime;
            return this;
        }

        public Builder notBefore(SiweTime notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder resources(List<String> resources) {
            this.resources = resources;
            return this;
        }

        /** @throws MalformedEncodingException if a field breaks the EIP-4361 ABNF */
        public SiweMessage build() {
            return new SiweMessage(scheme, domain, address, statement, uri, chainId, nonce, issuedAt, expirationTime,
                    notBefore, requestId, resources);
        }
    }
}

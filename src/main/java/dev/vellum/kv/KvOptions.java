package dev.vellum.kv;

import dev.vellum.docstore.Cas;
import dev.vellum.error.VellumException;
import dev.vellum.subdoc.Durability;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of a KV request, from query parameters and {@code If-Match}. {@code conditional}
 * is true when the request names a version to replace ({@code cas}, or null for
 * {@code If-Match: *}, "any version, but it must exist"). Unknown parameters are refused.
 */
record KvOptions(long expirySeconds, Durability durability, boolean conditional, Long cas) {

    static final Set<String> NONE = Set.of();
    static final Set<String> INSERT = Set.of("expiry", "durability");
    static final Set<String> UPSERT = Set.of("expiry", "durability", "cas");
    static final Set<String> REMOVE = Set.of("durability", "cas");

    /** Couchbase's expiry is an unsigned 32-bit count of seconds; we keep to the signed half. */
    static final long MAX_EXPIRY_SECONDS = Integer.MAX_VALUE;
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,10}");

    static KvOptions parse(KvCall call, Set<String> allowed) {
        long expiry = 0;
        Durability durability = null;
        Long cas = null;
        boolean conditional = false;
        for (Map.Entry<String, List<String>> param : call.query().entrySet()) {
            String name = param.getKey();
            if (!allowed.contains(name)) {
                throw invalid(name, "unknown query parameter '" + name + "'"
                        + (allowed.isEmpty() ? "" : "; allowed: " + String.join(", ", allowed.stream().sorted().toList())));
            }
            if (param.getValue().size() != 1) {
                throw invalid(name, "give '" + name + "' once");
            }
            String value = param.getValue().get(0);
            switch (name) {
                case "expiry" -> expiry = expiry(value);
                case "durability" -> durability = Durability.parse(value);
                default -> {
                    cas = Cas.parse(value, "cas");
                    conditional = true;
                }
            }
        }
        String ifMatch = call.ifMatch();
        if (ifMatch != null && allowed.contains("cas")) {
            if (conditional) {
                throw invalid("cas", "give the cas either as If-Match or as ?cas=, not both");
            }
            cas = Cas.parseIfMatch(ifMatch);
            conditional = true;
        }
        return new KvOptions(expiry, durability, conditional, cas);
    }

    private static long expiry(String value) {
        if (!SECONDS.matcher(value).matches() || Long.parseLong(value) > MAX_EXPIRY_SECONDS) {
            throw invalid("expiry", "expiry is a whole number of seconds from 0 (no expiry) to " + MAX_EXPIRY_SECONDS);
        }
        return Long.parseLong(value);
    }

    private static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of("field", field));
    }
}

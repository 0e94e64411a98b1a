package dev.vellum.indexing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** An index's (and its statistics') name: a prefix and a hash of what it is built on, so every instance picks the same. */
final class IndexNames {

    private IndexNames() {
    }

    /** One collection's index: the row of {@code collection_indexes}, and a full-text index's own name. */
    static String of(long projectId, String collection, String specJson) {
        return "vellum_ix_" + hash(projectId + "\n" + collection + "\n" + specJson);
    }

    /** The PostgreSQL index on body fields that every collection of the project with that spec shares. */
    static String shared(long projectId, String specJson) {
        return "vellum_ix_" + hash(projectId + "\n" + specJson);
    }

    /** The statistics on a body path: {@code vellum_st_} and a hash of the path, shared by every collection. */
    static String statistics(List<String> path) {
        return "vellum_st_" + hash(String.join("\u0000", path));
    }

    private static String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

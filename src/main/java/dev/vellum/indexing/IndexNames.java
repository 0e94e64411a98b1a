package dev.vellum.indexing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** An index's name: {@code vellum_ix_} and a hash of project, collection and spec, so every instance picks the same. */
final class IndexNames {

    private IndexNames() {
    }

    static String of(long projectId, String collection, String specJson) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((projectId + "\n" + collection + "\n" + specJson).getBytes(StandardCharsets.UTF_8));
            return "vellum_ix_" + HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.vellum.fence;

import java.util.List;
import java.util.Map;

/**
 * What a fence record holds: the fingerprint of what its key was used for (a retry with another
 * fingerprint is a reused key), and the answer to replay: status, the headers worth replaying and
 * the body bytes.
 */
public record FenceRecord(byte[] fingerprint, int status, Map<String, List<String>> headers, byte[] body) {
}

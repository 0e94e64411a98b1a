package dev.vellum.users;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * New user ids: 32 lowercase hex characters (a UUID4 without hyphens). {@code UUID.randomUUID()}
 * may read {@code /dev/urandom} on an event-loop thread; this DRBG is seeded once at startup and
 * never does I/O afterwards.
 */
@Component
public class UserIds {

    private final SecureRandom random;

    public UserIds() {
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is always available", e);
        }
        random.nextBytes(new byte[16]); // seeds now, on the startup thread
    }

    public String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        return HexFormat.of().formatHex(bytes);
    }
}

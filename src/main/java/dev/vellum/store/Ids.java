package dev.vellum.store;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Random identifiers (document keys, refs, secrets). Uses a DRBG seeded once when this class is
 * loaded at startup: the platform default re-reads /dev/urandom on every call, which is a file
 * read on an event-loop thread.
 */
public final class Ids {

    private static final SecureRandom RANDOM = drbg();

    private Ids() {
    }

    /** A UUID4 as 32 lowercase hex digits, the form of {@code _key}. */
    public static String newKey() {
        byte[] bytes = bytes(16);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        return HexFormat.of().formatHex(bytes);
    }

    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Forces the one-time seeding (call at startup, off the event loop). */
    public static void warmUp() {
        bytes(1);
    }

    private static SecureRandom drbg() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[1]);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("DRBG is part of every Java 9+ runtime", e);
        }
    }
}

package dev.vellum.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.vellum.store.Ids;
import java.util.Base64;

/** Generates API keys and digests them for storage (keys are random, so SHA-256 suffices). */
public final class ApiKeys {

    private ApiKeys() {
    }

    public static String generate(Caller.KeyKind kind) {
        byte[] bytes = Ids.bytes(24);
        String prefix = kind == Caller.KeyKind.SECRET ? "vk_secret_" : "vk_public_";
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static byte[] randomSecret() {
        return Ids.bytes(32);
    }
}

package dev.vellum.auth;

import dev.vellum.redis.RedisScripts;
import java.util.Locale;

/**
 * Redis keys of the signup and login attempt counters. All keys of one project share the hash tag
 * {@code {p<project>}}, so one script can touch several of them on Redis Cluster; emails appear
 * only as SHA-256 of their lowercased form.
 */
public final class AttemptKeys {

    private AttemptKeys() {
    }

    public static String loginEmail(long projectId, String email) {
        return prefix(projectId) + "login:email:" + RedisScripts.sha256(email.toLowerCase(Locale.ROOT));
    }

    /** Failed logins for one email from one address: the lockout a real owner elsewhere never meets. */
    public static String loginEmailAddress(long projectId, String email, String address) {
        return prefix(projectId) + "login:email-ip:" + RedisScripts.sha256(email.toLowerCase(Locale.ROOT)) + ":" + address;
    }

    public static String loginAddress(long projectId, String address) {
        return prefix(projectId) + "login:ip:" + address;
    }

    public static String signupAddress(long projectId, String address) {
        return prefix(projectId) + "signup:ip:" + address;
    }

    private static String prefix(long projectId) {
        return "vellum:{p" + projectId + "}:";
    }
}

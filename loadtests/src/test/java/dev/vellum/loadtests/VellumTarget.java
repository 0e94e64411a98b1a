package dev.vellum.loadtests;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/** The Vellum server under test: a loopback base URL and a secret key, from system properties. */
final class VellumTarget {

    /** Every measured phase runs this long; each simulation stops well inside 30 s. */
    static final Duration MEASURED = Duration.ofSeconds(10);
    /** A short unmeasured phase first, so the server's JIT and pools are warm for the numbers. */
    static final Duration WARM_UP = Duration.ofSeconds(3);
    /** Hard stop for any simulation, whatever happens to the server. */
    static final Duration MAX_DURATION = Duration.ofSeconds(30);
    /** Concurrent virtual users in the throughput simulations (2 shared cores: keep it small). */
    static final int USERS = 8;

    static final String BASE_URL = loopback(System.getProperty("vellum.baseUrl", "http://127.0.0.1:18080"));
    static final String SECRET_KEY = System.getProperty("vellum.secretKey", "vk_secret_demo");

    private VellumTarget() {
    }

    /** JSON in and out, the secret key on every request, warm-up against the server itself (never the internet). */
    static HttpProtocolBuilder protocol() {
        return http.baseUrl(BASE_URL)
                .header("X-Api-Key", SECRET_KEY)
                .contentTypeHeader("application/json")
                .acceptHeader("application/json")
                .warmUp(BASE_URL + "/actuator/health");
    }

    /** A name no earlier run used, for keys and collections ([a-z0-9_], 16 characters). */
    static String runId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Refuses any target but this machine's loopback: load tests never leave 127.0.0.0/8 or [::1]. */
    static String loopback(String baseUrl) {
        String host = URI.create(baseUrl).getHost();
        boolean loopback = host != null
                && (host.equals("localhost") || host.equals("[::1]") || host.matches("127(\\.\\d{1,3}){3}"));
        if (!loopback) {
            throw new IllegalArgumentException("vellum.baseUrl must point at 127.0.0.1 (or localhost, [::1]): " + baseUrl);
        }
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}

package dev.vellum.support;

import dev.vellum.auth.TokenService;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base for tests that go through HTTP against the real server with real PostgreSQL and Redis
 * (embedded by default). All test classes share one application context and data tier, so each
 * test works in collections and users of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    public static final String PUBLIC_KEY = "vk_public_test_key";
    public static final String SECRET_KEY = "vk_secret_test_key";

    @LocalServerPort
    protected int port;

    protected WebTestClient http;

    @Autowired
    private TokenService baseTokens;
    @Autowired
    private DatabaseClient baseDb;

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** A collection name no other test uses. */
    protected static String freshCollection() {
        return "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** An email no other test uses. */
    protected static String freshEmail() {
        return "u_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "@example.com";
    }

    /**
     * A token (token_version 1) for {@code userId}, first creating that app user if it does not
     * exist: the caller filter refuses tokens of users that are not in {@code app_users}.
     */
    protected String userToken(long projectId, String userId) {
        baseDb.sql("insert into app_users (project_id, id, email, password_hash, created_at, updated_at)"
                        + " values ($1, $2, $3, 'not-a-hash', now(), now()) on conflict do nothing")
                .bind(0, projectId).bind(1, userId).bind(2, userId + "@users.test")
                .fetch().rowsUpdated().block();
        return baseTokens.issue(projectId, userId, 1).block();
    }
}

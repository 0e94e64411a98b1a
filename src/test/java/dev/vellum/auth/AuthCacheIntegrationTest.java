package dev.vellum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.VellumApplication;
import dev.vellum.support.IntegrationTest;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Token versions and API keys are cached, so a signed-in request reads neither {@code app_users}
 * nor {@code api_keys}; a revocation on one instance (password change, user deletion, key
 * deletion) is refused by a second instance sharing PostgreSQL and Redis as soon as its
 * notification arrives, and an unknown key is asked of the database once.
 */
class AuthCacheIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String PASSWORD = "correct horse battery";
    /** How long a notification may take to reach the other instance before the test gives up. */
    private static final Duration DELIVERY = Duration.ofSeconds(10);

    private static ConfigurableApplicationContext second;

    @Autowired
    private AuthInvalidations invalidations;
    @Autowired
    private ConnectionFactory connections;
    @Autowired
    private DatabaseClient db;

    private WebTestClient other;

    @BeforeEach
    void instances() {
        http = client(port);
        if (second == null) {
            second = new SpringApplicationBuilder(VellumApplication.class).run("--server.port=0");
        }
        other = client(second.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        AuthInvalidations secondInvalidations = second.getBean(AuthInvalidations.class);
        waitFor(() -> invalidations.live() && secondInvalidations.live(), "both instances hear their notifications");
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void a_signed_in_request_reads_neither_users_nor_keys_once_cached() {
        String token = signup(freshEmail()).get("token").stringValue();
        String collection = freshCollection();
        int status = count(http, token, collection);
        assertThat(status).isNotIn(401, 429).isLessThan(500);
        // with both tables locked against any reader, the request still answers: nothing read them
        withTablesLocked(() -> assertThat(count(http, token, collection)).isEqualTo(status));
    }

    @Test
    void a_password_change_on_one_instance_revokes_the_old_token_on_the_other() {
        String oldToken = signup(freshEmail()).get("token").stringValue();
        assertThat(me(other, oldToken)).isEqualTo(200);
        assertThat(me(http, oldToken)).isEqualTo(200);
        String newToken = JSON.readTree(http.patch().uri("/v1/auth/me").header("X-Api-Key", PUBLIC_KEY)
                        .header("Authorization", "Bearer " + oldToken).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"password\": \"a brand new passphrase\"}")
                        .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody())
                .get("token").stringValue();
        // the instance that made the change refuses the old token at once
        assertThat(me(http, oldToken)).isEqualTo(401);
        waitFor(() -> me(other, oldToken) == 401, "the other instance refuses the old token");
        assertThat(me(other, newToken)).isEqualTo(200);
    }

    @Test
    void a_user_deleted_through_one_instance_is_refused_by_the_other() {
        JsonNode signedUp = signup(freshEmail());
        String token = signedUp.get("token").stringValue();
        String id = signedUp.get("user").get("id").stringValue();
        assertThat(me(other, token)).isEqualTo(200);
        http.delete().uri("/v1/users/" + id).header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isOk();
        assertThat(me(http, token)).isEqualTo(401);
        waitFor(() -> me(other, token) == 401, "the other instance refuses the deleted user's token");
    }

    @Test
    void a_deleted_api_key_is_refused_by_both_instances_and_a_new_one_works_at_once() {
        String key = "vk_secret_cache_" + UUID.randomUUID().toString().replace("-", "");
        long projectId = db.sql("select project_id from api_keys where key_hash = $1").bind(0, ApiKeys.digest(SECRET_KEY))
                .map((row, meta) -> row.get(0, Long.class)).one().block();
        assertThat(count(other, key)).as("unknown so far").isEqualTo(401);
        // the unknown key is in the negative cache of the other instance; adding it tells every instance
        db.sql("insert into api_keys (key_hash, project_id, kind) values ($1, $2, 'secret')")
                .bind(0, ApiKeys.digest(key)).bind(1, projectId).then().block();
        waitFor(() -> count(other, key) == 404, "the other instance accepts the new key");
        assertThat(count(http, key)).isEqualTo(404);
        db.sql("delete from api_keys where key_hash = $1").bind(0, ApiKeys.digest(key)).then().block();
        waitFor(() -> count(http, key) == 401 && count(other, key) == 401, "both instances refuse the deleted key");
    }

    @Test
    void an_unknown_key_reaches_the_database_once() {
        String unknown = "vk_secret_unknown_" + UUID.randomUUID();
        assertThat(count(http, unknown)).isEqualTo(401);
        withTablesLocked(() -> assertThat(count(http, unknown)).isEqualTo(401));
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode signup(String email) {
        byte[] body = http.post().uri("/v1/auth/signup").header("X-Api-Key", PUBLIC_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}")
                .exchange().expectStatus().isCreated().expectBody(byte[].class).returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private static int me(WebTestClient client, String token) {
        return client.get().uri("/v1/auth/me").header("X-Api-Key", PUBLIC_KEY).header("Authorization", "Bearer " + token)
                .exchange().expectBody(byte[].class).returnResult().getStatus().value();
    }

    /** A count with the public key and a user token: reads only the documents table. */
    private static int count(WebTestClient client, String token, String collection) {
        return client.post().uri("/v1/datastore").header("X-Api-Key", PUBLIC_KEY).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"op\": \"collection.count\", \"collection\": \"" + collection + "\", \"match\": {}}")
                .exchange().expectBody(byte[].class).returnResult().getStatus().value();
    }

    /** A count with an API key alone, of a collection that does not exist: 404 once authenticated. */
    private static int count(WebTestClient client, String apiKey) {
        return client.post().uri("/v1/datastore").header("X-Api-Key", apiKey).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"op\": \"collection.count\", \"collection\": \"nothing_here\", \"match\": {}}")
                .exchange().expectBody(byte[].class).returnResult().getStatus().value();
    }

    /**
     * Runs {@code check} while another session holds {@code app_users} and {@code api_keys} in
     * ACCESS EXCLUSIVE mode: any statement reading them waits (and the client's timeout fails it).
     */
    private void withTablesLocked(Runnable check) {
        Connection connection = Mono.from(connections.create()).block();
        try {
            Mono.from(connection.beginTransaction()).block();
            Flux.from(connection.createStatement("lock table app_users, api_keys in access exclusive mode").execute())
                    .flatMap(Result::getRowsUpdated).blockLast();
            WebTestClient patient = http;
            http = http.mutate().responseTimeout(Duration.ofSeconds(10)).build();
            try {
                check.run();
            } finally {
                http = patient;
            }
        } finally {
            Mono.from(connection.rollbackTransaction()).onErrorResume(e -> Mono.empty()).block();
            Mono.from(connection.close()).onErrorResume(e -> Mono.empty()).block();
        }
    }

    private static WebTestClient client(int port) {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static void waitFor(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime() - deadline).as("waiting until " + what).isNegative();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

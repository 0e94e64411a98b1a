package dev.vellum.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.VellumApplication;
import dev.vellum.auth.ApiKeyStore;
import dev.vellum.schema.CollectionSchemas;
import dev.vellum.support.IntegrationTest;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a single-document write sends to PostgreSQL, recorded on the connections of a second
 * server (the same application, its connection factory wrapped by r2dbc-proxy): one statement,
 * and no BEGIN/COMMIT around it, once the collection is known. Writes that must be atomic over
 * several statements (the first insert into a new collection, an Idempotency-Key request) keep
 * their transaction.
 */
class SingleWriteStatementsIntegrationTest extends IntegrationTest {

    private static final List<String> SENT = new CopyOnWriteArrayList<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static ConfigurableApplicationContext server;
    private static WebTestClient client;

    @BeforeAll
    static void startRecordedServer() {
        server = new SpringApplicationBuilder(VellumApplication.class, RecordStatements.class).run("--server.port=0");
        int port = server.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    static void stopRecordedServer() {
        server.close();
    }

    @Test
    void an_insert_into_a_known_collection_is_one_insert_statement_without_a_transaction() {
        String collection = knownCollection();
        List<String> sent = sentBy(() -> datastore("{\"op\": \"collection.insert\", \"collection\": \"" + collection
                + "\", \"data\": {\"name\": \"a\", \"&at\": \"@now()\"}}"));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).startsWith("insert into documents").contains(" values (");
    }

    @Test
    void a_documents_rest_insert_is_one_insert_statement_without_a_transaction() {
        String collection = knownCollection();
        List<String> sent = sentBy(() -> client.post().uri("/v1/collections/" + collection + "/documents")
                .header("X-Api-Key", SECRET_KEY).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": \"b\"}")
                .exchange().expectStatus().isCreated().expectBody(byte[].class).returnResult().getResponseBody());
        assertThat(sent).singleElement().asString().startsWith("insert into documents");
    }

    @Test
    void the_first_insert_into_a_new_collection_creates_it_in_one_transaction_with_the_insert() {
        String collection = freshCollection();
        List<String> sent = sentBy(() -> datastore("{\"op\": \"collection.insert\", \"collection\": \"" + collection
                + "\", \"data\": {\"name\": \"a\"}}"));
        assertThat(sent).hasSize(4);
        assertThat(sent.get(0)).isEqualTo("BEGIN");
        assertThat(sent.get(1)).contains("insert into collections");
        assertThat(sent.get(2)).startsWith("insert into documents");
        assertThat(sent.get(3)).isEqualTo("COMMIT");
    }

    @Test
    void an_update_by_key_and_a_delete_are_one_statement_each() {
        String collection = knownCollection();
        String key = datastore("{\"op\": \"collection.insert\", \"collection\": \"" + collection + "\", \"data\": {\"n\": 1}}")
                .get("data").get(0).get("_key").stringValue();
        List<String> update = sentBy(() -> datastore("{\"op\": \"collection.update\", \"collection\": \"" + collection
                + "\", \"data\": {\"_key\": \"" + key + "\", \"n\": 2}}"));
        assertThat(update).singleElement().asString().startsWith("update documents");
        List<String> delete = sentBy(() -> client.delete().uri("/v1/collections/" + collection + "/documents/" + key)
                .header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isOk().expectBody(byte[].class).returnResult());
        assertThat(delete).singleElement().asString().startsWith("update documents set state = 'deleted'");
    }

    @Test
    void a_counter_and_a_three_path_mutate_in_are_one_statement_each() {
        String collection = knownCollection();
        kv("/v1/kv/" + collection + "/wallet", "{\"balance\": 0}").isCreated();
        List<String> counter = sentBy(() -> kv("/v1/kv/" + collection + "/wallet/mutate_in",
                "{\"specs\": [{\"op\": \"counter\", \"path\": \"balance\", \"delta\": 5}]}").isOk());
        assertThat(counter).singleElement().asString().contains("vellum_mutate_in(");
        List<String> threePaths = sentBy(() -> kv("/v1/kv/" + collection + "/wallet/mutate_in", "{\"specs\": ["
                + "{\"op\": \"upsert\", \"path\": \"a\", \"value\": 1}, {\"op\": \"upsert\", \"path\": \"b\", \"value\": 2},"
                + " {\"op\": \"counter\", \"path\": \"balance\", \"delta\": 1}]}").isOk());
        assertThat(threePaths).singleElement().asString().contains("vellum_mutate_in(");
    }

    @Test
    void an_idempotency_key_insert_keeps_its_transaction() {
        String collection = knownCollection();
        List<String> sent = sentBy(() -> client.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                .header("Idempotency-Key", "once-" + UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"op\": \"collection.insert\", \"collection\": \"" + collection + "\", \"data\": {\"n\": 1}}")
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult());
        assertThat(sent.get(0)).isEqualTo("BEGIN");
        assertThat(sent).anyMatch(statement -> statement.startsWith("insert into documents"));
        assertThat(sent.get(sent.size() - 1)).isEqualTo("COMMIT");
    }

    @Test
    void under_a_schema_an_insert_stays_one_statement_and_a_computed_body_is_checked_inside_a_transaction() {
        String collection = knownCollection();
        long projectId = server.getBean(ApiKeyStore.class).find(SECRET_KEY).block().projectId();
        server.getBean(DatabaseClient.class).sql("update collections set settings = settings || '{\"schema\": {\"type\": \"object\"}}'"
                + " where project_id = $1 and name = $2").bind(0, projectId).bind(1, collection).fetch().rowsUpdated().block();
        server.getBean(CollectionSchemas.class).reload(projectId, collection).block();
        kv("/v1/kv/" + collection + "/wallet", "{\"balance\": 0}").isCreated();

        List<String> insert = sentBy(() -> datastore("{\"op\": \"collection.insert\", \"collection\": \"" + collection
                + "\", \"data\": {\"name\": \"a\"}}"));
        assertThat(insert).singleElement().asString().startsWith("insert into documents");
        List<String> counter = sentBy(() -> kv("/v1/kv/" + collection + "/wallet/mutate_in",
                "{\"specs\": [{\"op\": \"counter\", \"path\": \"balance\", \"delta\": 5}]}").isOk());
        assertThat(counter).hasSize(4);
        assertThat(counter.get(0)).isEqualTo("BEGIN");
        assertThat(counter.get(1)).contains("vellum_mutate_in(");
        assertThat(counter.get(2)).startsWith("select body from documents");
        assertThat(counter.get(3)).isEqualTo("COMMIT");
    }

    /** A collection this server has seen committed: the second insert finds it settled. */
    private static String knownCollection() {
        String collection = freshCollection();
        for (int i = 0; i < 2; i++) {
            datastore("{\"op\": \"collection.insert\", \"collection\": \"" + collection + "\", \"data\": {\"seed\": " + i + "}}");
        }
        return collection;
    }

    private static JsonNode datastore(String body) {
        byte[] answer = client.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        return JSON.readTree(answer);
    }

    private static StatusAssertions kv(String path, String body) {
        return client.post().uri(path).header("X-Api-Key", SECRET_KEY).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus();
    }

    /**
     * The statements (and BEGIN/COMMIT/ROLLBACK) sent while {@code request} ran that touch
     * documents, collections or idempotency records; other statements (the API key, project
     * settings) are not the write's.
     */
    private static List<String> sentBy(Supplier<?> request) {
        SENT.clear();
        request.get();
        List<String> sent = new ArrayList<>();
        for (String statement : SENT) {
            if (statement.equals("BEGIN") || statement.equals("COMMIT") || statement.equals("ROLLBACK")
                    || statement.contains("documents") || statement.contains("collections")
                    || statement.contains("vellum_mutate_in") || statement.contains("fence_records")) {
                sent.add(statement);
            }
        }
        return sent;
    }

    /** Wraps the server's connection factory so every statement and transaction call is recorded in order. */
    static final class RecordStatements implements BeanPostProcessor {

        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
            if (bean instanceof ConnectionFactory pool && bean instanceof Disposable disposable) {
                return new Recorded(pool, disposable);
            }
            return bean;
        }
    }

    private record Recorded(ConnectionFactory pool, Disposable disposable, ConnectionFactory proxy)
            implements ConnectionFactory, Disposable, io.r2dbc.spi.Wrapped<ConnectionFactory> {

        /**
         * The outbox's own work (webhook fan-out and sending, the change horizon, purges, index
         * builds) runs on this server too, whenever anything commits: not the request's statements.
         */
        private static boolean background(String query) {
            return query.contains("webhook_") || query.contains("pg_snapshot_xmin") || query.contains("changes_purged")
                    || query.contains("index_candidates") || query.contains("from changes");
        }

        /** The pool under the recording: what long-lived sessions (LISTEN, index builds) open their own connections from. */
        @Override
        public ConnectionFactory unwrap() {
            return pool;
        }

        Recorded(ConnectionFactory pool, Disposable disposable) {
            this(pool, disposable, ProxyConnectionFactory.builder(pool)
                    .onBeforeMethod(call -> {
                        switch (call.getMethod().getName()) {
                            case "beginTransaction" -> SENT.add("BEGIN");
                            case "commitTransaction" -> SENT.add("COMMIT");
                            case "rollbackTransaction" -> SENT.add("ROLLBACK");
                            default -> { }
                        }
                    })
                    .onBeforeQuery(query -> query.getQueries().stream().map(q -> q.getQuery()).filter(q -> !background(q)).forEach(SENT::add))
                    .build());
        }

        @Override
        public Publisher<? extends Connection> create() {
            return proxy.create();
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return proxy.getMetadata();
        }

        @Override
        public void dispose() {
            disposable.dispose();
        }

        @Override
        public boolean isDisposed() {
            return disposable.isDisposed();
        }
    }
}

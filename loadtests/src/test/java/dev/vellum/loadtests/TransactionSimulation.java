package dev.vellum.loadtests;

import static dev.vellum.loadtests.VellumTarget.MAX_DURATION;
import static dev.vellum.loadtests.VellumTarget.MEASURED;
import static dev.vellum.loadtests.VellumTarget.USERS;
import static dev.vellum.loadtests.VellumTarget.WARM_UP;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.UUID;

/**
 * The cost of exactly-once: {@code POST /v1/transactions} wrapping the same single insert as
 * {@link DatastoreInsertSimulation}, first with a fresh {@code idempotency_key} per request (lock,
 * fenced Postgres transaction, record, cache), then each user repeating one key of its own (after
 * its first run every answer is the replay from Redis).
 */
public class TransactionSimulation extends Simulation {

    private static final String OPERATIONS = "\"operations\": [{\"datastore\": {\"op\": \"collection.insert\","
            + " \"collection\": \"load_tx\", \"data\": " + DatastoreInsertSimulation.DOCUMENT + "}}]";

    /** One transaction under the key held by the session attribute {@code txKey}. */
    private static HttpRequestActionBuilder transaction(String name, boolean replay) {
        return http(name).post("/v1/transactions")
                .body(StringBody("{\"idempotency_key\": \"#{txKey}\", " + OPERATIONS + "}"))
                .check(status().is(200),
                        jsonPath("$.ok").ofBoolean().is(true),
                        jsonPath("$.idempotent").ofBoolean().is(replay),
                        jsonPath("$.result.results[0].status").ofInt().is(200));
    }

    private final String runId = VellumTarget.runId();

    private final ScenarioBuilder warmUp = scenario("warm-up").during(WARM_UP).on(
            exec(session -> session.set("txKey", "load-" + runId + "-" + UUID.randomUUID()))
                    .exec(transaction("warm-up transaction", false)));

    private final ScenarioBuilder freshKeys = scenario("fresh key").during(MEASURED).on(
            exec(session -> session.set("txKey", "load-" + runId + "-" + UUID.randomUUID()))
                    .exec(transaction("transaction (fresh key)", false)));

    private final ScenarioBuilder replays = scenario("replay")
            .exec(session -> session.set("txKey", "load-" + runId + "-replay-" + session.userId()))
            .exec(transaction("transaction (first run of the replayed key)", false))
            .during(MEASURED).on(exec(transaction("transaction (replay)", true)));

    {
        setUp(warmUp.injectOpen(atOnceUsers(USERS))
                .andThen(freshKeys.injectOpen(atOnceUsers(USERS))
                        .andThen(replays.injectOpen(atOnceUsers(USERS)))))
                .protocols(VellumTarget.protocol())
                .maxDuration(MAX_DURATION)
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(2_000));
    }
}

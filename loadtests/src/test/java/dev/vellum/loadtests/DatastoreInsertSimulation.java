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

/**
 * The baseline: {@code collection.insert} of one small document through {@code POST /v1/datastore},
 * {@link VellumTarget#USERS} users back to back for {@link VellumTarget#MEASURED}.
 */
public class DatastoreInsertSimulation extends Simulation {

    /** The same document shape {@link TransactionSimulation} inserts, so the two compare. */
    static final String DOCUMENT = "{\"name\": \"Laptop\", \"price\": 999.99, \"category\": \"electronics\","
            + " \"tags\": [\"computer\"], \"stock\": {\"warehouse\": \"US-WEST-1\", \"count\": 45}}";

    static HttpRequestActionBuilder insert(String name) {
        return http(name).post("/v1/datastore")
                .body(StringBody("{\"op\": \"collection.insert\", \"collection\": \"load_insert\", \"data\": "
                        + DOCUMENT + "}"))
                .check(status().is(200), jsonPath("$.data[0]._key").exists());
    }

    private final ScenarioBuilder warmUp = scenario("warm-up").during(WARM_UP).on(exec(insert("warm-up insert")));
    private final ScenarioBuilder inserts = scenario("insert").during(MEASURED).on(exec(insert("insert")));

    {
        setUp(warmUp.injectOpen(atOnceUsers(USERS))
                .andThen(inserts.injectOpen(atOnceUsers(USERS))))
                .protocols(VellumTarget.protocol())
                .maxDuration(MAX_DURATION)
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(99.0).lt(2_000));
    }
}

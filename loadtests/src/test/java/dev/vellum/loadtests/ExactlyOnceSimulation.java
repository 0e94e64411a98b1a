package dev.vellum.loadtests;

import static dev.vellum.loadtests.VellumTarget.MAX_DURATION;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.crashLoadGeneratorIf;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * 200 virtual users send the SAME transaction (one key, one lock resource: an insert into a fresh
 * collection and a counter -1 on a wallet): every answer must be 200 with {@code ok} or
 * {@code locked}, a locked caller retries into the replay, and afterwards the data must show the
 * operations ran exactly once (one order row, balance -1). Any other result fails the run.
 */
public class ExactlyOnceSimulation extends Simulation {

    private static final int AT_ONCE = 100;
    private static final int RAMPED = 100;
    private static final Duration RAMP = Duration.ofSeconds(3);
    private static final int RETRIES = 3;

    private final String runId = VellumTarget.runId();
    private final String orders = "eo_orders_" + runId;
    private final String wallets = "eo_wallets_" + runId;
    private final String body = "{\"idempotency_key\": \"charge-" + runId + "\", \"lock_resource\": \"wallet:" + runId + "\","
            + " \"operations\": ["
            + "{\"datastore\": {\"op\": \"collection.insert\", \"collection\": \"" + orders + "\","
            + " \"data\": {\"order\": \"" + runId + "\", \"amount\": -1}}},"
            + "{\"mutate_in\": {\"collection\": \"" + wallets + "\", \"key\": \"w\", \"store_semantics\": \"upsert\","
            + " \"specs\": [{\"op\": \"counter\", \"path\": \"balance\", \"delta\": -1}]}}]}";
    private final TransactionOutcomes outcomes = new TransactionOutcomes();

    private ChainBuilder send(String name) {
        return exec(session -> session.remove("ok").remove("idempotent").remove("locked"))
                .exec(http(name).post("/v1/transactions").body(StringBody(body))
                        .check(status().is(200),
                                jmesPath("ok || locked").ofBoolean().is(true),
                                jsonPath("$.ok").ofBoolean().saveAs("ok"),
                                jsonPath("$.idempotent").ofBoolean().saveAs("idempotent"),
                                jsonPath("$.locked").ofBoolean().saveAs("locked")))
                .exec(outcomes::record);
    }

    private static boolean locked(Session session) {
        return session.contains("locked") && session.getBoolean("locked");
    }

    private final ScenarioBuilder sameTransaction = scenario("same transaction")
            .exec(send("transaction"))
            .repeat(RETRIES).on(doIf(ExactlyOnceSimulation::locked).then(
                    pause(Duration.ofSeconds(1)).exec(send("transaction (retry after locked)"))));

    private final ScenarioBuilder verify = scenario("verify")
            .exec(http("verify: order count").post("/v1/datastore")
                    .body(StringBody("{\"op\": \"collection.count\", \"collection\": \"" + orders + "\", \"match\": {}}"))
                    .check(status().is(200), jsonPath("$.data.count").ofInt().is(1)))
            .exec(http("verify: wallet balance").get("/v1/kv/" + wallets + "/w")
                    .check(status().is(200), jsonPath("$.content.balance").ofInt().is(-1)))
            .exec(http("verify: replay afterwards").post("/v1/transactions").body(StringBody(body))
                    .check(status().is(200), jsonPath("$.ok").ofBoolean().is(true),
                            jsonPath("$.idempotent").ofBoolean().is(true)))
            .exec(crashLoadGeneratorIf(session -> "the operations ran " + outcomes.ran() + " times, not once (" + outcomes + ")",
                    session -> outcomes.ran() != 1));

    {
        setUp(sameTransaction.injectOpen(atOnceUsers(AT_ONCE), rampUsers(RAMPED).during(RAMP))
                .andThen(verify.injectOpen(atOnceUsers(1))))
                .protocols(VellumTarget.protocol())
                .maxDuration(MAX_DURATION)
                .assertions(
                        global().failedRequests().count().is(0L),
                        details("verify: order count").successfulRequests().count().is(1L),
                        details("verify: wallet balance").successfulRequests().count().is(1L));
    }

    @Override
    public void after() {
        System.out.println("exactly-once: " + (AT_ONCE + RAMPED) + " users, answers: " + outcomes
                + "; collection " + orders + ", wallet " + wallets + "/w");
    }
}

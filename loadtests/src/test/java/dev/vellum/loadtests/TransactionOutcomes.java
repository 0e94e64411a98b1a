package dev.vellum.loadtests;

import io.gatling.javaapi.core.Session;
import java.util.concurrent.atomic.AtomicInteger;

/** Tallies the outcomes of {@code POST /v1/transactions} answers across all virtual users of one run. */
final class TransactionOutcomes {

    private final AtomicInteger ran = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();
    private final AtomicInteger locked = new AtomicInteger();
    private final AtomicInteger other = new AtomicInteger();

    /** Counts the answer whose {@code ok}, {@code idempotent} and {@code locked} the checks saved. */
    Session record(Session session) {
        if (!session.contains("ok") || !session.contains("idempotent") || !session.contains("locked")) {
            other.incrementAndGet();
        } else if (session.getBoolean("ok")) {
            (session.getBoolean("idempotent") ? replayed : ran).incrementAndGet();
        } else {
            (session.getBoolean("locked") ? locked : other).incrementAndGet();
        }
        return session;
    }

    /** Answers that say the operations ran now (not a replay): exactly-once means exactly one. */
    int ran() {
        return ran.get();
    }

    @Override
    public String toString() {
        return ran + " ran, " + replayed + " replayed, " + locked + " locked, " + other + " other";
    }
}

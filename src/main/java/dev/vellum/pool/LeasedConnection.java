package dev.vellum.pool;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A pooled connection as handed to one borrower. It remembers whether its borrower has given it
 * back, so that a connection abandoned by a cancelled borrower can be given back for it, and a
 * second close is a no-op instead of releasing the same pool slot twice.
 * <p>
 * {@code BEGIN} travels with the transaction's first statement: {@link #beginTransaction()}
 * completes at once and keeps the {@code BEGIN}, and the next statement sends both back to back
 * ({@link LeasedStatement}), one round trip instead of two. r2dbc-postgresql sends a simple query such
 * as {@code BEGIN} without waiting for its answer when the next request is already queued, and
 * PostgreSQL answers in order, so the statement always runs inside the transaction; its results
 * fail with {@code BEGIN}'s error if {@code BEGIN} failed. Anything else that needs the transaction
 * started (savepoints, settings) sends the kept {@code BEGIN} first; commit and rollback with it
 * unsent have nothing to end, and a connection closed with it unsent was never in a transaction.
 * Commit, rollback and close wait until a {@code BEGIN} already sent has its answer.
 */
final class LeasedConnection implements Connection, Wrapped<Connection> {

    private final Connection pooled;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A BEGIN not sent yet: it goes out with the next statement. */
    private final AtomicReference<Mono<Void>> pendingBegin = new AtomicReference<>();
    /** Completes once the BEGIN sent last has its answer (failed or not). */
    private volatile Mono<Void> beginAnswered = Mono.empty();

    LeasedConnection(Connection pooled) {
        this.pooled = pooled;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public Publisher<Void> close() {
        return Mono.defer(() -> {
            pendingBegin.set(null); // never sent: there is no transaction to end
            // a BEGIN still unanswered would leave the connection in a transaction the pool cannot see yet
            return closed.compareAndSet(false, true) ? beginAnswered.then(Mono.from(pooled.close())) : Mono.empty();
        });
    }

    @Override
    public Publisher<Void> beginTransaction() {
        return keep(() -> pooled.beginTransaction());
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
        return keep(() -> pooled.beginTransaction(definition));
    }

    @Override
    public Publisher<Void> commitTransaction() {
        // a transaction that ran no statement changed nothing: its BEGIN need not go out at all
        return Mono.defer(() -> pendingBegin.getAndSet(null) != null ? Mono.empty()
                : beginAnswered.then(Mono.from(pooled.commitTransaction())));
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
        // the driver skips a rollback while it has not seen BEGIN's answer: wait for it
        return Mono.defer(() -> pendingBegin.getAndSet(null) != null ? Mono.empty()
                : beginAnswered.then(Mono.from(pooled.rollbackTransaction())));
    }

    @Override
    public Batch createBatch() {
        if (pendingBegin.get() != null) {
            throw new UnsupportedOperationException("a batch cannot start a transaction here; run a statement first");
        }
        return pooled.createBatch();
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return afterBegin(() -> pooled.createSavepoint(name));
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
        return afterBegin(() -> pooled.releaseSavepoint(name));
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
        return afterBegin(() -> pooled.rollbackTransactionToSavepoint(name));
    }

    @Override
    public Statement createStatement(String sql) {
        return new LeasedStatement(pooled.createStatement(sql), this::sendPendingBegin);
    }

    @Override
    public boolean isAutoCommit() {
        return pendingBegin.get() == null && pooled.isAutoCommit();
    }

    @Override
    public ConnectionMetadata getMetadata() {
        return pooled.getMetadata();
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        return pooled.getTransactionIsolationLevel();
    }

    @Override
    public Publisher<Void> setAutoCommit(boolean autoCommit) {
        return afterBegin(() -> pooled.setAutoCommit(autoCommit));
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
        return afterBegin(() -> pooled.setLockWaitTimeout(timeout));
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
        return afterBegin(() -> pooled.setStatementTimeout(timeout));
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
        return afterBegin(() -> pooled.setTransactionIsolationLevel(level));
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
        return pooled.validate(depth);
    }

    @Override
    public Connection unwrap() {
        return pooled;
    }

    private Mono<Void> keep(Supplier<Publisher<Void>> begin) {
        // a second begin before any statement is ignored, as the driver ignores a BEGIN inside a transaction
        return Mono.fromRunnable(() -> pendingBegin.compareAndSet(null, Mono.defer(() -> Mono.from(begin.get()))));
    }

    /** Sends the kept BEGIN and answers its outcome; null when none is kept. */
    private Mono<Void> sendPendingBegin() {
        Mono<Void> begin = pendingBegin.getAndSet(null);
        return begin == null ? null : send(begin);
    }

    /**
     * Sends {@code begin} now, whoever stays to hear its answer, and remembers when the answer is
     * in: a statement cancelled right after it must not let the connection go back to the pool, or
     * be rolled back, before the driver knows the transaction began (it skips a rollback while it
     * believes the connection idle, and the pool would hand out a connection whose transaction
     * only starts afterwards).
     */
    private Mono<Void> send(Mono<Void> begin) {
        Mono<Void> answer = begin.cache();
        beginAnswered = answer.onErrorResume(failure -> Mono.empty());
        answer.subscribe(null, failure -> { });
        return answer;
    }

    /** {@code action}, after the kept BEGIN if there is one. */
    private Publisher<Void> afterBegin(Supplier<Publisher<Void>> action) {
        return Mono.defer(() -> {
            Mono<Void> begin = pendingBegin.getAndSet(null);
            Mono<Void> then = Mono.defer(() -> Mono.from(action.get()));
            return begin == null ? beginAnswered.then(then) : send(begin).then(then);
        });
    }
}

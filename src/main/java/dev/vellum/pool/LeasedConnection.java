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
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A pooled connection as handed to one borrower. It remembers whether its borrower has given it
 * back, so that a connection abandoned by a cancelled borrower can be given back for it, and a
 * second close is a no-op instead of releasing the same pool slot twice.
 *
 * <p>{@code BEGIN} waits for the transaction's first statement and travels with it: the two are
 * written back to back and answered in one round trip (the driver pipelines requests issued on
 * one connection and answers them in order). Anything else asked of a connection with a
 * pending {@code BEGIN} sends the {@code BEGIN} first and waits for it; a commit or rollback of a
 * transaction that never sent a statement has nothing to end and sends nothing. Until the
 * {@code BEGIN} is sent the server sees an idle connection, so a borrower cancelled in between
 * leaves nothing to roll back.
 */
final class LeasedConnection implements Connection, Wrapped<Connection> {

    private final Connection pooled;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The definition of a {@code BEGIN} not sent yet ({@link #NO_DEFINITION} for a plain one), else null. */
    private final AtomicReference<Object> pendingBegin = new AtomicReference<>();
    private static final Object NO_DEFINITION = new Object();

    LeasedConnection(Connection pooled) {
        this.pooled = pooled;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public Publisher<Void> close() {
        return Mono.defer(() -> {
            pendingBegin.set(null);
            return closed.compareAndSet(false, true) ? Mono.from(pooled.close()) : Mono.empty();
        });
    }

    /** The pending {@code BEGIN}, now sent (empty when there is none); taking it makes it no longer pending. */
    Mono<Void> sendPendingBegin() {
        return Mono.defer(() -> {
            Object definition = pendingBegin.getAndSet(null);
            if (definition == null) {
                return Mono.empty();
            }
            return Mono.from(definition == NO_DEFINITION ? pooled.beginTransaction()
                    : pooled.beginTransaction((TransactionDefinition) definition));
        });
    }

    /** {@code next} after the pending {@code BEGIN} has been answered. */
    private <T> Publisher<T> afterBegin(Publisher<T> next) {
        return sendPendingBegin().thenMany(Flux.defer(() -> next));
    }

    @Override
    public Publisher<Void> beginTransaction() {
        return deferBegin(NO_DEFINITION);
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
        return deferBegin(definition);
    }

    private Mono<Void> deferBegin(Object definition) {
        return Mono.defer(() -> {
            if (!pooled.isAutoCommit() || !pendingBegin.compareAndSet(null, definition)) {
                // already inside a transaction: the driver decides, as without the deferral
                return Mono.from(definition == NO_DEFINITION ? pooled.beginTransaction()
                        : pooled.beginTransaction((TransactionDefinition) definition));
            }
            return Mono.empty();
        });
    }

    @Override
    public Publisher<Void> commitTransaction() {
        return Mono.defer(() -> pendingBegin.getAndSet(null) != null ? Mono.empty() : Mono.from(pooled.commitTransaction()));
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
        return Mono.defer(() -> pendingBegin.getAndSet(null) != null ? Mono.empty() : Mono.from(pooled.rollbackTransaction()));
    }

    @Override
    public Batch createBatch() {
        return new PipelinedBatch(pooled.createBatch(), this);
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return afterBegin(pooled.createSavepoint(name));
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
        return afterBegin(pooled.releaseSavepoint(name));
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
        return afterBegin(pooled.rollbackTransactionToSavepoint(name));
    }

    @Override
    public Statement createStatement(String sql) {
        return new PipelinedStatement(pooled.createStatement(sql), this);
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
        return afterBegin(pooled.setAutoCommit(autoCommit));
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
        return afterBegin(pooled.setLockWaitTimeout(timeout));
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
        return afterBegin(pooled.setStatementTimeout(timeout));
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
        return afterBegin(pooled.setTransactionIsolationLevel(level));
    }

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
        return pooled.validate(depth);
    }

    @Override
    public Connection unwrap() {
        return pooled;
    }
}

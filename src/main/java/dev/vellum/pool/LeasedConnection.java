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
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A pooled connection as handed to one borrower. It remembers whether its borrower has given it
 * back, so that a connection abandoned by a cancelled borrower can be given back for it, and a
 * second close is a no-op instead of releasing the same pool slot twice.
 */
final class LeasedConnection implements Connection, Wrapped<Connection> {

    private final Connection pooled;
    private final AtomicBoolean closed = new AtomicBoolean();

    LeasedConnection(Connection pooled) {
        this.pooled = pooled;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public Publisher<Void> close() {
        return Mono.defer(() -> closed.compareAndSet(false, true) ? Mono.from(pooled.close()) : Mono.empty());
    }

    @Override
    public Publisher<Void> beginTransaction() {
        return pooled.beginTransaction();
    }

    @Override
    public Publisher<Void> beginTransaction(TransactionDefinition definition) {
        return pooled.beginTransaction(definition);
    }

    @Override
    public Publisher<Void> commitTransaction() {
        return pooled.commitTransaction();
    }

    @Override
    public Publisher<Void> rollbackTransaction() {
        return pooled.rollbackTransaction();
    }

    @Override
    public Batch createBatch() {
        return pooled.createBatch();
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
        return pooled.createSavepoint(name);
    }

    @Override
    public Publisher<Void> releaseSavepoint(String name) {
        return pooled.releaseSavepoint(name);
    }

    @Override
    public Publisher<Void> rollbackTransactionToSavepoint(String name) {
        return pooled.rollbackTransactionToSavepoint(name);
    }

    @Override
    public Statement createStatement(String sql) {
        return pooled.createStatement(sql);
    }

    @Override
    public boolean isAutoCommit() {
        return pooled.isAutoCommit();
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
        return pooled.setAutoCommit(autoCommit);
    }

    @Override
    public Publisher<Void> setLockWaitTimeout(Duration timeout) {
        return pooled.setLockWaitTimeout(timeout);
    }

    @Override
    public Publisher<Void> setStatementTimeout(Duration timeout) {
        return pooled.setStatementTimeout(timeout);
    }

    @Override
    public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
        return pooled.setTransactionIsolationLevel(level);
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

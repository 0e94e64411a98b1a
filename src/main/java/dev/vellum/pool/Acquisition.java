package dev.vellum.pool;

import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Takes one connection from the pool and keeps a cancel that arrives after the connection was
 * handed over away from the pool. r2dbc-pool answers such a late cancel by putting the
 * connection straight back into the pool, bypassing its rollback-on-close, while the borrower
 * may still be inside a transaction on it (a cancel during Spring's BEGIN, or its rollback of a
 * cancelled transaction, reaches the pool this way): the next borrower then runs inside that
 * transaction. Here a late cancel goes to {@code abandoned} instead, which gives the connection
 * back properly if its borrower does not.
 */
final class Acquisition extends Mono<Connection> {

    private static final Object WAITING = new Object();
    private static final Object CANCELLED = new Object();

    private final Mono<? extends Connection> pool;
    private final Consumer<LeasedConnection> abandoned;

    Acquisition(Mono<? extends Connection> pool, Consumer<LeasedConnection> abandoned) {
        this.pool = pool;
        this.abandoned = abandoned;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Connection> actual) {
        pool.subscribe(new Borrower(actual, abandoned));
    }

    /** WAITING until the pool answers; then the lease, or CANCELLED if the borrower left first. */
    private static final class Borrower extends AtomicReference<Object> implements CoreSubscriber<Connection>, Subscription {

        private final CoreSubscriber<? super Connection> actual;
        private final Consumer<LeasedConnection> abandoned;
        private Subscription upstream;

        Borrower(CoreSubscriber<? super Connection> actual, Consumer<LeasedConnection> abandoned) {
            super(WAITING);
            this.actual = actual;
            this.abandoned = abandoned;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            upstream = s;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(Connection connection) {
            LeasedConnection lease = new LeasedConnection(connection);
            if (compareAndSet(WAITING, lease)) {
                actual.onNext(lease);
            } else {
                // the borrower left while the pool was answering: nobody else will give it back
                Mono.from(lease.close()).subscribe();
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (get() != CANCELLED) {
                actual.onError(failure);
            }
        }

        @Override
        public void onComplete() {
            if (get() != CANCELLED) {
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            if (compareAndSet(WAITING, CANCELLED)) {
                upstream.cancel();
                return;
            }
            Object state = getAndSet(CANCELLED);
            if (state instanceof LeasedConnection lease) {
                abandoned.accept(lease);
            }
        }
    }
}

package dev.vellum.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

class PgNotificationsIntegrationTest extends IntegrationTest {

    @Autowired
    PgNotifications notifications;
    @Autowired
    DatabaseClient db;

    @Test
    void a_listener_hears_its_channel_and_not_others() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Disposable listening = notifications.listen("test_heard").subscribe(heard::add);
        try {
            awaitListening("test_heard");
            notifications.notify("test_other", "not for you").block();
            notifications.notify("test_heard", "one").block();
            notifications.notify("test_heard", "two").block();
            await(() -> heard.size() >= 2);
            assertThat(heard).containsExactly("one", "two");
        } finally {
            listening.dispose();
        }
    }

    @Test
    void a_notification_sent_inside_a_rolled_back_transaction_is_never_heard() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Disposable listening = notifications.listen("test_rollback").subscribe(heard::add);
        try {
            awaitListening("test_rollback");
            db.inConnection(connection -> Mono.from(connection.beginTransaction())
                            .then(Mono.from(connection.createStatement("select pg_notify('test_rollback', 'lost')")
                                    .execute()).flatMap(result -> Mono.from(result.getRowsUpdated())))
                            .then(Mono.from(connection.rollbackTransaction())))
                    .block();
            notifications.notify("test_rollback", "kept").block();
            await(() -> !heard.isEmpty());
            assertThat(heard).containsExactly("kept");
        } finally {
            listening.dispose();
        }
    }

    @Test
    void listening_resumes_after_its_backend_is_terminated_and_says_so() {
        List<String> heard = new CopyOnWriteArrayList<>();
        List<Long> resumes = new CopyOnWriteArrayList<>();
        Disposable listening = notifications.listen("test_resume").subscribe(heard::add);
        Disposable resumed = notifications.resumed().subscribe(resumes::add);
        try {
            awaitListening("test_resume");
            Integer pid = notifications.listenerPid().block();
            db.sql("select pg_terminate_backend($1)").bind(0, pid).fetch().rowsUpdated().block();
            await(() -> !resumes.isEmpty());
            awaitListening("test_resume");
            notifications.notify("test_resume", "after").block();
            await(() -> heard.contains("after"));
            assertThat(notifications.listenerPid().block()).isNotEqualTo(pid);
        } finally {
            listening.dispose();
            resumed.dispose();
        }
    }

    @Test
    void channel_names_are_plain_identifiers() {
        assertThatThrownBy(() -> notifications.listen("x; drop table documents"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> notifications.notify("Bad-Name", "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Waits until the listening connection has run LISTEN for {@code channel}. */
    private void awaitListening(String channel) {
        await(() -> notifications.listensTo(channel).blockOptional().orElse(false));
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

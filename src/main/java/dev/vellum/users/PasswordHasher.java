package dev.vellum.users;

import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Hashes and checks passwords with bcrypt on its own bounded pool, never on an event-loop thread. */
@Component
public class PasswordHasher implements DisposableBean {

    /** Hashing requests that may wait for a thread; beyond this, callers get 503 rather than pile up. */
    static final int QUEUE = 1_000;

    private final BCryptPasswordEncoder encoder;
    private final Scheduler scheduler;
    /** Checked when the email is unknown, so that case costs as much time as a wrong password. */
    private final String dummyHash;

    @Autowired
    public PasswordHasher(VellumProperties properties) {
        this(properties.auth().bcryptStrength(), properties.auth().hashingThreads());
    }

    PasswordHasher(int strength, int threads) {
        this.encoder = new BCryptPasswordEncoder(strength);
        this.scheduler = Schedulers.newBoundedElastic(threads, QUEUE, "vellum-hash");
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
    }

    public Mono<String> hash(String password) {
        return offLoop(() -> encoder.encode(password));
    }

    public Mono<Boolean> matches(String password, String hash) {
        return offLoop(() -> encoder.matches(password, hash));
    }

    /** Spends a real bcrypt check and always answers false. */
    public Mono<Boolean> matchesNothing(String password) {
        return offLoop(() -> {
            encoder.matches(password, dummyHash);
            return false;
        });
    }

    /** Other password-grade work (key stretching) on the same bounded threads. */
    public <T> Mono<T> offLoop(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, e -> new VellumException(ErrorCode.SERVICE_UNAVAILABLE,
                        "too many sign-ins in progress, retry later"));
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}

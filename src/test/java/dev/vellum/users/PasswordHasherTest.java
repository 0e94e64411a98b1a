package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(4, 2);

    @AfterEach
    void stop() {
        hasher.destroy();
    }

    @Test
    void a_hash_matches_its_password_and_nothing_else() {
        String hash = hasher.hash("correct horse").block();
        assertThat(hash).startsWith("$2a$04$").doesNotContain("correct horse");
        StepVerifier.create(hasher.matches("correct horse", hash)).expectNext(true).verifyComplete();
        StepVerifier.create(hasher.matches("wrong horse", hash)).expectNext(false).verifyComplete();
    }

    @Test
    void the_same_password_hashes_differently_each_time() {
        assertThat(hasher.hash("correct horse").block()).isNotEqualTo(hasher.hash("correct horse").block());
    }

    @Test
    void matches_nothing_is_false_even_for_the_right_password_of_someone_else() {
        StepVerifier.create(hasher.matchesNothing("correct horse")).expectNext(false).verifyComplete();
    }

    @Test
    void hashing_runs_on_the_hashing_pool() {
        AtomicReference<String> thread = new AtomicReference<>();
        hasher.hash("correct horse").doOnNext(hash -> thread.set(Thread.currentThread().getName())).block();
        assertThat(thread.get()).startsWith("vellum-hash");
    }
}

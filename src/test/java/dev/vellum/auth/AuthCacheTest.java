package dev.vellum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounded cache behind token versions and API keys, without I/O. */
class AuthCacheTest {

    @Test
    void holds_at_most_its_size_dropping_the_least_recently_used() {
        AuthCache<Long> cache = new AuthCache<>(2, Duration.ofMinutes(5));
        cache.put(cache.generation(), "a", 1L);
        cache.put(cache.generation(), "b", 2L);
        assertThat(cache.get("a")).isEqualTo(1L);
        cache.put(cache.generation(), "c", 3L);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b")).as("least recently used").isNull();
        assertThat(cache.get("a")).isEqualTo(1L);
        assertThat(cache.get("c")).isEqualTo(3L);
    }

    @Test
    void a_value_read_before_a_removal_is_not_stored_after_it() {
        AuthCache<Long> cache = new AuthCache<>(10, Duration.ofMinutes(5));
        long seen = cache.generation();
        // the revocation commits and is heard while the old version is on its way from the database
        cache.remove("u");
        cache.put(seen, "u", 1L);
        assertThat(cache.get("u")).isNull();
        cache.put(cache.generation(), "u", 2L);
        assertThat(cache.get("u")).isEqualTo(2L);
        seen = cache.generation();
        cache.clear();
        cache.put(seen, "v", 1L);
        assertThat(cache.get("v")).isNull();
    }

    @Test
    void entries_expire_after_the_ttl_and_a_zero_size_or_ttl_stores_nothing() throws InterruptedException {
        AuthCache<Long> shortLived = new AuthCache<>(10, Duration.ofMillis(1));
        shortLived.put(shortLived.generation(), "a", 1L);
        Thread.sleep(5);
        assertThat(shortLived.get("a")).isNull();
        AuthCache<Long> off = new AuthCache<>(0, Duration.ofMinutes(5));
        off.put(off.generation(), "a", 1L);
        assertThat(off.get("a")).isNull();
    }
}

package dev.vellum.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * A bounded, expiring map for the authentication caches: at most {@code maxEntries} (the least
 * recently used goes first) and each entry for at most {@code ttl}. Every removal moves a
 * generation on, and a value read from the database is stored only if no removal happened since
 * the read began ({@link #generation()} then {@link #put}): a revocation that commits while a
 * request is reading the old value can never be overwritten by that old value.
 */
final class AuthCache<V> {

    private record Entry<V>(V value, long expiresAt) {
    }

    private final int maxEntries;
    private final long ttlNanos;
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long generation;

    AuthCache(int maxEntries, java.time.Duration ttl) {
        this.maxEntries = maxEntries;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized V get(String key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAt - System.nanoTime() <= 0) {
            entries.remove(key);
            return null;
        }
        return entry.value;
    }

    /** Taken before reading the value from the database, handed back to {@link #put}. */
    synchronized long generation() {
        return generation;
    }

    /** Stores the value unless something was removed since {@code seen} (or the cache is off). */
    synchronized void put(long seen, String key, V value) {
        if (seen != generation || maxEntries <= 0 || ttlNanos <= 0) {
            return;
        }
        entries.put(key, new Entry<>(value, System.nanoTime() + ttlNanos));
        if (entries.size() > maxEntries) {
            Iterator<String> eldest = entries.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    synchronized void remove(String key) {
        generation++;
        entries.remove(key);
    }

    synchronized void clear() {
        generation++;
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}
